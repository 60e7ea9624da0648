#!/usr/bin/env bash
# The long fuzz run of docs/RELIABILITY.md (issue 10, point 5): the *FuzzTest properties with raised
# jqwik tries, one Maven run per group, in order. Writes fuzz-<group>.log files into the current folder.
# Usage, from the repository root:  bash bench/fuzz.sh [ids_tries] [readers_tries] [bodies_tries]  (0 skips)
set -euo pipefail
IDS=${1:-100000}        # per property: PaperIdsFuzzTest has 3
READERS=${2:-50000}     # per property: CorpusReadersFuzzTest has 7, TransferFormatsFuzzTest 2
BODIES=${3:-150000}     # JsonBodiesFuzzTest, through a real server
run() {
  local name=$1 tries=$2 module=$3 tests=$4
  if [ "$tries" = 0 ]; then return; fi # 0 skips a group, so that groups can run in separate copies
  local start=$(date +%s)
  echo "== $name: $tests, $tries tries per property, started $(date -u +%FT%TZ)"
  mvn -o -pl "$module" -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$tests" \
      -Djqwik.tries.default="$tries" test > "fuzz-$name.log" 2>&1 || echo "== $name: FAILED, see fuzz-$name.log"
  echo "== $name: $(( $(date +%s) - start )) s; $(grep -a -c '^tries = ' "fuzz-$name.log") properties reported"
  grep -a -E '^(tries|checks) = |Tests run: .*Fail' "fuzz-$name.log" | sed 's/|.*//' | paste -sd' ' -
}
run ids "$IDS" store PaperIdsFuzzTest
run readers "$READERS" server 'CorpusReadersFuzzTest,TransferFormatsFuzzTest'
run bodies "$BODIES" server JsonBodiesFuzzTest
