#!/usr/bin/env bash
# HTTP benchmark, side by side on this machine: Marshrut (durable audit on) against a plain Kogito DMN service
# serving the very same 1,000-row autorule table and against the HTTP floor (bench/http-floor: the same request
# parsed by Quarkus REST + Jackson, a canned decision of the same size in answer), driven by the same wrk load;
# each server's CPU time per answered request (user + system from /proc/<pid>/stat around the measured run); then
# start-up, memory and a 10,000-row activation under load. Usage: bench/http-bench.sh [--smoke]
# Marshrut starts as the README's command starts it (heap, collector, malloc arenas, class-data-sharing archive); the
# peer and the floor with the JVM's defaults, as each would be started by default.
# Environment: MARSHRUT_OPTS (more JVM options of Marshrut, e.g. -Dmarshrut.audit.sync-writes=true),
# BENCH_DURATION / BENCH_WARMUP (wrk durations, default 30s / 10s), BENCH_MID (seconds into a run to sample RSS
# and to activate), MARSHRUT_BENCH_PORT / PEER_BENCH_PORT / FLOOR_BENCH_PORT.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target/http-bench
DURATION=${BENCH_DURATION:-30s}; WARMUP=${BENCH_WARMUP:-10s}; MID=${BENCH_MID:-15}; CONNECTIONS=16; THREADS=2
if [ "${1:-}" = "--smoke" ]; then DURATION=2s; WARMUP=1s; MID=1; fi
PORT_M=${MARSHRUT_BENCH_PORT:-18181}
PORT_P=${PEER_BENCH_PORT:-18182}
PORT_F=${FLOOR_BENCH_PORT:-18183}
MJAR=$ROOT/target/quarkus-app/quarkus-run.jar
BJAR=$ROOT/bench/target/benchmarks.jar

missing=0
command -v wrk >/dev/null || { echo "MISSING: wrk (apt-get install -y wrk)"; missing=1; }
command -v curl >/dev/null || { echo "MISSING: curl (apt-get install -y curl)"; missing=1; }
[ -f "$MJAR" ] || { echo "MISSING: $MJAR (run: mvn -B install -DskipTests)"; missing=1; }
[ -f "$BJAR" ] || { echo "MISSING: $BJAR (run: mvn -B -f bench/pom.xml package)"; missing=1; }
for p in "$PORT_M" "$PORT_P" "$PORT_F"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "BUSY: port $p is in use"; missing=1; fi
done
[ "$missing" = 0 ] || exit 2

mkdir -p "$OUT"
java -cp "$BJAR" ru.mcu.marshrut.bench.WriteTables "$OUT" >/dev/null
cp "$OUT/autorules.dmn" "$ROOT/bench/kogito-peer/src/main/resources/autorules.dmn"
echo "building the Kogito peer from the same table…"
(cd "$ROOT/bench/kogito-peer" && mvn -B -q package -DskipTests >"$OUT/peer-build.log" 2>&1) \
  || { echo "FAILED: peer build, see $OUT/peer-build.log"; exit 1; }
PJAR=$ROOT/bench/kogito-peer/target/quarkus-app/quarkus-run.jar
echo "building the HTTP floor…"
(cd "$ROOT/bench/http-floor" && mvn -B -q package -DskipTests >"$OUT/floor-build.log" 2>&1) \
  || { echo "FAILED: floor build, see $OUT/floor-build.log"; exit 1; }
FJAR=$ROOT/bench/http-floor/target/quarkus-app/quarkus-run.jar

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
TICK=$(getconf CLK_TCK)
# cpu_ticks PID: user + system time of the process so far, in clock ticks (fields 14 and 15 after the name)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# cpu_us_per_request TICKS_BEFORE TICKS_AFTER REQUESTS
cpu_us_per_request() { awk -v a="$1" -v b="$2" -v t="$TICK" -v n="$3" 'BEGIN { printf "%.0f", (b - a) * 1e6 / t / n }'; }

# wait_first OK_STATUS URL BODY: polls until the first successful answer, prints nothing
wait_first() {
  local deadline=$(( $(now_ms) + 120000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' -d "$3" "$2" || true)
    [ "$code" = "$1" ] && return 0
    sleep 0.05
  done
  echo "FAILED: no answer from $2"; return 1
}

# run_wrk NAME SCRIPT URL DURATION -> prints RESULT line, stores fields in R_*
run_wrk() {
  local line
  line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -s "$2" "$3" | grep '^RESULT' || true)
  [ -n "$line" ] || { echo "FAILED: wrk gave no result for $1"; exit 1; }
  eval "$(echo "$line" | sed 's/^RESULT //; s/\([a-z0-9_]*\)=\([^ ]*\)/R_\1=\2/g')"
  echo "$1: $line"
}

# measure PREFIX NAME PID SCRIPT URL: warm-up, then the measured run with the RSS sampled mid-run and the server's
# CPU time read around it; sets <PREFIX>_RPS, _P50, _P99, _ERR, _REQ, _CPU (µs per request), _RSS_LOAD
measure() {
  local prefix=$1 name=$2 pid=$3 script=$4 url=$5 c0 sampler
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
  ( sleep "$MID"; rss_mb "$pid" >"$OUT/$name-rss-load" ) & sampler=$!
  c0=$(cpu_ticks "$pid")
  run_wrk "$name" "$script" "$url" "$DURATION"
  eval "${prefix}_RPS=$R_rps ${prefix}_P50=$R_p50_ms ${prefix}_P99=$R_p99_ms ${prefix}_ERR=$R_errors ${prefix}_REQ=$R_requests"
  eval "${prefix}_CPU=$(cpu_us_per_request "$c0" "$(cpu_ticks "$pid")" "$R_requests")"
  wait "$sampler"
  eval "${prefix}_RSS_LOAD=$(cat "$OUT/$name-rss-load" 2>/dev/null || rss_mb "$pid")"
}

check_errors() { # NAME REQUESTS ERRORS
  awk -v r="$2" -v e="$3" -v n="$1" 'BEGIN { if (r == 0 || e / r > 0.001) { printf "FAILED: %s had %d errors in %d requests (> 0.1 %%)\n", n, e, r; exit 1 } }'
}

# The service is started with a bootstrap (centre) key for set-up; the load is sent with a platform key made with
# it, as a ПОС connector would send it (wrk's script reads MARSHRUT_BENCH_KEY).
BOOT=bench-$(date +%s%N)
AUTH="Authorization: Bearer $BOOT"

ITEM='{"itemId":"startup-%s","municipality":"kachkanar","channel":"POS","category":"Дороги","receivedAt":"2026-03-02T10:15:00+05:00"}'

# ---- Marshrut, started as the README starts it: with the class-data-sharing archive the build trained beside the jar
DATA=$(mktemp -d)
t0=$(now_ms)
MALLOC_ARENA_MAX=2 MARSHRUT_BOOTSTRAP_KEY=$BOOT java -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3 ${MARSHRUT_OPTS:-} -XX:SharedArchiveFile="$ROOT/target/quarkus-app/app-cds.jsa" \
  -Dquarkus.http.port="$PORT_M" -Dmarshrut.data-dir="$DATA" -jar "$MJAR" >"$OUT/marshrut.log" 2>&1 &
MPID=$!; PIDS+=("$MPID")
wait_first 201 "http://127.0.0.1:$PORT_M/api/v1/routing-decisions" "$(printf "$ITEM" "$t0")"
M_START=$(( $(now_ms) - t0 )); M_RSS_START=$(rss_mb "$MPID")
MARSHRUT_BENCH_KEY=$(curl -s -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"bench ПОС-коннектор","roles":["platform"],"municipalities":["kachkanar"]}' \
  "http://127.0.0.1:$PORT_M/api/v1/api-keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
case "$MARSHRUT_BENCH_KEY" in mrt_*) export MARSHRUT_BENCH_KEY ;; *) echo "FAILED: creating the platform key"; exit 1 ;; esac
V=$(curl -s -H "$AUTH" -H 'Content-Type: application/xml' --data-binary @"$OUT/marshrut-1000.dmn" \
  "http://127.0.0.1:$PORT_M/api/v1/municipalities/kachkanar/autorules" | sed 's/.*"version":\([0-9]*\).*/\1/')
curl -sf -H "$AUTH" -X POST "http://127.0.0.1:$PORT_M/api/v1/municipalities/kachkanar/autorules/$V/activate" >/dev/null \
  || { echo "FAILED: activating the 1,000-row table"; exit 1; }
# A real decision under the 1,000-row table: the floor answers it (with the request's item id) as its canned decision.
curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "$(printf "$ITEM" "canned-$t0")" \
  "http://127.0.0.1:$PORT_M/api/v1/routing-decisions" >"$OUT/decision.json" || { echo "FAILED: capturing a decision"; exit 1; }
measure M marshrut "$MPID" "$OUT/marshrut-items.lua" "http://127.0.0.1:$PORT_M/api/v1/routing-decisions"

# activation of 10,000 rows while the load runs
V10=$(curl -s -H "$AUTH" -H 'Content-Type: application/xml' --data-binary @"$OUT/marshrut-10000.dmn" \
  "http://127.0.0.1:$PORT_M/api/v1/municipalities/kachkanar/autorules" | sed 's/.*"version":\([0-9]*\).*/\1/')
( sleep "$MID"; curl -s -H "$AUTH" -X POST "http://127.0.0.1:$PORT_M/api/v1/municipalities/kachkanar/autorules/$V10/activate" >"$OUT/activation.json" ) & ACTIVATOR=$!
run_wrk activation "$OUT/marshrut-items.lua" "http://127.0.0.1:$PORT_M/api/v1/routing-decisions" "$DURATION"
wait "$ACTIVATOR"
A_MS=$(sed 's/.*"millis":\([0-9]*\).*/\1/' "$OUT/activation.json")
A_ERR=$R_errors; A_REQ=$R_requests
grep -q '"state":"ACTIVE"' "$OUT/activation.json" || { echo "FAILED: activation: $(cat "$OUT/activation.json")"; exit 1; }
kill "$MPID"; wait "$MPID" 2>/dev/null || true

# ---- the Kogito peer
PEER='{"channel":"POS","category":"Дороги","subcategory":"Подкатегория 1","oktmo":"65741001","authorType":"CITIZEN"}'
t0=$(now_ms)
java -Dquarkus.http.port="$PORT_P" -jar "$PJAR" >"$OUT/peer.log" 2>&1 &
PPID_=$!; PIDS+=("$PPID_")
wait_first 200 "http://127.0.0.1:$PORT_P/autorules" "$PEER"
P_START=$(( $(now_ms) - t0 )); P_RSS_START=$(rss_mb "$PPID_")
measure P peer "$PPID_" "$OUT/peer-items.lua" "http://127.0.0.1:$PORT_P/autorules"
kill "$PPID_"; wait "$PPID_" 2>/dev/null || true

# ---- the HTTP floor: Marshrut's request and wrk script, a canned decision in answer
t0=$(now_ms)
java -Dquarkus.http.port="$PORT_F" -Dfloor.decision="$OUT/decision.json" -jar "$FJAR" >"$OUT/floor.log" 2>&1 &
FPID=$!; PIDS+=("$FPID")
wait_first 201 "http://127.0.0.1:$PORT_F/api/v1/routing-decisions" "$(printf "$ITEM" "$t0")"
F_START=$(( $(now_ms) - t0 )); F_RSS_START=$(rss_mb "$FPID")
measure F floor "$FPID" "$OUT/marshrut-items.lua" "http://127.0.0.1:$PORT_F/api/v1/routing-decisions"
kill "$FPID"; wait "$FPID" 2>/dev/null || true

RATIO=$(awk -v a="$M_RPS" -v b="$P_RPS" 'BEGIN { printf "%.2f", a / b }')
floor_x() { awk -v a="$1" -v f="$F_CPU" 'BEGIN { printf "%.1f", a / f }'; }
{
  echo "| service (1,000 rows, $CONNECTIONS connections, $DURATION) | req/s | p50 ms | p99 ms | errors | CPU µs per request | CPU × floor | start to first answer ms | RSS after start MB | RSS under load MB |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  echo "| Marshrut (durable audit and provable log${MARSHRUT_OPTS:+, $MARSHRUT_OPTS}) | $M_RPS | $M_P50 | $M_P99 | $M_ERR / $M_REQ | $M_CPU | $(floor_x "$M_CPU") | $M_START | $M_RSS_START | $M_RSS_LOAD |"
  echo "| Kogito DMN endpoint (peer) | $P_RPS | $P_P50 | $P_P99 | $P_ERR / $P_REQ | $P_CPU | $(floor_x "$P_CPU") | $P_START | $P_RSS_START | $P_RSS_LOAD |"
  echo "| HTTP floor (bench/http-floor: parse, canned decision) | $F_RPS | $F_P50 | $F_P99 | $F_ERR / $F_REQ | $F_CPU | 1.0 | $F_START | $F_RSS_START | $F_RSS_LOAD |"
  echo
  echo "Marshrut / peer requests/s: **$RATIO×**; CPU per request Marshrut / peer: **$(awk -v a="$M_CPU" -v b="$P_CPU" 'BEGIN { printf "%.2f", a / b }')×**"
  echo
  echo "Activation of a 10,000-row version under the same load: $A_MS ms; failed requests during the run: $A_ERR of $A_REQ."
} | tee "$OUT/results.md"

check_errors marshrut "$M_REQ" "$M_ERR"
check_errors peer "$P_REQ" "$P_ERR"
check_errors floor "$F_REQ" "$F_ERR"
check_errors activation "$A_REQ" "$A_ERR"
echo "http-bench: OK"
