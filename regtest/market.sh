#!/usr/bin/env bash
# The first thing to run: starts the local regtest market (regtest/up.sh: chain, alice, bob, arbitrator, funded
# wallets, bob's offers and listings), opens the terminal front-end as alice, and stops everything when you quit it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

trap '"$REPO/regtest/down.sh" >/dev/null' EXIT
"$REPO/regtest/up.sh"
tradenode tui --datadir "$MARKET/alice"
