#!/usr/bin/env bash
# Scale-out benchmark (issue 11), side by side in one run on this machine, the same wrk load (1,000-row autorules,
# 16 connections): one node of an earlier build (BASELINE_JAR, optional: the store before the cluster work), one
# node of this build, and three clustered nodes of this build on 127.0.0.1 behind a round-robin client (three wrk
# processes, one per node, connections split 6/5/5). Reports req/s, p99, errors and the servers' CPU time per
# answered request (user + system from /proc/<pid>/stat, summed over the nodes) and the largest node's RSS halfway
# through the measured run. Every node starts with the README's heap, collector and malloc arenas.
# Usage: bench/cluster-bench.sh [--smoke]   Environment: BASELINE_JAR, BENCH_DURATION (20s), BENCH_WARMUP (10s).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/ready.sh"
OUT=$ROOT/bench/target/cluster-bench
DURATION=${BENCH_DURATION:-20s}; WARMUP=${BENCH_WARMUP:-10s}
# wrk's own timeout (2 s) counts a slower answer as an error. The smoke run (CI: is the harness whole?) starts three
# cold nodes on two cores, whose first answers can take that long; it waits up to 10 s, and its figures are not judged.
TIMEOUT=2s
if [ "${1:-}" = "--smoke" ]; then DURATION=2s; WARMUP=1s; TIMEOUT=10s; fi
MJAR=$ROOT/target/quarkus-app/quarkus-run.jar
BJAR=$ROOT/bench/target/benchmarks.jar
HTTP=(18201 18202 18203); JG=(17901 17902 17903)
KEY=cluster-bench-centre-key-0123456789; AUTH="Authorization: Bearer $KEY"
export MARSHRUT_BENCH_KEY=$KEY

missing=0
command -v wrk >/dev/null || { echo "MISSING: wrk (apt-get install -y wrk)"; missing=1; }
command -v curl >/dev/null || { echo "MISSING: curl (apt-get install -y curl)"; missing=1; }
[ -f "$MJAR" ] || { echo "MISSING: $MJAR (run: mvn -B install -DskipTests)"; missing=1; }
[ -f "$BJAR" ] || { echo "MISSING: $BJAR (run: mvn -B -f bench/pom.xml package)"; missing=1; }
for p in "${HTTP[@]}" "${JG[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "BUSY: port $p is in use"; missing=1; fi
done
[ "$missing" = 0 ] || exit 2

rm -rf "$OUT"; mkdir -p "$OUT"
java -cp "$BJAR" ru.mcu.marshrut.bench.WriteTables "$OUT" >/dev/null
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
TICK=$(getconf CLK_TCK)
cpu_ticks() { local t=0; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$t"; }
members="127.0.0.1[${JG[0]}],127.0.0.1[${JG[1]}],127.0.0.1[${JG[2]}]"

# start_node JAR INDEX NAME CLUSTERED [answering]: returns once the node is ready, or with "answering" once it answers
# (a clustered node alone is not ready until a peer joins it)
start_node() {
  local env=(MARSHRUT_BOOTSTRAP_KEY="$KEY" MALLOC_ARENA_MAX=2)
  if [ "$4" = yes ]; then
    env+=(MARSHRUT_CLUSTER_ENABLED=true MARSHRUT_CLUSTER_NODE_NAME="n$2" MARSHRUT_CLUSTER_BIND_PORT="${JG[$2]}"
          MARSHRUT_CLUSTER_MEMBERS="$members")
  fi
  env "${env[@]}" java -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3 -Dquarkus.http.port="${HTTP[$2]}" -Dmarshrut.data-dir="$OUT/data-$3-$2" -jar "$1" \
    >"$OUT/$3-$2.log" 2>&1 &
  PIDS+=($!); LAST_PID=$!
  for _ in $(seq 1 1200); do
    if [ "${5:-}" = answering ]; then marshrut_answers "http://127.0.0.1:${HTTP[$2]}" && return 0
    else marshrut_ready "http://127.0.0.1:${HTTP[$2]}" && return 0; fi
    kill -0 "$LAST_PID" 2>/dev/null || { echo "FAILED: node $3-$2 exited, see $OUT/$3-$2.log"; exit 1; }
    sleep 0.1
  done
  echo "FAILED: node $3-$2 not ready"; exit 1
}

activate_table() { # PORT
  local v
  v=$(curl -s -H "$AUTH" -H 'Content-Type: application/xml' --data-binary @"$OUT/marshrut-1000.dmn" \
    "http://127.0.0.1:$1/api/v1/municipalities/kachkanar/autorules" | sed 's/.*"version":\([0-9]*\).*/\1/')
  curl -sf -H "$AUTH" -X POST "http://127.0.0.1:$1/api/v1/municipalities/kachkanar/autorules/$v/activate" >/dev/null \
    || { echo "FAILED: activating the 1,000-row table"; exit 1; }
  sleep 1 # the other nodes compile the activated version
}

wrk_one() { # PORT CONNECTIONS DURATION OUTFILE
  wrk -t1 -c"$2" -d"$3" --timeout "$TIMEOUT" --latency -s "$OUT/marshrut-items.lua" "http://127.0.0.1:$1/api/v1/routing-decisions" \
    | grep '^RESULT' >"$4" || true
}

# measure LABEL PORTS... (PIDs in NODE_PIDS): warm-up, then the measured run; appends a table row
ROWS=()
measure() {
  local label=$1; shift
  local ports=("$@") conns=(16) i
  [ ${#ports[@]} = 3 ] && conns=(6 5 5)
  local loads=()
  for i in "${!ports[@]}"; do wrk_one "${ports[$i]}" "${conns[$i]}" "$WARMUP" /dev/null & loads+=($!); done
  wait "${loads[@]}" # not a bare wait: the nodes are background jobs too
  local before; before=$(cpu_ticks "${NODE_PIDS[@]}")
  ( sleep $(( ${DURATION%s} / 2 )); for p in "${NODE_PIDS[@]}"; do awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$p/status"; done \
      | sort -n | tail -1 >"$OUT/$label.rss" ) &
  local sampler=$!
  loads=()
  for i in "${!ports[@]}"; do wrk_one "${ports[$i]}" "${conns[$i]}" "$DURATION" "$OUT/$label-$i.result" & loads+=($!); done
  wait "${loads[@]}"
  local after; after=$(cpu_ticks "${NODE_PIDS[@]}")
  wait "$sampler"
  cat "$OUT/$label"-*.result | sed 's/RESULT //' | awk -v label="$label" -v ticks=$(( after - before )) -v hz="$TICK" -v rss="$(cat "$OUT/$label.rss")" '
    { for (f = 1; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
      req += v["requests"]; rps += v["rps"]; err += v["errors"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"] }
    END { printf "| %s | %.0f | %.1f | %d / %d | %.0f | %s |\n", label, rps, p99, err, req, req ? ticks / hz * 1e6 / req : 0, rss }' \
    | tee -a "$OUT/rows"
}

if [ -n "${BASELINE_JAR:-}" ]; then
  start_node "$BASELINE_JAR" 0 baseline no; NODE_PIDS=("$LAST_PID")
  activate_table "${HTTP[0]}"; measure "1 node, baseline build" "${HTTP[0]}"
  kill "$LAST_PID"; wait "$LAST_PID" 2>/dev/null || true
fi
start_node "$MJAR" 0 single no; NODE_PIDS=("$LAST_PID")
activate_table "${HTTP[0]}"; measure "1 node, this build" "${HTTP[0]}"
kill "$LAST_PID"; wait "$LAST_PID" 2>/dev/null || true

start_node "$MJAR" 0 cluster yes answering; P0=$LAST_PID
start_node "$MJAR" 1 cluster yes; P1=$LAST_PID
start_node "$MJAR" 2 cluster yes; P2=$LAST_PID
for _ in $(seq 1 600); do marshrut_ready "http://127.0.0.1:${HTTP[0]}" && break; sleep 0.1; done
marshrut_ready "http://127.0.0.1:${HTTP[0]}" || { echo "FAILED: node cluster-0 not ready"; exit 1; }
NODE_PIDS=("$P0" "$P1" "$P2")
activate_table "${HTTP[0]}"; measure "3 nodes, round robin" "${HTTP[0]}" "${HTTP[1]}" "${HTTP[2]}"

{
  echo "| setup (1,000 rows, 16 connections, $DURATION, one 2-core machine) | req/s | p99 ms (worst node) | errors / requests | server CPU µs per request | RSS under load MB (largest node) |"
  echo "|---|---|---|---|---|---|"
  cat "$OUT/rows"
} | tee "$OUT/results.md"
awk -F'|' '{ split($5, e, "/"); if (e[2] + 0 > 0 && e[1] / e[2] > 0.001) { print "FAILED: errors over 0.1 % in" $2; bad = 1 } } END { exit bad }' "$OUT/rows"
echo "cluster-bench: OK"
