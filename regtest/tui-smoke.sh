#!/usr/bin/env bash
# Smoke test of the terminal front-end as a user drives it: starts the regtest market (regtest/up.sh), runs
# `tradenode tui` as alice inside tmux at 100x30, takes bob's SEPA sell offer with keystrokes and walks the trade to
# COMPLETED (bob's side through the CLI: `tradenode trades payment-received`). Each step's screen is captured into
# regtest/.smoke/NN-step.txt; the script stops everything and exits non-zero when a step's expected text is missing.
# Its market lives in regtest/.smoke/market, fresh on every run (a taken offer is gone from a reused market); it uses
# up.sh's ports, so stop a running market (regtest/down.sh) first.
SMOKE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.smoke"
rm -rf "$SMOKE"
mkdir -p "$SMOKE"
export TRADENODE_MARKET_DIR="$SMOKE/market"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TMUX_BIN="${TMUX_BIN:-/usr/bin/tmux}"
SOCKET="tradenode-smoke-$$"
SESSION="alice"
tmux_() { "$TMUX_BIN" -L "$SOCKET" "$@"; }

cleanup() {
  tmux_ kill-server 2>/dev/null || true
  "$REPO/regtest/down.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT

step=0

# capture NAME: writes the pane as it is now into NN-NAME.txt.
capture() {
  step=$((step + 1))
  tmux_ capture-pane -p -t "$SESSION" >"$SMOKE/$(printf '%02d' "$step")-$1.txt"
}

# expect NAME TEXT [SECONDS]: waits until the pane shows TEXT (fixed string), then captures it as step NAME; on
# timeout captures what is there, says which step failed and exits 1.
expect() {
  local name="$1" text="$2" seconds="${3:-30}" i
  for ((i = 0; i < seconds * 4; i++)); do
    if tmux_ capture-pane -p -t "$SESSION" 2>/dev/null | grep -qF -- "$text"; then
      capture "$name"
      echo "ok   $(printf '%02d' "$step") $name"
      return 0
    fi
    sleep 0.25
  done
  capture "$name"
  echo "FAIL $(printf '%02d' "$step") $name: '$text' not on screen after ${seconds}s; see $SMOKE/$(printf '%02d' "$step")-$name.txt" >&2
  exit 1
}

keys() { tmux_ send-keys -t "$SESSION" "$@"; }
type_text() { tmux_ send-keys -t "$SESSION" -l "$1"; }

"$REPO/regtest/up.sh"
tmux_ new-session -d -s "$SESSION" -x 100 -y 30 "dotnet '$BIN/tradenode.dll' tui --datadir '$MARKET/alice'"

# The market: bob's offers sorted by price; the second row is his SEPA sell offer.
expect market "62000 EUR" 60
keys Down Enter
expect offer "SELL bitcoin at 62000 EUR per BTC"
grep -qF "Payment method: SEPA" "$SMOKE/$(printf '%02d' "$step")-offer.txt" || { echo "FAIL: the selected offer is not the SEPA one" >&2; exit 1; }

# Take: 0.01 BTC, alice's account; Review shows the totals; Confirm takes.
keys Enter
expect take-form "Amount BTC:"
keys End
for _ in $(seq 20); do keys BSpace; done
type_text "0.01"
keys Tab Tab
type_text "IBAN FR76 3000 6000 0112 3456 7890 189 (alice)"
keys Tab Enter
expect review "You BUY 0.01000000 BTC and pay 620"
keys Enter
expect trade-started "You BUY 0.01000000 BTC for 620" 30

# The chain mines every 2 s while transactions wait: the deposit confirms and alice may say she paid.
expect deposit-confirmed "⟦ Payment sent ⟧" 120
trade_id="$(tmux_ capture-pane -p -t "$SESSION" | sed -n 's/^Trade \([0-9a-f]\{16,\}\).*/\1/p' | head -n 1)"
[[ -n "$trade_id" ]] || { echo "FAIL: no trade id on the trade screen" >&2; exit 1; }
keys Enter
expect confirm-payment-sent "⟦ Yes, sent ⟧"
keys Enter
expect payment-sent "Waiting for the seller to confirm the payment" 60

# Bob confirms the payment through the CLI (once his node has heard of it).
for ((i = 0; i < 120; i++)); do
  if tradenode trades payment-received "$trade_id" --datadir "$MARKET/bob" >"$SMOKE/bob-payment-received.txt" 2>&1; then
    break
  fi
  sleep 0.5
done
grep -q . "$SMOKE/bob-payment-received.txt" || true
expect completed "✓ Completed" 120
expect completed-next "Completed — Done" 10

# Back to the list, then quit.
keys Enter
expect trades-list "Your trades." 10
keys F10
for ((i = 0; i < 40; i++)); do
  tmux_ has-session -t "$SESSION" 2>/dev/null || break
  sleep 0.25
done
echo "tui-smoke: all $step steps showed their expected text; screens in $SMOKE"
