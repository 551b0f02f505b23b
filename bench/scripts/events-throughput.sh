#!/usr/bin/env bash
# Events/s of POST /v1/events on the CIC server versus BareEventServer (bare Armeria, same JVM
# options), measured with h2load, interleaved (bare, CIC, bare, CIC, ...) so that load from other
# work on the machine hits both alike. Prints req/s per run and the CIC/bare ratio per shape.
#
#   bench/scripts/events-throughput.sh [ROUNDS] [SECONDS]      (defaults: 3 rounds, 10 s per run)
#
# Shapes: 1 connection x 1 stream (-c 1 -m 1), pinned two ways (see SHAPES below), and 64
# connections x 8 streams (-c 64 -m 8).
# h2load runs with one thread (-t 1): it shares the machine's cores with the server under test.
# Everything is on 127.0.0.1; every process started here is killed on exit.
#
# Diagnostic option: WITH_QUIET_CIC=1 also starts a second CIC server with CIC_LOG_LEVEL=WARN (no
# per-request INFO log lines) and measures it in the same interleaving as "cic-quiet", to show
# what the per-request logging costs. WITH_BARE_SAME_HEADERS=1 also measures the bare server sent
# exactly CIC's requests, authorization header included, as "bare-same-headers". WITH_BARE_METRICS=1 also starts BareEventServer
# --with-metrics (CIC's request metrics on the bare server) as "bare-metrics", to show what that
# layer costs. WITH_POSTGRES_CIC=1 also starts a CIC server whose store is a throw-away PostgreSQL
# (postgres.sh, fsync on) as "cic-pg", to compare the stores in the same interleaving. The default
# figures are for the default configuration.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

ROUNDS="${1:-3}"
SECS="${2:-10}"
WARMUP_SECS="${WARMUP_SECS:-5}"
# A shape is "h2load options|placement". One connection with one stream is a ping-pong between
# h2load and one server event loop, and its speed depends mostly on whether the scheduler puts the
# two on the same core (measured here: bare ~27k req/s, ~20 us CPU per request) or on different
# cores (~8-9k req/s, ~50 us: every request wakes a thread on the other core). Left to the
# scheduler, runs land anywhere in between and a CIC/bare ratio measures luck, so 1x1 is measured
# pinned both ways: "same" runs the server (all its threads) and h2load on CPU 0; "cross" runs the
# server on CPU 0 and h2load on CPU 1. 64x8 keeps the server on all cores, unpinned.
# SHAPES_1X1_UNPINNED=1 adds the unpinned 1x1 shape as well.
SHAPES=("-c 1 -m 1|same" "-c 1 -m 1|cross" "-c 64 -m 8|")
[[ -n "${SHAPES_1X1_UNPINNED:-}" ]] && SHAPES=("-c 1 -m 1|" "${SHAPES[@]}")
(( $(nproc) >= 2 )) || die "needs at least 2 CPUs for the pinned 1x1 shapes"
ALL_CPUS="0-$(( $(nproc) - 1 ))"

command -v h2load >/dev/null 2>&1 || die "h2load not found: apt-get install -y nghttp2-client"
command -v curl >/dev/null 2>&1 || die "curl not found: apt-get install -y curl"

build_if_needed

# --- the event body: one metadata part, as a device sends for SpeechStarted ---
BOUNDARY="bench-boundary-7d1f"
BODY="$BENCH_TMP/event.multipart"
printf -- '--%s\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n%s\r\n--%s--\r\n' \
    "$BOUNDARY" \
    '{"context":[],"event":{"header":{"namespace":"SpeechSynthesizer","name":"SpeechStarted","messageId":"m1"},"payload":{"token":"t1"}}}' \
    "$BOUNDARY" > "$BODY"
CT="content-type: multipart/form-data; boundary=$BOUNDARY"

declare -A PORT TOKEN PID
TARGETS=(bare cic)

# --- CIC server(s): account, device token, downchannel ---
# start_cic_target NAME [ENV=VALUE ...]
start_cic_target() {
  local name="$1"; shift
  local dir="$BENCH_TMP/$name-data" port
  port="$(free_port)"
  cic_setup_account "$dir"
  start_cic "$dir" "$port" "$BENCH_TMP/$name.log" "$@"   # records the pid in BENCH_PIDS first
  PORT[$name]="$port"
  PID[$name]="$CIC_PID"
  TOKEN[$name]="$(cic_device_token "$port" bench-device)"
  curl -sN --http2-prior-knowledge -H "Authorization: Bearer ${TOKEN[$name]}" \
      "http://127.0.0.1:$port/v1/directives" > /dev/null &
  BENCH_PIDS+=($!)
  log "$name: pid=$CIC_PID port=$port ${*:-(default configuration)}; JVM options: $SERVER_JAVA_OPTS"
}
start_cic_target cic
if [[ -n "${WITH_QUIET_CIC:-}" ]]; then
  start_cic_target cic-quiet CIC_LOG_LEVEL=WARN
  TARGETS+=(cic-quiet)
fi
if [[ -n "${WITH_POSTGRES_CIC:-}" ]]; then
  source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
  trap 'postgres_stop; bench_cleanup' EXIT
  postgres_start
  # The environment carries the store settings (and the password) to ./cic admin and ./cic serve.
  CIC_DB_URL="$PG_URL" CIC_DB_USER="$PG_USER" CIC_DB_PASSWORD="$PG_PASSWORD" start_cic_target cic-pg
  log "cic-pg: store $PG_URL"
  TARGETS+=(cic-pg)
fi

# --- BareEventServer ---
PORT[bare]="$(free_port)"
start_bare "${PORT[bare]}" "$BENCH_TMP/bare.log"
PID[bare]="$BARE_PID"
if [[ -n "${WITH_BARE_METRICS:-}" ]]; then
  PORT[bare-metrics]="$(free_port)"
  start_bare "${PORT[bare-metrics]}" "$BENCH_TMP/bare-metrics.log" --with-metrics
  PID[bare-metrics]="$BARE_PID"
  TARGETS+=(bare-metrics)
  log "bare-metrics: pid=$BARE_PID port=${PORT[bare-metrics]}; JVM options: $SERVER_JAVA_OPTS"
fi
log "bare: pid=$BARE_PID port=${PORT[bare]}; JVM options: $SERVER_JAVA_OPTS"
if [[ -n "${WITH_BARE_SAME_HEADERS:-}" ]]; then
  # The same bare server, sent byte-for-byte CIC's requests: with the authorization header too
  # (which it ignores). h2load (nghttp2) never adds authorization to the HPACK table, so the token
  # is sent and Huffman-decoded on every request; this shows what that costs the transport alone.
  PORT[bare-same-headers]="${PORT[bare]}"
  PID[bare-same-headers]="${PID[bare]}"
  TOKEN[bare-same-headers]="${TOKEN[cic]}"
  TARGETS+=(bare-same-headers)
fi

# Sanity: every target answers 204 to the body (CIC needs its downchannel open: retry briefly).
for t in "${TARGETS[@]}"; do
  auth=(); [[ -n "${TOKEN[$t]:-}" ]] && auth=(-H "Authorization: Bearer ${TOKEN[$t]}")
  for _ in $(seq 50); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --http2-prior-knowledge -H "$CT" "${auth[@]}" \
        --data-binary @"$BODY" "http://127.0.0.1:${PORT[$t]}/v1/events")"
    [[ "$code" == 204 ]] && break
    sleep 0.1
  done
  [[ "$code" == 204 ]] || die "$t answered $code to the benchmark event (expected 204)"
done

# server process CPU time (user+system) in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# run_h2load TARGET SHAPE SECONDS -> sets RPS (req/s) and CPU_US (server CPU microseconds per
# request, over the measured period: sampled 1 s after h2load starts, i.e. after its warm-up, and
# when it ends); full output kept in $BENCH_TMP/runs
mkdir -p "$BENCH_TMP/runs"
RUN_NO=0
run_h2load() {
  local name="$1" spec="$2" secs="$3" out auth=() port="${PORT[$1]}" pin=() shape placement
  shape="${spec%%|*}"
  placement="${spec##*|}"
  case "$placement" in
    same)  taskset -a -p -c 0 "${PID[$name]}" > /dev/null; pin=(taskset -c 0) ;;
    cross) taskset -a -p -c 0 "${PID[$name]}" > /dev/null; pin=(taskset -c 1) ;;
    *)     taskset -a -p -c "$ALL_CPUS" "${PID[$name]}" > /dev/null ;;
  esac
  RUN_NO=$((RUN_NO + 1))
  out="$BENCH_TMP/runs/$(printf %02d $RUN_NO)-$name.txt"
  [[ -n "${TOKEN[$name]:-}" ]] && auth=(-H "authorization: Bearer ${TOKEN[$name]}")
  # shellcheck disable=SC2086
  "${pin[@]}" h2load -t 1 $shape -D "$secs" --warm-up-time=1 -d "$BODY" -H "$CT" "${auth[@]}" \
      "http://127.0.0.1:$port/v1/events" > "$out" 2>&1 &
  local h2pid=$! c0 c1
  sleep 1
  c0="$(cpu_ticks "${PID[$name]}")"
  wait "$h2pid" || { cat "$out" >&2; die "h2load failed"; }
  c1="$(cpu_ticks "${PID[$name]}")"
  # validity: every request answered 2xx (204 checked above and via /metrics), nothing failed
  local total ok s2 s4 s5
  total="$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' "$out")"
  ok="$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$out")"
  read -r s2 s4 s5 < <(sed -n 's/^status codes: \([0-9]*\) 2xx, [0-9]* 3xx, \([0-9]*\) 4xx, \([0-9]*\) 5xx.*/\1 \2 \3/p' "$out")
  if [[ "$s4" != 0 || "$s5" != 0 || "$ok" != "$total" || "$s2" != "$total" ]]; then
    cat "$out" >&2
    die "invalid run ($name, $shape): total=$total succeeded=$ok 2xx=$s2 4xx=$s4 5xx=$s5"
  fi
  RPS="$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out")"
  CPU_US="$(awk -v d=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$total" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }')"
  {
    echo "=== run $RUN_NO: $name $shape -D $secs ${placement:+(server on CPU 0, h2load on CPU ${pin[2]})}"
    echo "\$ ${pin[*]:+${pin[*]} }h2load -t 1 $shape -D $secs --warm-up-time=1 -d event.multipart -H '$CT'${auth:+ -H 'authorization: Bearer <token>'} http://127.0.0.1:$port/v1/events"
    grep -E '^(finished in|requests:|status codes:|traffic:)' "$out"
    grep -A1 -E '^ +min +max' "$out" | head -2
    echo "server CPU (user+sys) during the measured period: $((c1 - c0)) ticks at $CLK_TCK Hz = $CPU_US us/request"
  } >> "$BENCH_TMP/summary.txt"
}

log "warm-up: ${WARMUP_SECS}s per server and shape (discarded)"
for shape in "${SHAPES[@]}"; do
  for t in "${TARGETS[@]}"; do run_h2load "$t" "$shape" "$WARMUP_SECS"; done
done
: > "$BENCH_TMP/summary.txt"

declare -A SUM SUMCPU
RESULTS=()
for r in $(seq "$ROUNDS"); do
  for shape in "${SHAPES[@]}"; do
    line="round $r  shape [$shape]"
    for t in "${TARGETS[@]}"; do
      run_h2load "$t" "$shape" "$SECS"
      SUM["$shape,$t"]="$(awk -v s="${SUM["$shape,$t"]:-0}" -v x="$RPS" 'BEGIN { print s + x }')"
      SUMCPU["$shape,$t"]="$(awk -v s="${SUMCPU["$shape,$t"]:-0}" -v x="$CPU_US" 'BEGIN { print s + x }')"
      declare "RPS_${t//-/_}=$RPS"
      line+="  $t $RPS (${CPU_US}us cpu/req)"
    done
    line+="  req/s"
    for t in "${TARGETS[@]:1}"; do
      v="RPS_${t//-/_}"
      line+="  $t/bare $(awk -v c="${!v}" -v b="$RPS_bare" 'BEGIN { printf "%.3f", c / b }')"
    done
    log "$line"
    RESULTS+=("$line")
  done
done

echo
echo "== machine"
echo "nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" ram=$(free -g | awk '/^Mem:/ {print $2}')GiB kernel=$(uname -r)"
java -version 2>&1 | head -2
h2load --version | head -1
echo "server JVM options (all): $SERVER_JAVA_OPTS"
echo
echo "== h2load summaries (measured runs, in order)"
cat "$BENCH_TMP/summary.txt"
echo
echo "== per round"
printf '%s\n' "${RESULTS[@]}"
echo
echo "== mean over $ROUNDS rounds (ratio = sum of CIC req/s / sum of bare req/s)"
for shape in "${SHAPES[@]}"; do
  for t in "${TARGETS[@]:1}"; do
    awk -v b="${SUM["$shape,bare"]}" -v c="${SUM["$shape,$t"]}" -v n="$ROUNDS" -v s="$shape" -v t="$t" \
        'BEGIN { printf "shape [%s]  bare %.0f req/s  %s %.0f req/s  %s/bare %.3f%s\n", s, b/n, t, c/n, t, c/b, (t !~ /^cic/ ? "" : c/b >= 0.75 ? "  (target >= 0.75: met)" : "  (target >= 0.75: NOT met)") }'
    awk -v b="${SUMCPU["$shape,bare"]}" -v c="${SUMCPU["$shape,$t"]}" -v n="$ROUNDS" -v s="$shape" -v t="$t" \
        'BEGIN { printf "shape [%s]  server CPU per request: bare %.1f us  %s %.1f us  (%s/bare %.2f)\n", s, b/n, t, c/n, t, c/b }'
  done
done
echo
echo "== CIC's own count of POST /v1/events answers by status (all must be 204)"
for t in "${TARGETS[@]:1}"; do
  [[ $t == cic* ]] || continue
  # /metrics is on the admin port, whose URI the server writes to <data-dir>/admin.endpoint
  curl -s "$(cat "$BENCH_TMP/$t-data/admin.endpoint")/metrics" \
    | grep -E '^cic_http_requests_total\{.*route="/v1/events"' \
    | sed -n "s/.*http_status=\"\([0-9]*\)\".*} \(.*\)/$t: status \1 count \2/p" || true
done
