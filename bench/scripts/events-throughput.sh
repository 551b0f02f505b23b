#!/usr/bin/env bash
# Events/s of POST /v1/events on the CIC server versus BareEventServer (bare Armeria, same JVM
# options), measured with h2load, interleaved (bare, CIC, bare, CIC, ...) so that load from other
# work on the machine hits both alike. Prints req/s per run and the CIC/bare ratio per shape.
#
#   bench/scripts/events-throughput.sh [ROUNDS] [SECONDS]      (defaults: 3 rounds, 10 s per run)
#
# Shapes: 1 connection x 1 stream (-c 1 -m 1) and 64 connections x 8 streams (-c 64 -m 8).
# h2load runs with one thread (-t 1): it shares the machine's cores with the server under test.
# Everything is on 127.0.0.1; every process started here is killed on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

ROUNDS="${1:-3}"
SECS="${2:-10}"
WARMUP_SECS="${WARMUP_SECS:-5}"
SHAPES=("-c 1 -m 1" "-c 64 -m 8")

command -v h2load >/dev/null 2>&1 || die "h2load not found: apt-get install -y nghttp2-client"
command -v curl >/dev/null 2>&1 || die "curl not found: apt-get install -y curl"

build_if_needed

# --- CIC server, account, device token, downchannel ---
CIC_DIR="$BENCH_TMP/cic-data"
CIC_PORT="$(free_port)"
cic_setup_account "$CIC_DIR"
start_cic "$CIC_DIR" "$CIC_PORT" "$BENCH_TMP/cic.log"
log "CIC server pid=$CIC_PID port=$CIC_PORT (JVM options: $SERVER_JAVA_OPTS)"
TOKEN="$(cic_device_token "$CIC_PORT" bench-device)"
curl -sN --http2-prior-knowledge -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$CIC_PORT/v1/directives" > /dev/null &
BENCH_PIDS+=($!)

# --- the event body: one metadata part, as a device sends for SpeechStarted ---
BOUNDARY="bench-boundary-7d1f"
BODY="$BENCH_TMP/event.multipart"
printf -- '--%s\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n%s\r\n--%s--\r\n' \
    "$BOUNDARY" \
    '{"context":[],"event":{"header":{"namespace":"SpeechSynthesizer","name":"SpeechStarted","messageId":"m1"},"payload":{"token":"t1"}}}' \
    "$BOUNDARY" > "$BODY"
CT="content-type: multipart/form-data; boundary=$BOUNDARY"

# --- BareEventServer ---
BARE_PORT="$(free_port)"
start_bare "$BARE_PORT" "$BENCH_TMP/bare.log"
log "BareEventServer pid=$BARE_PID port=$BARE_PORT"

# Sanity: both answer 204 to the body (CIC needs the downchannel to be open: retry briefly).
for i in $(seq 50); do
  code="$(curl -s -o /dev/null -w '%{http_code}' --http2-prior-knowledge -H "$CT" \
      -H "Authorization: Bearer $TOKEN" --data-binary @"$BODY" "http://127.0.0.1:$CIC_PORT/v1/events")"
  [[ "$code" == 204 ]] && break
  sleep 0.1
done
[[ "$code" == 204 ]] || die "CIC answered $code to the benchmark event (expected 204)"
code="$(curl -s -o /dev/null -w '%{http_code}' --http2-prior-knowledge -H "$CT" --data-binary @"$BODY" \
    "http://127.0.0.1:$BARE_PORT/v1/events")"
[[ "$code" == 204 ]] || die "BareEventServer answered $code (expected 204)"

# run_h2load NAME PORT SHAPE SECONDS -> sets RPS (req/s); full output kept in $BENCH_TMP/runs
mkdir -p "$BENCH_TMP/runs"
RUN_NO=0
run_h2load() {
  local name="$1" port="$2" shape="$3" secs="$4" out auth=()
  RUN_NO=$((RUN_NO + 1))
  out="$BENCH_TMP/runs/$(printf %02d $RUN_NO)-$name.txt"
  [[ "$name" == cic ]] && auth=(-H "authorization: Bearer $TOKEN")
  # shellcheck disable=SC2086
  h2load -t 1 $shape -D "$secs" --warm-up-time=1 -d "$BODY" -H "$CT" "${auth[@]}" \
      "http://127.0.0.1:$port/v1/events" > "$out" 2>&1 || { cat "$out" >&2; die "h2load failed"; }
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
  {
    echo "=== run $RUN_NO: $name $shape -D $secs"
    echo "\$ h2load -t 1 $shape -D $secs --warm-up-time=1 -d event.multipart -H '$CT'${auth:+ -H 'authorization: Bearer <token>'} http://127.0.0.1:$port/v1/events"
    grep -E '^(finished in|requests:|status codes:|traffic:)' "$out"
    grep -A4 -E '^ +min +max' "$out" | head -3
  } >> "$BENCH_TMP/summary.txt"
}

log "warm-up: ${WARMUP_SECS}s per server and shape (discarded)"
for shape in "${SHAPES[@]}"; do
  run_h2load bare "$BARE_PORT" "$shape" "$WARMUP_SECS"
  run_h2load cic "$CIC_PORT" "$shape" "$WARMUP_SECS"
done
: > "$BENCH_TMP/summary.txt"

declare -A SUM
RESULTS=()
for r in $(seq "$ROUNDS"); do
  for shape in "${SHAPES[@]}"; do
    run_h2load bare "$BARE_PORT" "$shape" "$SECS"; b="$RPS"
    run_h2load cic "$CIC_PORT" "$shape" "$SECS"; c="$RPS"
    ratio="$(awk -v c="$c" -v b="$b" 'BEGIN { printf "%.3f", c / b }')"
    line="round $r  shape [$shape]  bare $b req/s  cic $c req/s  cic/bare $ratio"
    log "$line"
    RESULTS+=("$line")
    SUM["$shape,b"]="$(awk -v s="${SUM["$shape,b"]:-0}" -v x="$b" 'BEGIN { print s + x }')"
    SUM["$shape,c"]="$(awk -v s="${SUM["$shape,c"]:-0}" -v x="$c" 'BEGIN { print s + x }')"
  done
done

# CIC's own count of /v1/events answers by status (the 2xx above must all be 204).
METRICS="$(curl -s "http://127.0.0.1:$CIC_PORT/metrics" | grep -E '^cic_http_requests_total\{' | grep 'path="/v1/events"\|route=".*v1/events' || true)"

echo
echo "== machine"
echo "nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" ram=$(free -g | awk '/^Mem:/ {print $2}')GiB kernel=$(uname -r)"
java -version 2>&1 | head -2
h2load --version | head -1
echo "server JVM options (both): $SERVER_JAVA_OPTS"
echo
echo "== h2load summaries (measured runs, in order)"
cat "$BENCH_TMP/summary.txt"
echo
echo "== per round"
printf '%s\n' "${RESULTS[@]}"
echo
echo "== mean over $ROUNDS rounds"
for shape in "${SHAPES[@]}"; do
  awk -v b="${SUM["$shape,b"]}" -v c="${SUM["$shape,c"]}" -v n="$ROUNDS" -v s="$shape" \
      'BEGIN { printf "shape [%s]  bare %.0f req/s  cic %.0f req/s  cic/bare %.3f  (target >= 0.75: %s)\n", s, b/n, c/n, c/b, (c/b >= 0.75 ? "met" : "NOT met") }'
done
echo
echo "== CIC /metrics for /v1/events (status 204 expected only)"
echo "${METRICS:-(no matching series)}"
