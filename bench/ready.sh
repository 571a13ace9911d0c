# Sourced by the benchmarks. marshrut_ready URL: the service answers and every readiness check is up but, possibly,
# the production calendar's — down from the day today runs past the loaded calendars (late December, before next
# year's is published), while the benchmarks route items of a covered year.
marshrut_ready() {
  local body
  body=$(curl -s "$1/q/health/ready" 2>/dev/null || true)
  case "$body" in *'"checks"'*) ;; *) return 1 ;; esac
  ! printf '%s' "$body" | tr -d ' \n' | grep -o '"name":"[^"]*","status":"DOWN"' | grep -qv '"name":"production-calendar"'
}

# marshrut_answers URL: the service answers its readiness probe, ready or not (a clustered node waiting for its peers).
marshrut_answers() {
  curl -s "$1/q/health/ready" 2>/dev/null | grep -q '"checks"'
}
