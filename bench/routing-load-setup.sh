# Sourced by bench/thread-cpu.sh, bench/memory-bench.sh and bench/upload-bench.sh: start_marshrut (below) starts the
# service; prepare_routing_load prepares a Marshrut just started on 127.0.0.1 for the
# routing load — waits until it is ready, creates a platform key for kachkanar (exported as MARSHRUT_BENCH_KEY, which
# the wrk script sends) and uploads and activates the given autorule table with the bootstrap key.
# Usage: prepare_routing_load PORT BOOTSTRAP_KEY TABLE.dmn   Sets B (the API's base URL) and AUTH.
prepare_routing_load() {
  local port=$1 boot=$2 table=$3 version
  B=http://127.0.0.1:$port/api/v1
  AUTH="Authorization: Bearer $boot"
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.2; done
  MARSHRUT_BENCH_KEY=$(curl -s -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"name":"bench ПОС-коннектор","roles":["platform"],"municipalities":["kachkanar"]}' "$B/api-keys" \
    | sed 's/.*"key":"\([^"]*\)".*/\1/')
  export MARSHRUT_BENCH_KEY
  version=$(curl -s -H "$AUTH" -H 'Content-Type: application/xml' --data-binary @"$table" \
    "$B/municipalities/kachkanar/autorules" | sed 's/.*"version":\([0-9]*\).*/\1/')
  curl -sf -H "$AUTH" -X POST "$B/municipalities/kachkanar/autorules/$version/activate" >/dev/null \
    || { echo "FAILED: activation"; exit 1; }
}

# Starts the packaged service of $APP on 127.0.0.1:PORT with a fresh data directory and a bootstrap key (BOOT), the JVM
# options given after its log file; sets SPID, and stops it and removes the data directory when the script exits.
# Usage: start_marshrut PORT LOG [JVM option …]
start_marshrut() {
  local port=$1 log=$2
  shift 2
  BOOT=bench-$(date +%s%N)
  DATA=$(mktemp -d)
  MARSHRUT_BOOTSTRAP_KEY=$BOOT java "$@" -XX:SharedArchiveFile="$APP/app-cds.jsa" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$port" -Dmarshrut.data-dir="$DATA" -jar "$APP/quarkus-run.jar" >"$log" 2>&1 &
  SPID=$!
  # The service is waited for before its data directory goes: it writes its stores while it shuts down
  trap 'kill $SPID 2>/dev/null || true; wait $SPID 2>/dev/null || true; rm -rf "$DATA"' EXIT
}
