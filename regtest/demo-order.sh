#!/usr/bin/env bash
# A goods order through the CLI on the market regtest/up.sh started: alice buys bob's Raspberry Pi listing (paying
# price + shipping into a 2-of-3 escrow with the arbitrator), bob accepts and marks it fulfilled, alice confirms
# receipt, bob co-signs and broadcasts the payout, and both see the order COMPLETED. The chain mines every 2 s.
# Prints each step; exits non-zero if a step fails or does not happen within its deadline.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ALICE="$MARKET/alice"
BOB="$MARKET/bob"
DEADLINE="${TRADENODE_DEMO_DEADLINE:-120}"

# The value of the first "field": "value" pair named $1 in the one-line JSON on stdin.
json_field() { grep -o "\"$1\": \"[^\"]*\"" | head -n 1 | sed 's/.*: "\(.*\)"/\1/'; }

# Waits until order $2 on node directory $1 is in state $3 (ORDER_STATE_...); fails if it closes in another state.
wait_state() {
  local dir="$1" id="$2" want="$3" state="" i
  for ((i = 0; i < DEADLINE * 2; i++)); do
    state="$(tradenode orders get "$id" --datadir "$dir" --json 2>/dev/null | json_field state || true)"
    [[ "$state" == "$want" ]] && return 0
    case "$state" in
      ORDER_STATE_REFUSED | ORDER_STATE_FAILED | ORDER_STATE_DECLINED | ORDER_STATE_REFUNDED)
        echo "The order ended $state:" >&2
        tradenode orders get "$id" --datadir "$dir" >&2
        return 1
        ;;
    esac
    sleep 0.5
  done
  echo "Timed out after ${DEADLINE}s waiting for order $id to be $want on $(basename "$dir") (it is ${state:-unknown})." >&2
  return 1
}

step() { printf '\n== %s\n' "$*"; }

step "alice finds bob's listing"
listing="$(tradenode listings search --datadir "$ALICE" --text "Raspberry" --json | json_field listingId)"
if [[ -z "$listing" ]]; then
  echo "alice does not know bob's Raspberry Pi listing; is the market up (regtest/up.sh)?" >&2
  exit 1
fi
tradenode listings get "$listing" --datadir "$ALICE"

step "alice orders 1 unit with standard shipping: price + shipping go into the escrow"
id="$(tradenode orders place "$listing" --quantity 1 --shipping Standard --address "Alice Example, 1 Main St, 10115 Berlin, DE" \
  --note "demo order" --datadir "$ALICE" --json | json_field orderId)"
[[ -n "$id" ]] || { echo "The order was not placed." >&2; exit 1; }
tradenode orders get "$id" --datadir "$ALICE"

step "bob's node receives and checks the order"
wait_state "$BOB" "$id" ORDER_STATE_FUNDED
tradenode orders list --open --role vendor --datadir "$BOB"

step "bob accepts"
tradenode orders accept "$id" --datadir "$BOB"
wait_state "$ALICE" "$id" ORDER_STATE_ACCEPTED

step "bob ships once the funding is confirmed, with a tracking note"
for ((i = 0; ; i++)); do
  if tradenode orders get "$id" --datadir "$BOB" --json | grep -q '"fundingConfirmed": true'; then
    break
  fi
  ((i < DEADLINE * 2)) || { echo "The funding did not confirm within ${DEADLINE}s." >&2; exit 1; }
  sleep 0.5
done
tradenode orders fulfil "$id" --note "DHL 00340434161094042557" --datadir "$BOB"
wait_state "$ALICE" "$id" ORDER_STATE_FULFILLED

step "alice confirms receipt: she signs the payout to bob, bob's node co-signs and broadcasts it"
tradenode orders confirm-receipt "$id" --datadir "$ALICE"
wait_state "$BOB" "$id" ORDER_STATE_COMPLETED
wait_state "$ALICE" "$id" ORDER_STATE_COMPLETED

step "completed"
tradenode orders get "$id" --datadir "$BOB"
