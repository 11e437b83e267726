#!/usr/bin/env bash
# Starts a local regtest market: the embedded chain (mining every 2 s while transactions wait) and three nodes,
# alice, bob and arbitrator, each with a funded wallet; the arbitrator registers itself, bob publishes sample offers
# and listings. Everything lives under .regtest/ (override with TRADENODE_MARKET_DIR). Stop it with regtest/down.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mkdir -p "$MARKET"
echo "Building tradenode into $BIN ..."
dotnet build "$REPO/src/TradeNode" -c Release -o "$BIN" -v q -nologo >"$MARKET/build.log" 2>&1 || { cat "$MARKET/build.log" >&2; exit 1; }

if [[ -f "$MARKET/chain.pid" ]] && kill -0 "$(cat "$MARKET/chain.pid")" 2>/dev/null; then
  echo "The market is already running (regtest/down.sh stops it)." >&2
  exit 1
fi

rm -f "$MARKET/chain/.cookie"
start_background "$MARKET/chain.log" "$MARKET/chain.pid" chain --datadir "$MARKET/chain" --rpcport "$CHAIN_PORT" --automine 2s
wait_for_file "$MARKET/chain/.cookie" 30
echo "chain      JSON-RPC http://127.0.0.1:$CHAIN_PORT  (cookie $MARKET/chain/.cookie)"

seed=""
for node in "${NODES[@]}"; do
  read -r name p2p api <<<"$node"
  dir="$MARKET/$name"
  mkdir -p "$dir"
  rm -f "$dir/api.address"
  start_background "$MARKET/$name.log" "$MARKET/$name.pid" node --datadir "$dir" --name "$name" \
    --p2p-port "$p2p" --api-port "$api" --chain rpc --rpc-url "http://127.0.0.1:$CHAIN_PORT" \
    --rpc-cookie "$MARKET/chain/.cookie" ${seed:+--seed-peer "$seed"}
  seed="${seed:-127.0.0.1:$p2p}"
done

for node in "${NODES[@]}"; do
  read -r name p2p api <<<"$node"
  dir="$MARKET/$name"
  wait_for_file "$dir/api.address" 30
  if ! tradenode wallet status --datadir "$dir" --json | grep -q '"exists": true'; then
    echo "$PASSWORD" | tradenode wallet create --datadir "$dir" --password-stdin >"$dir/mnemonic.txt"
  fi
  echo "$PASSWORD" | tradenode wallet unlock --datadir "$dir" --password-stdin --timeout 12h >/dev/null
  tradenode wallet fund --datadir "$dir" >/dev/null
  echo "$name $(printf '%*s' $((10 - ${#name})) '') P2P 127.0.0.1:$p2p  API $(cat "$dir/api.address")  data $dir"
done

arbitrator_id="$(tradenode node info --datadir "$MARKET/arbitrator" --json | sed -n 's/.*"nodeId": "\([^"]*\)".*/\1/p')"
tradenode arbitrators register --datadir "$MARKET/arbitrator" --name "Arbitrator" --fee 1 --language en \
  --description "Regtest arbitrator: answers within minutes." >/dev/null

bob="$MARKET/bob"
# Samples once: a market started again on the same directory keeps (and refreshes) what bob published before.
if tradenode offers mine --datadir "$bob" --json | grep -q '"totalCount": 0'; then
  tradenode offers create --datadir "$bob" --direction sell --amount 0.05btc --min-amount 0.01btc --price 62000.00 \
    --currency EUR --payment-method SEPA --arbitrator "$arbitrator_id" >/dev/null
  tradenode offers create --datadir "$bob" --direction buy --amount 0.02btc --price 61500.00 \
    --currency EUR --payment-method REVOLUT --arbitrator "$arbitrator_id" >/dev/null
  tradenode offers create --datadir "$bob" --direction sell --amount 0.1btc --min-amount 0.02btc --price 68000.00 \
    --currency USD --payment-method ZELLE --arbitrator "$arbitrator_id" >/dev/null
  tradenode listings create --datadir "$bob" --title "Raspberry Pi 5, 8 GB" --description "Unused, in the original box." \
    --tag electronics --tag computers --condition new --price 0.0012btc --quantity 3 \
    --shipping "Standard:DE,AT,CH:15000" --shipping "World:WORLD:40000" --arbitrator "$arbitrator_id" >/dev/null
  tradenode listings create --datadir "$bob" --title "Hand-made leather wallet" --description "Vegetable-tanned, stitched by hand." \
    --tag leather --tag handmade --condition new --price 45.00EUR --quantity 10 \
    --shipping "Standard:WORLD:5.00EUR" --arbitrator "$arbitrator_id" >/dev/null
fi

echo
echo "Market up: bob's offers and listings are published; the arbitrator is $arbitrator_id."
echo "Try:  dotnet $BIN/tradenode.dll offers list --datadir $MARKET/alice"
echo "Stop: regtest/down.sh"
