#!/bin/bash
# Similar-papers QPS of one data folder: starts `paperrec serve` on it, waits for "ready", warms
# up for 5 s, then runs wrk for 15 s over the similar-papers paths the end-to-end runner wrote.
# Run two folders (or two JVMs) in turn, repeated, and compare within a repetition.
#
#   bench/scripts/similar-qps.sh DATA PORT JAVA PATHS [JVM flags...]
#   e.g. bench/scripts/similar-qps.sh bench/target/e2e/data-100000 18101 java \
#          bench/target/e2e/similar-paths-100000.txt
set -euo pipefail
DATA=$1; PORT=$2; JAVA=$3; PATHS=$4; shift 4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LUA=$(dirname "$PATHS")/cycle-paths.lua
# wrk saturates the server from one address: the rate limits (20 queries a second by default) are off.
PAPERREC_RATE_QUERIES=0 PAPERREC_RATE_WRITES=0 PAPERREC_RATE_SIGNUPS=0 PAPERREC_RATE_ADMIN_FAILURES=0 \
  "$JAVA" -Xmx2g "$@" -jar "$ROOT/server/target/paperrec.jar" serve --data "$DATA" --port "$PORT" \
  > "${TMPDIR:-/tmp}/similar-qps-$PORT.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 3000); do
  curl -s "localhost:$PORT/health" | grep -q '"ready"' && break
  sleep 0.2
done
wrk -t2 -c8 -d5s -s "$LUA" "http://127.0.0.1:$PORT" -- "$PATHS" > /dev/null
wrk -t2 -c8 -d15s --latency -s "$LUA" "http://127.0.0.1:$PORT" -- "$PATHS" | grep -E "Requests/sec|50%|99%"
