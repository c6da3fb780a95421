#!/usr/bin/env bash
# scripts/load-test.sh soak: mixed traffic (verify, introspect, list, create+revoke) through nginx
# against two nodes on MariaDB (scripts/cluster.sh serve) for SOAK_DURATION seconds (default 600),
# then errors, p50/p99 per operation and each node's RSS at start and end (scripts/soak.py).
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK=${SOAK_DURATION:-600}
export LB_PORT=${LB_PORT:-18090}
# the soak measures the nodes, not the per-caller limits: its one token introspects about 45 times a
# second, above latchkey.rate-limits.introspection (600 a minute per caller per node), which would
# answer 429 (a first 10-minute run counted 15,563 of them as errors)
export LATCHKEY_RATE_LIMITS_ENABLED=${LATCHKEY_RATE_LIMITS_ENABLED:-false}
LOG=$(mktemp)
DURATION=$((SOAK + 600)) scripts/cluster.sh serve >"$LOG" 2>&1 &
CLUSTER=$!
trap 'kill $CLUSTER 2>/dev/null || true; wait $CLUSTER 2>/dev/null || true; rm -f "$LOG"' EXIT
deadline=$((SECONDS + 240))
until grep -q "serving for" "$LOG"; do
  kill -0 $CLUSTER 2>/dev/null || { cat "$LOG"; exit 1; }
  (( SECONDS < deadline )) || { echo "the cluster did not come up" >&2; cat "$LOG"; exit 1; }
  sleep 1
done
pids=$(sed -n 's/^\[cluster\] node . pid \([0-9]*\)$/\1/p' "$LOG")
python3 scripts/soak.py "http://127.0.0.1:$LB_PORT" "$SOAK" $pids
