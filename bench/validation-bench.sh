#!/usr/bin/env bash
# The cost of checking a large autorule table: for each packaged service in APPS (side by side, one after the other in
# one run), starts it on 127.0.0.1 with a fresh data directory, uploads ROWS rows of one category that differ by
# territory (ОКТМО) as CSV for kachkanar — the table whose shadowing check scanned every earlier row — and then asks
# for its validation again; prints for each call its status, wall time and the service's CPU time (user + system,
# from /proc) spent on it. Fails (exit 1) if a call is not answered 201/200 or the table is not reported valid.
# Usage: bench/validation-bench.sh [--smoke]
# Environment: APPS (quarkus-app directories, default target/quarkus-app), ROWS (20000), VALIDATION_BENCH_PORT (18197).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target/validation-bench
APPS=${APPS:-$ROOT/target/quarkus-app}
PORT=${VALIDATION_BENCH_PORT:-18197}
ROWS=${ROWS:-20000}
if [ "${1:-}" = "--smoke" ]; then ROWS=2000; fi
rm -rf "$OUT"; mkdir -p "$OUT"

TABLE=$OUT/one-category-by-territory.csv
{
  echo 'id,channel,category,subcategory,oktmo,authorType,action,recipient,coExecutors,annotation'
  for i in $(seq 1 "$ROWS"); do printf 'road-%d,-,"""Дороги""",-,"""65741%06d""",-,ROUTE,kachkanar.ogh,,\n' "$i" "$i"; done
} >"$TABLE"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
call() { # METHOD URL [curl args…]: prints "status seconds cpu-seconds"
  local method=$1 url=$2 before after line
  shift 2
  before=$(cpu_ticks "$SPID")
  line=$(curl -sS -o "$OUT/answer.json" -w '%{http_code} %{time_total}' -X "$method" -H "$AUTH" "$@" "$url") || line="000 0"
  after=$(cpu_ticks "$SPID")
  echo "$line $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')"
}

# shellcheck source=bench/routing-load-setup.sh
. "$ROOT/bench/routing-load-setup.sh"
# shellcheck source=bench/ready.sh
. "$ROOT/bench/ready.sh"
status=0
for APP in $APPS; do
  [ -f "$APP/quarkus-run.jar" ] || { echo "MISSING: $APP/quarkus-run.jar (run: mvn -B install -DskipTests)"; exit 2; }
  start_marshrut "$PORT" "$OUT/service.log" -Xmx512m -Xmn256m -XX:+UseG1GC
  B=http://127.0.0.1:$PORT/api/v1
  AUTH="Authorization: Bearer $BOOT"
  ready=0
  for _ in $(seq 1 600); do marshrut_ready "http://127.0.0.1:$PORT" && { ready=1; break; }; sleep 0.2; done
  [ "$ready" = 1 ] || { echo "FAILED: $APP not ready in 120 s (see $OUT/service.log)"; exit 1; }
  read -r code secs cpu < <(call POST "$B/municipalities/kachkanar/autorules" -H 'Content-Type: text/csv' --data-binary @"$TABLE")
  version=$(sed -n 's/.*"version":\([0-9]*\).*/\1/p' "$OUT/answer.json" | head -1)
  [ "$code" = 201 ] && grep -q '"valid":true' "$OUT/answer.json" || { echo "FAILED: upload answered $code, not a valid draft"; status=1; }
  echo "$APP rows=$ROWS upload: status $code, ${secs} s, CPU ${cpu} s"
  read -r code secs cpu < <(call POST "$B/municipalities/kachkanar/autorules/${version:-0}/validate")
  [ "$code" = 200 ] && grep -q '"valid":true' "$OUT/answer.json" || { echo "FAILED: validation answered $code, not valid"; status=1; }
  echo "$APP rows=$ROWS validate: status $code, ${secs} s, CPU ${cpu} s"
  kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; rm -rf "$DATA"; trap - EXIT
done
exit $status
