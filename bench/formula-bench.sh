#!/usr/bin/env bash
# What an active rating formula costs by its size: starts Marshrut with the README's JVM options and, for each size in
# ROWS, uploads the shipped decisions/rating.dmn with its grade table grown to that many interval rows (0: the shipped
# formula), activates it and prints its size, the upload's and activation's status and time, and the live heap after
# (`jcmd GC.class_histogram`, which collects first). OVER (a number of rows) then tries one formula above the upload
# limit. Fails (exit 1) on any 5xx or if the service logged an OutOfMemoryError. Usage: bench/formula-bench.sh [--smoke]
# Environment: APP (a quarkus-app directory, default target/quarkus-app), JAVA_OPTS (default the README's),
# ROWS ("0 372 1000 4000"; 372 rows is just under 64 KiB), OVER (125000, ≈ 19.7 MB; 0 for none), FORMULA_BENCH_PORT (18197).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target/formula-bench
APP=${APP:-$ROOT/target/quarkus-app}
PORT=${FORMULA_BENCH_PORT:-18197}
ROWS=${ROWS:-0 372 1000 4000}; OVER=${OVER:-125000}
if [ "${1:-}" = "--smoke" ]; then ROWS="0 372"; OVER=1000; fi
JAVA_OPTS=${JAVA_OPTS--Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3}
[ -f "$APP/quarkus-run.jar" ] || { echo "MISSING: $APP/quarkus-run.jar (run: mvn -B install -DskipTests)"; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"

formula() { # ROWS FILE: the shipped formula with its grade table as ROWS intervals of the score (0: unchanged)
  python3 - "$ROOT/decisions/rating.dmn" "$1" "$2" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8").read(); n = int(sys.argv[2])
if n > 0:
    start = src.index('<rule id="grade-excellent">'); end = src.index('</decisionTable>')
    grades = [(85, "отлично"), (70, "хорошо"), (50, "удовлетворительно"), (-1, "неудовлетворительно")]
    rules = ['<rule id="r-low"><inputEntry><text>&lt; 0</text></inputEntry><outputEntry><text>"неудовлетворительно"</text></outputEntry></rule>']
    for i in range(n):
        lo, hi = i * 100.0 / n, (i + 1) * 100.0 / n
        span = "[%.6f..%.6f)" % (lo, hi) if i < n - 1 else "[%.6f..1000]" % lo
        grade = next(g for floor, g in grades if lo >= floor)
        rules.append('<rule id="r%d"><inputEntry><text>%s</text></inputEntry><outputEntry><text>"%s"</text></outputEntry></rule>' % (i, span, grade))
    src = src[:start] + "\n".join(rules) + "\n    " + src[end:]
open(sys.argv[3], "w", encoding="utf-8").write(src)
PY
}

# shellcheck source=bench/routing-load-setup.sh
. "$ROOT/bench/routing-load-setup.sh"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
MALLOC_ARENA_MAX=2 start_marshrut "$PORT" "$OUT/service.log" $JAVA_OPTS
B=http://127.0.0.1:$PORT/api/v1; AUTH="Authorization: Bearer $BOOT"
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break; sleep 0.2; done
live_kb() { jcmd "$SPID" GC.class_histogram | awk '/^Total/ { printf "%.0f", $3 / 1024 }'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
upload() { # FILE: prints the status; the answer goes to $OUT/answer.json
  curl -s -o "$OUT/answer.json" -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/xml' --data-binary @"$1" \
    "$B/municipalities/kachkanar/rating-formula"
}
echo "live heap after the start: $(live_kb) KB"
for n in $ROWS $( [ "$OVER" -gt 0 ] && echo "over:$OVER" ); do
  rows=${n#over:}; f=$OUT/formula-$rows.dmn; formula "$rows" "$f"
  s=$(date +%s%N); status=$(upload "$f"); up=$(ms_since "$s"); echo "$status" >>"$OUT/statuses"
  line="$rows rows, $(stat -c %s "$f") bytes: upload $status in $up ms"
  if [ "$status" = 201 ]; then
    v=$(sed 's/.*"version":\([0-9]*\).*/\1/' "$OUT/answer.json")
    s=$(date +%s%N)
    act=$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X POST "$B/municipalities/kachkanar/rating-formula/$v/activate")
    echo "$act" >>"$OUT/statuses"; line="$line; activation $act in $(ms_since "$s") ms"
  fi
  echo "$line; live heap $(live_kb) KB"
done
OOM=$(grep -c OutOfMemoryError "$OUT/service.log" || true)
FAILED=$(grep -c '^5' "$OUT/statuses" || true)
echo "OutOfMemoryError logged: $OOM; 5xx answers: $FAILED"
[ "$OOM" = 0 ] && [ "$FAILED" = 0 ] || { echo "FAILED: see $OUT"; exit 1; }
