#!/usr/bin/env bash
# Similar-papers QPS on the demo corpus with the request log (logger paperrec.requests) on and off,
# alternating rounds in one run, so that the machine's noise hits both alike.
# Usage: bench/scripts/request-log-ab.sh [JAR] [ROUNDS]   (needs wrk: apt-get install wrk)
set -euo pipefail
JAR=${1:-server/target/paperrec.jar}
ROUNDS=${2:-3}
PORT=7171
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data
URL="http://127.0.0.1:$PORT/v1/papers/2501.06842/similar?limit=10"

run() { # label, extra JVM flag
  PAPERREC_RATE_QUERIES=0 java -Xmx1g $2 -jar "$JAR" serve --data "$DATA" --port $PORT > "$WORK/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do sleep 1; curl -s "127.0.0.1:$PORT/health" | grep -q ready && break; done
  wrk -t2 -c8 -d5s "$URL" > /dev/null # warm-up
  local r
  r=$(wrk -t2 -c8 -d15s --latency "$URL")
  echo "$1 $(echo "$r" | awk '/Requests\/sec/{print $2}') req/s, p50 $(echo "$r" | awk '/ 50%/{print $2}'), p99 $(echo "$r" | awk '/ 99%/{print $2}')"
  kill $pid
  wait $pid 2>/dev/null || true
}

for _ in $(seq 1 "$ROUNDS"); do
  run "log on: " ""
  run "log off:" "-Dorg.slf4j.simpleLogger.log.paperrec.requests=warn"
done
