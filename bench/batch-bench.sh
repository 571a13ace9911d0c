#!/usr/bin/env bash
# Batch intake against single calls, side by side on one Marshrut process: items per second and the service's CPU
# time per item, for POST /api/v1/routing-decisions (one item a call) and POST /api/v1/routing-decisions:batch
# (BATCH items a call). Usage: bench/batch-bench.sh [--smoke]   Environment: BENCH_DURATION (default 20s), BATCH (100).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/ready.sh"
OUT=$ROOT/bench/target/batch-bench
DURATION=${BENCH_DURATION:-20s}; WARMUP=${BENCH_WARMUP:-8s}; BATCH=${BATCH:-100}
if [ "${1:-}" = "--smoke" ]; then DURATION=2s; WARMUP=1s; fi
PORT=${MARSHRUT_BENCH_PORT:-18183}
MJAR=$ROOT/target/quarkus-app/quarkus-run.jar
command -v wrk >/dev/null || { echo "MISSING: wrk (apt-get install -y wrk)"; exit 2; }
[ -f "$MJAR" ] || { echo "MISSING: $MJAR (run: mvn -B package -DskipTests)"; exit 2; }
mkdir -p "$OUT"

KEY=bench-batch-$(date +%s%N)
DATA=$(mktemp -d)
MARSHRUT_BOOTSTRAP_KEY=$KEY java ${MARSHRUT_OPTS:-} -Dquarkus.http.port="$PORT" -Dmarshrut.data-dir="$DATA" \
  -jar "$MJAR" >"$OUT/marshrut.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  marshrut_ready "http://127.0.0.1:$PORT" && break
  sleep 0.1
done
export MARSHRUT_BENCH_KEY=$KEY

# Lua: unique item ids per wrk thread; a realistic mix of categories routed by the shipped Kachkanar autorules.
common='wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MARSHRUT_BENCH_KEY")
local cats = {"Дороги", "ЖКХ", "Образование", "Культура", "Благоустройство", "Транспорт"}
local n = 0
local tid = 0
function setup(thread) tid = tid + 1; thread:set("tid", tid) end
function init(args) prefix = tostring(tid) .. "-" .. tostring(os.time()) .. "-" .. tostring(math.random(1e9)) end
local function item()
  n = n + 1
  return string.format([[{"itemId":"%s-%d","municipality":"kachkanar","channel":"POS","category":"%s","text":"Нагрузочный тест","receivedAt":"2026-03-02T10:15:00+05:00"}]], prefix, n, cats[(n % #cats) + 1])
end
function response(status, headers, body) if status >= 300 then errors_seen = (errors_seen or 0) + 1 end end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
'
printf '%s\nrequest = function() return wrk.format(nil, nil, nil, item()) end\n' "$common" >"$OUT/single.lua"
printf '%s\nrequest = function()\n  local t = {}\n  for i = 1, %d do t[i] = item() end\n  return wrk.format(nil, nil, nil, "{\\"items\\":[" .. table.concat(t, ",") .. "]}")\nend\n' "$common" "$BATCH" >"$OUT/batch.lua"

cpu_ms() { awk '{ printf "%d", ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"' }' "/proc/$PID/stat"; }

# phase NAME SCRIPT URL ITEMS_PER_REQUEST -> sets P_ITEMS P_IPS P_CPU_US
phase() {
  wrk -t2 -c4 -d"$WARMUP" -s "$2" "$3" >/dev/null
  local c0 t0 line req err secs
  c0=$(cpu_ms); t0=$(date +%s%3N)
  line=$(wrk -t2 -c4 -d"$DURATION" -s "$2" "$3" | grep '^RESULT')
  secs=$(awk -v a="$t0" -v b="$(date +%s%3N)" 'BEGIN { print (b - a) / 1000 }')
  local c1; c1=$(cpu_ms)
  req=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/'); err=$(echo "$line" | sed 's/.*errors=\([0-9]*\).*/\1/')
  [ "$err" = 0 ] || { echo "FAILED: $1 had $err errors"; exit 1; }
  P_ITEMS=$(( req * $4 ))
  P_IPS=$(awk -v i="$P_ITEMS" -v s="$secs" 'BEGIN { printf "%.0f", i / s }')
  P_CPU_US=$(awk -v c="$((c1 - c0))" -v i="$P_ITEMS" 'BEGIN { printf "%.0f", c * 1000 / i }')
  echo "$1: $P_ITEMS items in ${secs}s = $P_IPS items/s, service CPU $P_CPU_US µs/item"
}

phase single "$OUT/single.lua" "http://127.0.0.1:$PORT/api/v1/routing-decisions" 1
S_IPS=$P_IPS; S_CPU=$P_CPU_US
phase "batch of $BATCH" "$OUT/batch.lua" "http://127.0.0.1:$PORT/api/v1/routing-decisions:batch" "$BATCH"
B_IPS=$P_IPS; B_CPU=$P_CPU_US
awk -v si="$S_IPS" -v bi="$B_IPS" -v sc="$S_CPU" -v bc="$B_CPU" 'BEGIN {
  printf "RATIO items/s batch:single = %.2f; CPU per item single:batch = %.2f\n", bi / si, sc / bc }' | tee "$OUT/result.txt"
