# Shared helpers for the transport benchmark scripts (sourced, not run).
# Everything listens on 127.0.0.1 only; every process started is recorded in BENCH_PIDS and killed
# by bench_cleanup (install it with: trap bench_cleanup EXIT).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_PIDS=()
BENCH_TMP="$(mktemp -d /tmp/cic-bench.XXXXXX)"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC}"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
  [[ -n "${KEEP_TMP:-}" ]] || rm -rf "$BENCH_TMP"
}

stop_pid() {
  local pid="$1"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Builds server and bench when a jar is missing or older than a source file it is built from.
build_if_needed() {
  local stale=0
  newer_than() { # JAR DIR... : true if JAR is missing or a source file or pom under DIRs is newer
    local jar="$1"; shift
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$@" \( -path '*/target' -prune \) -o -type f \( -name '*.java' -o -name 'pom.xml' \
        -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]]
  }
  newer_than "$ROOT/server/target/cic-server.jar" "$ROOT/protocol" "$ROOT/server" && stale=1
  newer_than "$ROOT/bench/target/cic-bench.jar" "$ROOT/protocol" "$ROOT/server" "$ROOT/client" "$ROOT/bench" && stale=1
  [[ "$ROOT/pom.xml" -nt "$ROOT/bench/target/cic-bench.jar" ]] && stale=1
  if [[ $stale == 1 ]]; then
    log "building (jar missing or sources changed)..."
    # package, not install: the reactor hands bench the sibling jars (copied to bench/target/lib),
    # so nothing in ~/.m2 changes under other builds sharing it
    (cd "$ROOT" && ./mvnw -q -B -pl bench -am package -DskipTests) >&2 || die "build failed"
  fi
}

# wait_for_line FILE REGEX SECONDS
wait_for_line() {
  local file="$1" re="$2" secs="$3" i
  for i in $(seq $((secs * 10))); do
    grep -qE "$re" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  log "timed out waiting for /$re/ in $file:"; tail -20 "$file" >&2
  return 1
}

# start_cic DATA_DIR PORT LOGFILE [VAR=VALUE ...] -> sets CIC_PID (the java process: env and ./cic exec it)
start_cic() {
  local dir="$1" port="$2" logf="$3"; shift 3
  env CIC_JAVA_OPTS="$SERVER_JAVA_OPTS" "$@" "$ROOT/cic" serve --data-dir "$dir" --port "$port" --tls-port -1 \
      --set bind-address=127.0.0.1 > "$logf" 2>&1 &
  CIC_PID=$!
  BENCH_PIDS+=("$CIC_PID")
  wait_for_line "$logf" 'OpenCIC server ready|event=ServerStarted' 120 || die "CIC server did not start"
}

# start_bare PORT LOGFILE [--with-metrics] -> sets BARE_PID
start_bare() {
  local port="$1" logf="$2"; shift 2
  java $SERVER_JAVA_OPTS -cp "$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*" \
      dev.opencic.bench.BareEventServer "$port" "$@" > "$logf" 2>&1 &
  BARE_PID=$!
  BENCH_PIDS+=("$BARE_PID")
  wait_for_line "$logf" 'BareEventServer ready' 60 || die "BareEventServer did not start"
}

# cic_setup_account DATA_DIR -> sets CIC_USER CIC_PASSWORD CIC_CLIENT_ID CIC_CLIENT_SECRET
# (run before the server starts, so the admin commands have the database to themselves)
cic_setup_account() {
  local dir="$1" out
  CIC_USER=bench
  CIC_PASSWORD="bench-password-$RANDOM$RANDOM"
  echo "$CIC_PASSWORD" | "$ROOT/cic" admin --data-dir "$dir" user add "$CIC_USER" >/dev/null 2>&1 \
      || die "user add failed"
  out="$("$ROOT/cic" admin --data-dir "$dir" client add bench-client 2>/dev/null)" || die "client add failed"
  CIC_CLIENT_ID="$(sed -n 's/.*"client_id" *: *"\([^"]*\)".*/\1/p' <<<"$out")"
  CIC_CLIENT_SECRET="$(sed -n 's/.*"client_secret" *: *"\([^"]*\)".*/\1/p' <<<"$out")"
  [[ -n "$CIC_CLIENT_ID" && -n "$CIC_CLIENT_SECRET" ]] || die "could not parse client add output: $out"
}

# cic_device_token PORT DEVICE_ID -> prints an access token (HTTP auth flow with curl)
cic_device_token() {
  local port="$1" device="$2" base="http://127.0.0.1:$1" account code token
  account="$(curl -sf --data-urlencode "username=$CIC_USER" --data-urlencode "password=$CIC_PASSWORD" \
      "$base/accounts/login" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')"
  [[ -n "$account" ]] || die "login failed"
  code="$(curl -sf -H "Authorization: Bearer $account" \
      "$base/authorize?client_id=$CIC_CLIENT_ID&device_id=$device&response_type=code&state=s" \
      | sed -n 's/.*"code" *: *"\([^"]*\)".*/\1/p')"
  [[ -n "$code" ]] || die "authorize failed"
  token="$(curl -sf -d grant_type=authorization_code -d "client_id=$CIC_CLIENT_ID" \
      --data-urlencode "client_secret=$CIC_CLIENT_SECRET" -d "code=$code" -d "device_id=$device" \
      "$base/token" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')"
  [[ -n "$token" ]] || die "token failed"
  printf '%s' "$token"
}
