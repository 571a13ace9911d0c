#!/usr/bin/env bash
# Memory and GC pauses of Marshrut under the routing load: starts the packaged service with the JVM options given,
# activates the 1,000-row table, sends wrk's load (16 connections) for a warm-up, then measures 30 s (CPU per request
# from /proc/<pid>/stat, GC pauses from -Xlog:gc, peak RSS sampled every second), then uploads a large table and
# activates it under a further 30 s of load; at the end a heap histogram (`jcmd GC.class_histogram`: the live heap)
# and, with -XX:NativeMemoryTracking=summary among the options, the JVM's native memory at the end of the measured
# window. Pauses counted exclude the histogram's own full collection.
# Usage: bench/memory-bench.sh LABEL [WARM-UP seconds, default 120]
# Environment: JAVA_OPTS (all of Marshrut's JVM options; unset: the README's -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3; set it empty for
# the JVM's defaults), MALLOC_ARENA_MAX (passed on), APP (a quarkus-app directory, default target/quarkus-app),
# LARGE=1 to upload the largest table the API accepts (26,000 rows, 19.9 MB) instead of the 10,000-row one,
# MEMORY_BENCH_PORT (18190). Output and logs: bench/target/memory-bench/<LABEL>/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LABEL=${1:?usage: bench/memory-bench.sh LABEL [WARM-UP seconds]}; WARM=${2:-120}
TABLES=$ROOT/bench/target/http-bench
R=$ROOT/bench/target/memory-bench/$LABEL
APP=${APP:-$ROOT/target/quarkus-app}
PORT=${MEMORY_BENCH_PORT:-18190}
JAVA_OPTS=${JAVA_OPTS--Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3}
BJAR=$ROOT/bench/target/benchmarks.jar
command -v wrk >/dev/null || { echo "MISSING: wrk (apt-get install -y wrk)"; exit 2; }
[ -f "$APP/quarkus-run.jar" ] || { echo "MISSING: $APP/quarkus-run.jar (run: mvn -B install -DskipTests)"; exit 2; }
[ -f "$TABLES/marshrut-10000.dmn" ] || java -cp "$BJAR" ru.mcu.marshrut.bench.WriteTables "$TABLES" >/dev/null
BIG=$TABLES/marshrut-10000.dmn
if [ "${LARGE:-0}" = 1 ]; then
  BIG=$TABLES/marshrut-26000.dmn
  [ -f "$BIG" ] || java -cp "$BJAR" ru.mcu.marshrut.bench.WriteLargestUpload "$BIG" >/dev/null
fi
rm -rf "$R"; mkdir -p "$R"
# shellcheck source=bench/routing-load-setup.sh
. "$ROOT/bench/routing-load-setup.sh"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
start_marshrut "$PORT" "$R/service.log" $JAVA_OPTS -Xlog:gc:file="$R/gc.log":uptime
prepare_routing_load "$PORT" "$BOOT" "$TABLES/marshrut-1000.dmn"
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SPID/status"; }
pauses() { grep 'Pause' "$R/gc.log" | grep -vc 'Heap Inspection' || true; }

wrk -t2 -c16 -d"${WARM}s" -s "$TABLES/marshrut-items.lua" "$B/routing-decisions" >"$R/warm-up.txt"
( peak=0; while kill -0 "$SPID" 2>/dev/null; do r=$(rss_kb 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$peak" ] && { peak=$r; echo "$peak" >"$R/peak-rss-kb"; }; sleep 1; done ) &
SAMPLER=$!
c0=$(awk '{print $14 + $15}' "/proc/$SPID/stat"); g0=$(pauses)
wrk -t2 -c16 -d30s --latency -s "$TABLES/marshrut-items.lua" "$B/routing-decisions" >"$R/measured.txt"
c1=$(awk '{print $14 + $15}' "/proc/$SPID/stat"); g1=$(pauses)
cp "$R/peak-rss-kb" "$R/peak-rss-kb-measured"
case "$JAVA_OPTS" in *NativeMemoryTracking*) jcmd "$SPID" VM.native_memory summary >"$R/native-memory.txt" ;; esac
V2=$(curl -s -H "$AUTH" -H 'Content-Type: application/xml' --data-binary @"$BIG" \
  "$B/municipalities/kachkanar/autorules" | sed 's/.*"version":\([0-9]*\).*/\1/')
( sleep 10; curl -s -H "$AUTH" -X POST "$B/municipalities/kachkanar/autorules/$V2/activate" >"$R/activation.json" ) &
ACTIVATOR=$!
wrk -t2 -c16 -d30s --latency -s "$TABLES/marshrut-items.lua" "$B/routing-decisions" >"$R/activation-run.txt"
wait "$ACTIVATOR"
jcmd "$SPID" GC.class_histogram >"$R/histogram.txt"
kill "$SPID"; wait "$SPID" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
python3 - "$R" "$g0" "$g1" "$c0" "$c1" "$(getconf CLK_TCK)" "$LABEL" <<'PY'
import re, sys
r, g0, g1, c0, c1, tick, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
pauses = [float(m.group(1)) for line in open(r + '/gc.log') if 'Pause' in line and 'Heap Inspection' not in line
          for m in [re.search(r' ([\d.]+)ms$', line.strip())] if m]
measured, activation = pauses[g0:g1], pauses[g1:]
result = lambda f: re.search(r'^RESULT (.*)$', open(r + '/' + f).read(), re.M).group(1)
requests = int(re.search(r'requests=(\d+)', result('measured.txt')).group(1))
act = open(r + '/activation.json').read()
ms, state = re.search(r'"millis":(\d+)', act), re.search(r'"state":"(\w+)"', act)
live = open(r + '/histogram.txt').read().strip().splitlines()[-1].split()
mb = lambda f: int(open(r + '/' + f).read()) // 1024
def p(ps): return "%d pauses, %d over 10 ms, longest %.1f ms" % (len(ps), sum(1 for x in ps if x > 10), max(ps or [0]))
print("%s: %.0f µs CPU per request | %s" % (label, (c1 - c0) / tick / requests * 1e6, result('measured.txt')))
print("  measured 30 s: %s | peak RSS %d MB" % (p(measured), mb('peak-rss-kb-measured')))
print("  activation: %s ms %s | %s | peak RSS %d MB | %s" % (ms.group(1) if ms else '?', state.group(1) if state else act[:200],
      p(activation), mb('peak-rss-kb'), result('activation-run.txt')))
print("  live heap at the end: %.0f MB in %s objects" % (int(live[2]) / 1048576, live[1]))
PY
