#!/usr/bin/env bash
# Start to the first routing answer of the packaged service, three ways in alternation on this machine (N rounds,
# default 5): as the README starts it (with the class-data-sharing archive of the build's training run), without the
# archive, and without it on a copy of the jar whose precompiled intake model is removed (the intake DRL compiled at
# start, as before the build compiled it). Each start on an empty data directory on 127.0.0.1; prints, per start,
# the milliseconds to the first 201 and the process's CPU time at that moment, then the mean of each way.
# Needs `mvn -B package -DskipTests` first, and zip. Usage: bench/start-bench.sh [N]
# With START_BENCH_APPS="DIR1 DIR2 …" it starts those builds instead, in alternation, each as the README does with its
# own archive (make each with bench/copy-app.sh DIR). With START_BENCH_RESTART=1 each way keeps one data directory
# across its rounds: every start after its first is a restart on the data it left (a service restarting on its volume).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP=$ROOT/target/quarkus-app
ROUNDS=${1:-5}
PORT=${START_BENCH_PORT:-18185}
[ -f "$APP/quarkus-run.jar" ] || { echo "MISSING: $APP/quarkus-run.jar (run: mvn -B package -DskipTests)"; exit 2; }
[ -f "$APP/app-cds.jsa" ] || { echo "MISSING: $APP/app-cds.jsa (the package phase's training run writes it)"; exit 2; }
command -v zip >/dev/null || { echo "MISSING: zip (apt-get install -y zip)"; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The copy: the archive names the jar's path, so it does not apply there either.
if [ -z "${START_BENCH_APPS:-}" ]; then
  cp -r "$APP" "$WORK/compile-at-start"
  zip -q -d "$WORK/compile-at-start/app/"*.jar 'marshrut/intake-model/*'
fi

BOOT=start-$(date +%s%N)
TICK=$(getconf CLK_TCK)

# start_once NAME JAR [JVM options…]: prints "NAME ms cpu_ms"
start_once() {
  local name=$1 jar=$2; shift 2
  local data
  if [ "${START_BENCH_RESTART:-0}" = 1 ]; then data=$WORK/data-$name; mkdir -p "$data"; else data=$(mktemp -d "$WORK/data.XXXX"); fi
  # a new item at every start: a restart's data already holds the items of the starts before
  local item='{"itemId":"startup-'$(date +%s%N)'","municipality":"kachkanar","channel":"POS","category":"Дороги","receivedAt":"2026-03-02T10:15:00+05:00"}'
  local t0; t0=$(date +%s%3N)
  # the README's heap, collector and arenas for every variant
  MALLOC_ARENA_MAX=2 MARSHRUT_BOOTSTRAP_KEY=$BOOT java -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3 "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" \
    -Dmarshrut.data-dir="$data" -jar "$jar" >"$WORK/$name.log" 2>&1 &
  local pid=$!
  local deadline=$(( t0 + 120000 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BOOT" -H 'Content-Type: application/json' \
      -d "$item" "http://127.0.0.1:$PORT/api/v1/routing-decisions" || true)" = 201 ]; do
    if [ "$(date +%s%3N)" -gt "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "FAILED: $name did not answer; see its log:"; tail -20 "$WORK/$name.log"; kill "$pid" 2>/dev/null; exit 1
    fi
    sleep 0.05
  done
  local ms=$(( $(date +%s%3N) - t0 ))
  local ticks; ticks=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$name $ms $(( ticks * 1000 / TICK ))"
}

if [ -n "${START_BENCH_APPS:-}" ]; then
  for ((r = 1; r <= ROUNDS; r++)); do
    for dir in $START_BENCH_APPS; do
      start_once "$(basename "$dir")" "$dir/quarkus-run.jar" -XX:SharedArchiveFile="$dir/app-cds.jsa"
    done
  done | tee "$WORK/starts.txt"
else
for ((r = 1; r <= ROUNDS; r++)); do
  start_once readme-with-archive "$APP/quarkus-run.jar" -XX:SharedArchiveFile="$APP/app-cds.jsa"
  start_once without-archive "$APP/quarkus-run.jar"
  start_once compile-at-start "$WORK/compile-at-start/quarkus-run.jar"
done | tee "$WORK/starts.txt"
fi
echo "way                    mean ms to first answer   mean CPU ms at that moment"
awk '{ n[$1]++; ms[$1] += $2; cpu[$1] += $3 } END { for (k in n) printf "%-22s %10.0f %26.0f\n", k, ms[k] / n[k], cpu[k] / n[k] }' \
  "$WORK/starts.txt" | sort
