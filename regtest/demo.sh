#!/usr/bin/env bash
# A full currency trade through the CLI on the market regtest/up.sh started: alice takes one of bob's sell offers,
# bob (the seller) confirms the payment, and the payout lands. Each step prints the command and the resulting state;
# balances are shown before and after. Then runs regtest/demo-order.sh when it exists. Needs jq.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ALICE="$MARKET/alice"
BOB="$MARKET/bob"

run() {
  echo "\$ tradenode $*" >&2
  tradenode "$@"
}

state() { tradenode trades get "$2" --json --datadir "$1" | jq -r .state; }

# Waits up to 120 s until the trade on node dir $1 is in state $3 (or later: COMPLETED ends every wait).
wait_state() {
  local dir="$1" id="$2" want="$3" now i
  for ((i = 0; i < 1200; i++)); do
    now="$(state "$dir" "$id" 2>/dev/null || true)"
    if [[ "$now" == "$want" || "$now" == "TRADE_STATE_COMPLETED" ]]; then
      echo "  $(basename "$dir"): $now"
      return 0
    fi
    sleep 0.1
  done
  echo "Timed out waiting for $want on $(basename "$dir") (now $now)" >&2
  exit 1
}

balances() {
  for dir in "$ALICE" "$BOB"; do
    echo "  $(basename "$dir"): $(tradenode wallet balance --json --datadir "$dir" | jq -c '{confirmedSats, unconfirmedSats, reservedSats}')"
  done
}

echo "Balances before:"
balances

offer="$(run offers list --json --datadir "$ALICE" | jq -r '[.offers[] | select(.direction == "OFFER_DIRECTION_SELL")][0]')"
offer_id="$(jq -r .offerId <<<"$offer")"
amount="$(jq -r .amountSats <<<"$offer")"
arbitrator="$(jq -r '.arbitratorNodeIds[0]' <<<"$offer")"
echo "Alice takes bob's sell offer $offer_id for $amount sats"

id="$(run trades take "$offer_id" --amount "$amount" --arbitrator "$arbitrator" --payment-account "IBAN DE89 3704 0044 0532 0130 00 (alice)" --json --datadir "$ALICE" | jq -r '.tradeId // .trade.tradeId')"
echo "  trade $id: $(state "$ALICE" "$id")"

echo "The deposit is built, signed by both and mined (the chain mines every 2 s):"
wait_state "$ALICE" "$id" TRADE_STATE_DEPOSIT_CONFIRMED
wait_state "$BOB" "$id" TRADE_STATE_DEPOSIT_CONFIRMED

echo "Alice pays bob in fiat and says so:"
run trades payment-sent "$id" --datadir "$ALICE" >/dev/null
wait_state "$BOB" "$id" TRADE_STATE_PAYMENT_SENT

echo "Bob sees the money arrive and confirms; the payout is signed by both and broadcast:"
run trades payment-received "$id" --datadir "$BOB" >/dev/null
wait_state "$ALICE" "$id" TRADE_STATE_COMPLETED
wait_state "$BOB" "$id" TRADE_STATE_COMPLETED

echo "Balances after:"
balances

echo
echo "Now a goods order: alice buys one of bob's listings."
"$REPO/regtest/demo-order.sh"
