#!/usr/bin/env bash
# Events/s of POST /v1/events (SpeechSynthesizer.SpeechStarted, 64 connections x 8 streams, h2load)
# on two CIC servers that differ only in their store: H2 in the data directory ("h2") and a
# throw-away PostgreSQL ("pg", postgres.sh, fsync on). The order alternates every round, and the
# PostgreSQL transactions counted during each run show how much of the event path reaches the store.
#
#   bench/scripts/store-throughput.sh [ROUNDS] [SECONDS]      (defaults: 6 rounds, 10 s per run)
#
# WARM=SECONDS (default 30): warm-up per server, twice, discarded. On a loaded 2-core machine the JIT
# of a server started a minute later is still behind after short warm-ups, and the older server wins
# whichever store it has (PG_STARTS_FIRST=1 starts the PostgreSQL one first, to check that).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
trap 'postgres_stop; bench_cleanup' EXIT
ROUNDS="${1:-6}"
SECS="${2:-10}"
command -v h2load >/dev/null 2>&1 || die "h2load not found: apt-get install -y nghttp2-client"
build_if_needed

BOUNDARY="bench-boundary-7d1f"
BODY="$BENCH_TMP/event.multipart"
printf -- '--%s\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n%s\r\n--%s--\r\n' \
    "$BOUNDARY" \
    '{"context":[],"event":{"header":{"namespace":"SpeechSynthesizer","name":"SpeechStarted","messageId":"m1"},"payload":{"token":"t1"}}}' \
    "$BOUNDARY" > "$BODY"

declare -A PORT TOKEN PID
start_target() {
  local name="$1" dir="$BENCH_TMP/$1" port
  port="$(free_port)"
  cic_setup_account "$dir"
  start_cic "$dir" "$port" "$BENCH_TMP/$name.log"
  PORT[$name]="$port"
  PID[$name]="$CIC_PID"
  TOKEN[$name]="$(cic_device_token "$port" bench-device)"
  curl -sN --http2-prior-knowledge -H "Authorization: Bearer ${TOKEN[$name]}" \
      "http://127.0.0.1:$port/v1/directives" > /dev/null &
  BENCH_PIDS+=($!)
  log "$name: pid=$CIC_PID port=$port"
}
start_pg_target() { # the environment carries the store settings and the password to ./cic
  CIC_DB_URL="$PG_URL" CIC_DB_USER="$PG_USER" CIC_DB_PASSWORD="$PG_PASSWORD" start_target pg
}
postgres_start
if [[ -n "${PG_STARTS_FIRST:-}" ]]; then start_pg_target; start_target h2; else start_target h2; start_pg_target; fi
PG_PORT="${PG_URL##*:}"; PG_PORT="${PG_PORT%%/*}"

pg_transactions() {
  pg_as "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_USER" -d cic -Atc \
      "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'cic'"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK="$(getconf CLK_TCK)"

# run NAME SECONDS -> sets RPS, CPU_US and LINE (what to print)
run() {
  local name="$1" secs="$2" out="$BENCH_TMP/run.txt" c0 c1 x0 x1 total
  x0="$(pg_transactions)"; c0="$(cpu_ticks "${PID[$name]}")"
  h2load -t 1 -c 64 -m 8 -D "$secs" --warm-up-time=1 -d "$BODY" \
      -H "content-type: multipart/form-data; boundary=$BOUNDARY" -H "authorization: Bearer ${TOKEN[$name]}" \
      "http://127.0.0.1:${PORT[$name]}/v1/events" > "$out" 2>&1
  c1="$(cpu_ticks "${PID[$name]}")"; x1="$(pg_transactions)"
  total="$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' "$out")"
  grep -q "^status codes: $total 2xx" "$out" || { cat "$out" >&2; die "$name: not every request answered 2xx"; }
  RPS="$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$out")"
  CPU_US="$(awk -v d=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$total" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }')"
  LINE="$name $RPS req/s  server CPU $CPU_US us/event  PostgreSQL transactions $((x1 - x0)) during $total events  load $(cut -d' ' -f1 /proc/loadavg)"
}

log "warm-up: ${WARM:-30} s per server, twice (discarded)"
for _ in 1 2; do run h2 "${WARM:-30}"; run pg "${WARM:-30}"; done
declare -A SUM SUMCPU
for r in $(seq "$ROUNDS"); do
  order=(h2 pg); (( r % 2 )) || order=(pg h2)
  for t in "${order[@]}"; do
    run "$t" "$SECS"
    echo "round $r  $LINE"
    SUM[$t]="$(awk -v s="${SUM[$t]:-0}" -v x="$RPS" 'BEGIN { print s + x }')"
    SUMCPU[$t]="$(awk -v s="${SUMCPU[$t]:-0}" -v x="$CPU_US" 'BEGIN { print s + x }')"
  done
done
echo "== nproc=$(nproc) $(java -version 2>&1 | head -1); $("$PG_BIN/postgres" --version)"
awk -v h="${SUM[h2]}" -v p="${SUM[pg]}" -v ch="${SUMCPU[h2]}" -v cp="${SUMCPU[pg]}" -v n="$ROUNDS" 'BEGIN {
  printf "mean over %d rounds: h2 %.0f req/s (%.1f us CPU/event)  pg %.0f req/s (%.1f us CPU/event)  pg/h2 %.3f (CPU %.2f)\n",
         n, h/n, ch/n, p/n, cp/n, p/h, cp/ch }'
