# Shared by the regtest scripts: where things live and how to run the built `tradenode`.
# shellcheck shell=bash
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MARKET="${TRADENODE_MARKET_DIR:-$REPO/.regtest}"
BIN="$MARKET/bin"
CHAIN_PORT="${TRADENODE_CHAIN_PORT:-18443}"
PASSWORD="regtest-password"

# name p2p-port api-port
NODES=("alice 18745 18746" "bob 18755 18756" "arbitrator 18765 18766")

tradenode() { dotnet "$BIN/tradenode.dll" "$@"; }

# Starts tradenode in the background with its output in $1 and records its pid in $2 (the dotnet process itself, so
# that down.sh can signal it).
start_background() {
  local log="$1" pidfile="$2"
  shift 2
  dotnet "$BIN/tradenode.dll" "$@" >"$log" 2>&1 &
  echo $! >"$pidfile"
}

# Waits up to $2 seconds for file $1 to exist.
wait_for_file() {
  local file="$1" seconds="$2" i
  for ((i = 0; i < seconds * 10; i++)); do
    [[ -s "$file" ]] && return 0
    sleep 0.1
  done
  echo "Timed out after ${seconds}s waiting for $file; see the logs in $MARKET." >&2
  return 1
}
