#!/usr/bin/env bash
# In-process benchmarks (JMH): autorule lookup at 100 / 1,000 / 10,000 rows (Marshrut's index, the Drools DMN
# runtime on the same table, a HashMap floor), the whole decision without HTTP, deadlines and the audit write.
# Usage: bench/jmh.sh [--smoke] [JMH options…]   (--smoke: every benchmark for about a second, for CI)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BJAR=$ROOT/bench/target/benchmarks.jar
[ -f "$BJAR" ] || { echo "MISSING: $BJAR (run: mvn -B install -DskipTests && mvn -B -f bench/pom.xml package)"; exit 2; }
mkdir -p "$ROOT/bench/target"
if [ "${1:-}" = "--smoke" ]; then
  shift
  exec java -jar "$BJAR" -f 1 -wi 0 -i 1 -r 1s -foe true -rf json -rff "$ROOT/bench/target/jmh-smoke.json" "$@"
fi
exec java -jar "$BJAR" -f 1 -wi 3 -w 2s -i 5 -r 2s -foe true -rf json -rff "$ROOT/bench/target/jmh.json" "$@"
