#!/usr/bin/env bash
# Where a routing request's CPU goes, by thread: starts Marshrut on 127.0.0.1 with the 1,000-row table, sends
# Marshrut's routing load with wrk (16 connections) and reads every thread's user + system time from
# /proc/<pid>/task/*/stat over a window in the middle of the run; prints cores and µs per request for each group of
# threads (executor threads, the event loop, the JIT compiler, the garbage collector, RocksDB, Marshrut's own).
# Needs wrk and the tables of bench/http-bench.sh (it writes them if missing). Usage: bench/thread-cpu.sh [--smoke]
# Environment: APP (a quarkus-app directory, default target/quarkus-app), JAVA_OPTS (after the README's), THREAD_CPU_PORT, and the run
# and its window in seconds: THREAD_CPU_RUN (70), THREAD_CPU_FROM (35), THREAD_CPU_WINDOW (30).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/target/http-bench
APP=${APP:-$ROOT/target/quarkus-app}
PORT=${THREAD_CPU_PORT:-18184}
RUN=${THREAD_CPU_RUN:-70}; FROM=${THREAD_CPU_FROM:-35}; WINDOW=${THREAD_CPU_WINDOW:-30}
if [ "${1:-}" = "--smoke" ]; then RUN=6; FROM=2; WINDOW=3; fi
BJAR=$ROOT/bench/target/benchmarks.jar
command -v wrk >/dev/null || { echo "MISSING: wrk (apt-get install -y wrk)"; exit 2; }
[ -f "$APP/quarkus-run.jar" ] || { echo "MISSING: $APP/quarkus-run.jar (run: mvn -B install -DskipTests)"; exit 2; }
[ -f "$OUT/marshrut-1000.dmn" ] || { mkdir -p "$OUT"; java -cp "$BJAR" ru.mcu.marshrut.bench.WriteTables "$OUT" >/dev/null; }

BOOT=threads-$(date +%s%N); DATA=$(mktemp -d)
# As the README starts it (the archive is ignored, with a warning, if this app directory is a copy: it names the jar's path)
MALLOC_ARENA_MAX=2 MARSHRUT_BOOTSTRAP_KEY=$BOOT java -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3 ${JAVA_OPTS:-} -XX:SharedArchiveFile="$APP/app-cds.jsa" -Dquarkus.http.port="$PORT" \
  -Dmarshrut.data-dir="$DATA" -jar "$APP/quarkus-run.jar" >"$OUT/thread-cpu-service.log" 2>&1 &
SPID=$!
# The service is waited for before its data directory goes: it writes its stores while it shuts down
trap 'kill $SPID 2>/dev/null || true; wait $SPID 2>/dev/null || true; rm -rf "$DATA"' EXIT
# shellcheck source=bench/routing-load-setup.sh
. "$ROOT/bench/routing-load-setup.sh"
prepare_routing_load "$PORT" "$BOOT" "$OUT/marshrut-1000.dmn"

snap() { for t in /proc/$SPID/task/*; do
  printf '%s|%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
done; }
wrk -t2 -c16 -d"${RUN}s" -s "$OUT/marshrut-items.lua" "$B/routing-decisions" >"$OUT/thread-cpu-wrk.txt" & WPID=$!
sleep "$FROM"; snap >"$OUT/threads-before"; sleep "$WINDOW"; snap >"$OUT/threads-after"
wait "$WPID"
RESULT=$(grep '^RESULT' "$OUT/thread-cpu-wrk.txt")
echo "$RESULT"
RPS=$(echo "$RESULT" | sed 's/.*rps=\([0-9.]*\).*/\1/')
# Threads are grouped by name without their numbers (executor-thread-1, -2, … as one).
python3 - "$OUT/threads-before" "$OUT/threads-after" "$RPS" "$WINDOW" "$(getconf CLK_TCK)" <<'EOF'
import collections, re, sys
def load(path):
    groups = collections.Counter()
    for line in open(path, encoding='utf-8'):
        name, _, ticks = line.rstrip('\n').rpartition('|')
        if ticks.strip():
            groups[re.sub(r'\d+', 'N', name)] += int(ticks)
    return groups
before, after = load(sys.argv[1]), load(sys.argv[2])
rps, window, tick = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
used = {k: max(0, after[k] - before.get(k, 0)) for k in after}
total = sum(used.values())
print("all threads: %.2f cores, %.0f µs CPU per request at %.0f req/s" % (total / tick / window, total / tick / window / rps * 1e6, rps))
for name, v in sorted(used.items(), key=lambda x: -x[1])[:10]:
    print("  %-28s %.2f cores  %6.0f µs per request" % (name, v / tick / window, v / tick / window / rps * 1e6))
EOF
