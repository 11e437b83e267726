#!/usr/bin/env bash
# Stops everything regtest/up.sh started (nodes first, then the chain), gracefully, and waits for each to exit.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stop() {
  local pidfile="$MARKET/$1.pid" pid i
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for ((i = 0; i < 150; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$1 did not stop within 15 s; killing it." >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$pidfile"
  echo "stopped $1"
}

for node in "${NODES[@]}"; do
  read -r name _ <<<"$node"
  stop "$name"
done
stop chain
