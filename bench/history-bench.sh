#!/usr/bin/env bash
# History benchmark (issue 11): the packaged service on an empty data directory and on one holding N decisions
# written straight into the stores (bench HistoryWriter, not over HTTP), side by side in one run: start to first
# answer, heap in use after start (after a full GC), and the time of the daily deadline check, the monthly rating,
# the monthly report and the heat map of the municipality that holds the history.
# Usage: bench/history-bench.sh [--smoke]   Environment: HISTORY_COUNT (default 1000000), HISTORY_MONTHS (24),
# MARSHRUT_OPTS (JVM options of the service), HISTORY_BENCH_PORT (18191), HISTORY_REBUILD (1: also a start on other
# production calendars, which files every stored item again).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target/history-bench
N=${HISTORY_COUNT:-1000000}; MONTHS=${HISTORY_MONTHS:-24}
if [ "${1:-}" = "--smoke" ]; then N=20000; MONTHS=6; fi
PORT=${HISTORY_BENCH_PORT:-18191}
MJAR=$ROOT/target/quarkus-app/quarkus-run.jar
BJAR=$ROOT/bench/target/benchmarks.jar
KEY=history-bench-centre-key-0123456789
AUTH="Authorization: Bearer $KEY"

missing=0
command -v curl >/dev/null || { echo "MISSING: curl (apt-get install -y curl)"; missing=1; }
command -v jcmd >/dev/null || { echo "MISSING: jcmd (a full JDK 17)"; missing=1; }
[ -f "$MJAR" ] || { echo "MISSING: $MJAR (run: mvn -B install -DskipTests)"; missing=1; }
[ -f "$BJAR" ] || { echo "MISSING: $BJAR (run: mvn -B -f bench/pom.xml package)"; missing=1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "BUSY: port $PORT is in use"; missing=1; fi
[ "$missing" = 0 ] || exit 2

rm -rf "$OUT"; mkdir -p "$OUT"
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; }
trap cleanup EXIT
now_ms() { date +%s%3N; }

ITEM='{"itemId":"%s","municipality":"kachkanar","channel":"POS","category":"Дороги","text":"Яма на дороге","receivedAt":"2026-10-20T10:00:00+05:00"}'

# start DIR NAME: starts the service, waits for its first routing answer; sets PID, START_MS
start() {
  local t0; t0=$(now_ms)
  MARSHRUT_BOOTSTRAP_KEY=$KEY java ${MARSHRUT_OPTS:-} -Dquarkus.http.port="$PORT" -Dquarkus.http.host=127.0.0.1 \
    -Dmarshrut.data-dir="$1" -jar "$MJAR" >"$OUT/$2.log" 2>&1 &
  PID=$!
  local deadline=$(( t0 + 600000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    code=$(curl -s -o "$OUT/$2-first.json" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' \
      -d "$(printf "$ITEM" "first-answer-$2")" "http://127.0.0.1:$PORT/api/v1/routing-decisions" || true)
    if [ "$code" = 201 ]; then START_MS=$(( $(now_ms) - t0 )); return 0; fi
    kill -0 "$PID" 2>/dev/null || { echo "FAILED: the service exited, see $OUT/$2.log"; exit 1; }
    sleep 0.05
  done
  echo "FAILED: no answer within 10 minutes"; exit 1
}

heap_mb() {
  jcmd "$PID" GC.run >/dev/null
  jcmd "$PID" GC.heap_info | awk '/used/ && /total/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); printf "%.0f", v/1024; exit}}'
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
timed() { curl -s -o "$OUT/$1.out" -w '%{http_code} %{time_total}' -H "$AUTH" "http://127.0.0.1:$PORT$2"; }
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

echo "== empty data directory"
start "$OUT/data-empty" empty
EMPTY_START=$START_MS; EMPTY_HEAP=$(heap_mb); EMPTY_RSS=$(rss_mb "$PID")
id=$(sed 's/.*"decisionId":"\([^"]*\)".*/\1/' "$OUT/empty-first.json")
curl -s -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/routing-decisions/$id" >"$OUT/template.json"
stop
echo "start ${EMPTY_START} ms, heap ${EMPTY_HEAP} MB, RSS ${EMPTY_RSS} MB"

echo "== writing $N decisions over $MONTHS months (HistoryWriter)"
java -cp "$BJAR" ru.mcu.marshrut.bench.HistoryWriter "$OUT/data-full" "$OUT/template.json" "$N" "$MONTHS" | tail -1
du -sh "$OUT/data-full" | awk '{print "on disk: " $1}'

echo "== $N stored decisions"
start "$OUT/data-full" full
FULL_START=$START_MS; FULL_HEAP=$(heap_mb); FULL_RSS=$(rss_mb "$PID")
echo "start ${FULL_START} ms, heap ${FULL_HEAP} MB, RSS ${FULL_RSS} MB"
for q in "deadline-status:/api/v1/municipalities/kachkanar/items/deadline-status" \
         "rating-month:/api/v1/municipalities/kachkanar/ratings?period=2026-10" \
         "report-month:/api/v1/municipalities/kachkanar/reports/monthly?month=2026-10&format=html" \
         "heatmap-month:/api/v1/municipalities/kachkanar/heatmap?from=2026-10-01&to=2026-11-01" \
         "listing-page:/api/v1/routing-decisions?municipality=kachkanar&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&page=3&size=50"; do
  name=${q%%:*}; path=${q#*:}
  c=$(timed "$name-cold" "$path")
  r=$(timed "$name" "$path")
  echo "RESULT query=$name status=${r% *} seconds=${r#* } first_seconds=${c#* }"
done
stop

# The first start above follows a bulk write of the whole history by another process: its stores still have
# compactions to do, which run at that start. A restart shows the start of a service whose stores are settled.
start "$OUT/data-full" restart
RESTART=$START_MS; RESTART_HEAP=$(heap_mb)
echo "restart ${RESTART} ms, heap ${RESTART_HEAP} MB"
stop

# HISTORY_REBUILD=1: the same settled stores started on other calendars, as when the official calendar of a year
# counted provisionally is added (modelled by switching the provisional year off, which changes the calendars' hash
# the same way): every stored item is replayed, filed in the open-item index and summarised again before the start
# ends. Against the restart above, on a copy of the same directory.
if [ "${HISTORY_REBUILD:-0}" = 1 ]; then
  cp -r "$OUT/data-full" "$OUT/data-rebuild"
  export MARSHRUT_CALENDAR_PROVISIONAL_NEXT_YEAR=false
  start "$OUT/data-rebuild" rebuild
  unset MARSHRUT_CALENDAR_PROVISIONAL_NEXT_YEAR
  REBUILT=$START_MS
  grep -o 'Open-item index built from the stored history: [0-9]* open, [0-9]* closed' "$OUT/rebuild.log" \
    || { echo "FAILED: the start on other calendars did not file the index again"; exit 1; }
  stop
  awk -v r="$REBUILT" -v s="$RESTART" -v n="$N" 'BEGIN { printf "RESULT rebuild_start_ms=%d restart_ms=%d rebuild_ratio=%.2f rebuild_us_per_decision=%.0f\n", r, s, r/s, (r-s)*1000/n }'
fi

awk -v es="$EMPTY_START" -v fs="$FULL_START" -v rs="$RESTART" -v eh="$EMPTY_HEAP" -v fh="$FULL_HEAP" -v n="$N" 'BEGIN {
  printf "RESULT decisions=%d start_empty_ms=%d start_full_ms=%d start_ratio=%.2f restart_ms=%d restart_ratio=%.2f heap_empty_mb=%d heap_full_mb=%d heap_bytes_per_decision=%.1f\n",
    n, es, fs, fs/es, rs, rs/es, eh, fh, (fh-eh)*1048576/n }'
