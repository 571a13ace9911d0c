#!/usr/bin/env bash
# The heap under the largest uploads the API accepts (26,000 rows, 19.9 MB of DMN): starts Marshrut with the README's
# JVM options and the 1,000-row table, then
#   1. uploads the largest table UPLOADS times one after the other (the first one activated), printing after each
#      its status and the live heap (`jcmd GC.class_histogram`, which collects first);
#   2. under the routing load (wrk, 16 connections, 40 s), sends AT_ONCE more of them at the same moment, printing
#      their statuses and the routing run's result (by default one of the largest is worked on at a time; raise
#      marshrut.rulesets.source-budget-bytes, upload-budget-bytes and upload-share-bytes in JAVA_OPTS to measure more).
# Fails (exit 1) if an upload is answered with any 5xx but 503 (the compile budget's refusal), if a routing request
# fails, or if the service logged an OutOfMemoryError. Usage: bench/upload-bench.sh [--smoke]
# Environment: APP (a quarkus-app directory, default target/quarkus-app), JAVA_OPTS (default the README's
# -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3), UPLOADS (10), AT_ONCE (4), UPLOAD_BENCH_PORT (18196).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target/upload-bench
TABLES=$ROOT/bench/target/http-bench
APP=${APP:-$ROOT/target/quarkus-app}
PORT=${UPLOAD_BENCH_PORT:-18196}
UPLOADS=${UPLOADS:-10}; AT_ONCE=${AT_ONCE:-4}; LOAD=40
if [ "${1:-}" = "--smoke" ]; then UPLOADS=1; AT_ONCE=2; LOAD=8; fi
JAVA_OPTS=${JAVA_OPTS--Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3}
BJAR=$ROOT/bench/target/benchmarks.jar
command -v wrk >/dev/null || { echo "MISSING: wrk (apt-get install -y wrk)"; exit 2; }
[ -f "$APP/quarkus-run.jar" ] || { echo "MISSING: $APP/quarkus-run.jar (run: mvn -B install -DskipTests)"; exit 2; }
[ -f "$TABLES/marshrut-1000.dmn" ] || { mkdir -p "$TABLES"; java -cp "$BJAR" ru.mcu.marshrut.bench.WriteTables "$TABLES" >/dev/null; }
LARGEST=$TABLES/marshrut-26000.dmn
[ -f "$LARGEST" ] || java -cp "$BJAR" ru.mcu.marshrut.bench.WriteLargestUpload "$LARGEST" >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT"

# shellcheck source=bench/routing-load-setup.sh
. "$ROOT/bench/routing-load-setup.sh"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
MALLOC_ARENA_MAX=2 start_marshrut "$PORT" "$OUT/service.log" $JAVA_OPTS
prepare_routing_load "$PORT" "$BOOT" "$TABLES/marshrut-1000.dmn"

live_mb() { jcmd "$SPID" GC.class_histogram | awk '/^Total/ { printf "%.0f", $3 / 1048576 }'; }
upload() { # prints the status; the answer goes to $OUT/upload-$1.json
  curl -s -o "$OUT/upload-$1.json" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/xml' \
    --data-binary @"$LARGEST" "$B/municipalities/kachkanar/autorules"
}
echo "live heap after the start: $(live_mb) MB"
for i in $(seq 1 "$UPLOADS"); do
  s=$(date +%s%N); status=$(upload "$i"); ms=$(( ($(date +%s%N) - s) / 1000000 )); echo "$status" >>"$OUT/statuses"
  if [ "$i" = 1 ] && [ "$status" = 201 ]; then
    v=$(sed 's/.*"version":\([0-9]*\).*/\1/' "$OUT/upload-1.json")
    status="$status, activated $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X POST "$B/municipalities/kachkanar/autorules/$v/activate")"
  fi
  echo "upload $i: $status in $ms ms; live heap $(live_mb) MB"
done

( sleep 5
  for i in $(seq 1 "$AT_ONCE"); do ( status=$(upload "at-once-$i"); echo "$status" >>"$OUT/statuses"
    echo "at once $i: $status" ) & done
  wait ) >"$OUT/at-once.txt" &
UP=$!
wrk -t2 -c16 -d"${LOAD}s" --latency -s "$TABLES/marshrut-items.lua" "$B/routing-decisions" >"$OUT/routing.txt"
wait "$UP"
sort "$OUT/at-once.txt"
ROUTING=$(grep '^RESULT' "$OUT/routing.txt")
echo "routing meanwhile: $ROUTING"
echo "live heap at the end: $(live_mb) MB; peak RSS $(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SPID/status") MB"
OOM=$(grep -c OutOfMemoryError "$OUT/service.log" || true)
FAILED=$(grep -E '^5' "$OUT/statuses" | grep -vc '^503$' || true)
ERRORS=$(echo "$ROUTING" | sed 's/.*errors=\([0-9]*\).*/\1/')
echo "OutOfMemoryError logged: $OOM; uploads failed (5xx but 503): $FAILED; routing errors: $ERRORS"
[ "$OOM" = 0 ] && [ "$FAILED" = 0 ] && [ "$ERRORS" = 0 ] || { echo "FAILED: see $OUT"; exit 1; }
