#!/usr/bin/env bash
# A copy of the packaged service with a class-data-sharing archive of its own, to compare builds side by side:
# copies target/quarkus-app to DIR and runs the build's training start on the copy (the archive names the jar's path,
# so a copy cannot use the build's archive). Usage: bench/copy-app.sh DIR   (then: APP=DIR bash bench/thread-cpu.sh,
# or START_BENCH_APPS="DIR1 DIR2" bash bench/start-bench.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:?usage: bench/copy-app.sh DIR}
[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || { echo "MISSING: target/quarkus-app (run: mvn -B package -DskipTests)"; exit 2; }
rm -rf "$DIR"
cp -r "$ROOT/target/quarkus-app" "$DIR"
rm -f "$DIR/app-cds.jsa"
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
# The options of the pom's cds-training execution
java -XX:ArchiveClassesAtExit="$DIR/app-cds.jsa" -Xlog:cds*=error -Dmarshrut.cds-training=true -Dmarshrut.data-dir="$DATA" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.log.level=WARN -jar "$DIR/quarkus-run.jar" >"$DIR.training.log" 2>&1
[ -f "$DIR/app-cds.jsa" ] || { echo "FAILED: no archive; see $DIR.training.log"; exit 1; }
echo "$DIR: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+changes'), archive $(du -m "$DIR/app-cds.jsa" | cut -f1) MB"
