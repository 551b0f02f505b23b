#!/usr/bin/env bash
# Per-node cost of cluster mode against single-node mode on the same box, in one run (issue 19):
#   A. events/s and server CPU per event, 64 connections x 8 streams, every event a fresh messageId
#      (dev.opencic.bench.cluster.FreshEventsLoad; h2load's fixed body would measure replays), on
#      "single" (H2 in its data directory, no Redis: ./cic serve as shipped) and "node" (one node of a
#      cluster: PostgreSQL + Redis), interleaved single, node, single, node... after a warm-up of each;
#   B. heap per idle device on the same two servers: live heap (jmap -histo:live) with N idle
#      devices (own connection, own token, open downchannel: dev.opencic.bench.IdleDevices) minus the
#      same with their tokens issued and no device connected, divided by N;
#   C. (NODES_LOAD=1, default) simulated devices (dev.opencic.bench.devices.SimulatedDevices: one
#      "what time is it" a minute each, spoken answer) on 1 node, then on 3 nodes with one load process
#      per node, each node given the same DEVICES: devices held and events/s answered.
#
#   bench/scripts/cluster-cost.sh [ROUNDS] [SECONDS]       (defaults: 3 rounds, 10 s per run)
#
# Env: IDLE_DEVICES (1000), DEVICES (300 per node, part C), WARMUP_SECS (20) / MEASURE_SECS (40) for
# part C, SERVER_JAVA_OPTS (lib.sh). PostgreSQL: postgres.sh (fsync on); Redis: redis-server, no
# persistence. Everything on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
REDIS_PID=""
trap 'postgres_stop; bench_cleanup' EXIT

ROUNDS="${1:-3}"
SECS="${2:-10}"
IDLE_DEVICES="${IDLE_DEVICES:-1000}"
DEVICES="${DEVICES:-300}"
WARMUP_SECS="${WARMUP_SECS:-20}"
MEASURE_SECS="${MEASURE_SECS:-40}"
NODES_LOAD="${NODES_LOAD:-1}"
PARTS="${PARTS:-A B C}"   # PARTS=C: part C only
command -v redis-server >/dev/null 2>&1 || die "redis-server not found: apt-get install -y redis-server"
command -v jmap >/dev/null 2>&1 || die "jmap not found (a full JDK)"
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
build_if_needed
OUT="$BENCH_TMP/out"; mkdir -p "$OUT"
BENCH_CP="$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*"
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

postgres_start
REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$BENCH_TMP" \
    > "$OUT/redis.log" 2>&1 &
REDIS_PID=$!
BENCH_PIDS+=("$REDIS_PID")
sleep 1
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
log "redis: $(redis-server --version | cut -d' ' -f3) on 127.0.0.1:$REDIS_PORT"

declare -A PORT PID TOKEN USERS PASSWORDS CIDS CSECRETS
# start_target NAME cluster|single [node-id]
start_target() {
  local name="$1" kind="$2" dir="$BENCH_TMP/$1-data" port env=(CIC_ASR_POOL_SIZE=0)
  port="$(free_port)"
  if [[ $kind == cluster ]]; then
    env+=(CIC_DB_URL="$PG_URL" CIC_DB_USER="$PG_USER" CIC_DB_PASSWORD="$PG_PASSWORD" CIC_REDIS_URL="$REDIS_URL"
          CIC_NODE_ID="${3:-$name}")
  fi
  if [[ $kind == single || $name == node || $name == n1 ]]; then
    ( for kv in "${env[@]}"; do export "${kv?}"; done
      cic_setup_account "$dir"
      printf '%s\n' "$CIC_USER" "$CIC_PASSWORD" "$CIC_CLIENT_ID" "$CIC_CLIENT_SECRET" ) > "$OUT/$name.account" \
      || die "account setup failed for $name"
  fi
  start_cic "$dir" "$port" "$OUT/$name.log" "${env[@]}"
  PORT[$name]="$port"; PID[$name]="$CIC_PID"
  log "$name ($kind): pid=$CIC_PID port=$port"
}
# account_of NAME ACCOUNT_NAME: the credentials made for ACCOUNT_NAME's database
account_of() {
  mapfile -t a < "$OUT/$2.account"
  CIC_USER="${a[0]}"; CIC_PASSWORD="${a[1]}"; CIC_CLIENT_ID="${a[2]}"; CIC_CLIENT_SECRET="${a[3]}"
}

if [[ $PARTS == *A* || $PARTS == *B* ]]; then
start_target single single
start_target node cluster node-1
for t in single node; do
  account_of "$t" "$t"
  TOKEN[$t]="$(cic_device_token "${PORT[$t]}" bench-device)"
  curl -sN --http2-prior-knowledge -H "Authorization: Bearer ${TOKEN[$t]}" \
      "http://127.0.0.1:${PORT[$t]}/v1/directives" > /dev/null &
  BENCH_PIDS+=($!)
done
sleep 1

# run_load NAME SECONDS WARMUP -> RPS, CPU_US
run_load() {
  local name="$1" secs="$2" warm="$3" out c0 c1 line
  out="$OUT/load-$name-$RANDOM.txt"
  java -Xmx512m -cp "$BENCH_CP" dev.opencic.bench.cluster.FreshEventsLoad --url "http://127.0.0.1:${PORT[$name]}" \
      --token "${TOKEN[$name]}" --connections 64 --streams 8 --warmup-seconds "$warm" --seconds "$secs" > "$out" 2>&1 &
  local lp=$!
  sleep "$warm"
  c0="$(cpu_ticks "${PID[$name]}")"
  wait "$lp" || { cat "$out" >&2; die "load failed on $name"; }
  c1="$(cpu_ticks "${PID[$name]}")"
  line="$(grep '^events/s=' "$out")"
  RPS="$(sed -n 's/^events\/s=\([0-9]*\).*/\1/p' <<<"$line")"
  local n; n="$(sed -n 's/.* ok=\([0-9]*\).*/\1/p' <<<"$line")"
  CPU_US="$(awk -v d=$((c1 - c0)) -v hz="$CLK_TCK" -v n="$n" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }')"
}

log "A. warm-up 20 s each (discarded)"
run_load single 15 5; run_load node 15 5
declare -A SUM SUMCPU
A_LINES=()
for r in $(seq "$ROUNDS"); do
  order=(single node); (( r % 2 == 0 )) && order=(node single)
  line="round $r:"
  for t in "${order[@]}"; do
    run_load "$t" "$SECS" 3
    SUM[$t]="$(awk -v s="${SUM[$t]:-0}" -v x="$RPS" 'BEGIN { print s + x }')"
    SUMCPU[$t]="$(awk -v s="${SUMCPU[$t]:-0}" -v x="$CPU_US" 'BEGIN { print s + x }')"
    line+="  $t $RPS events/s ${CPU_US} us CPU/event"
  done
  line+="  (load average $(cut -d' ' -f1 /proc/loadavg))"
  log "$line"; A_LINES+=("$line")
done

# B. heap per idle device
live_heap() {
  jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.run >/dev/null
  jmap -histo:live "$1" | awk '/^Total/ {print $3}'
}
B_LINES=()
for t in single node; do
  account_of "$t" "$t"
  go="$BENCH_TMP/go-$t"; idle_log="$OUT/idle-$t.log"
  java -Xms512m -Xmx1g -cp "$BENCH_CP" dev.opencic.bench.IdleDevices --url "http://127.0.0.1:${PORT[$t]}" \
      --devices "$IDLE_DEVICES" --concurrency 32 --go-file "$go" --hold-seconds 900 --mode cic \
      --username "$CIC_USER" --password "$CIC_PASSWORD" --client-id "$CIC_CLIENT_ID" \
      --client-secret "$CIC_CLIENT_SECRET" > "$idle_log" 2>&1 &
  ip=$!; BENCH_PIDS+=("$ip")
  wait_for_line "$idle_log" '^TOKENS_READY' 900 || die "tokens not issued ($idle_log)"
  lt="$(live_heap "${PID[$t]}")"
  touch "$go"
  wait_for_line "$idle_log" '^OPEN ' 900 || die "devices not opened ($idle_log)"
  grep -q "^OPEN n=$IDLE_DEVICES ok=$IDLE_DEVICES failed=0" "$idle_log" || die "not all opened: $(grep '^OPEN' "$idle_log")"
  sleep 5
  ln="$(live_heap "${PID[$t]}")"
  stop_pid "$ip"
  line="$(awk -v t="$t" -v n="$IDLE_DEVICES" -v a="$lt" -v b="$ln" 'BEGIN { printf "%s: N=%d live heap tokens-issued %d B, devices open %d B: %.0f B per idle device", t, n, a, b, (b - a) / n }')"
  log "B. $line"; B_LINES+=("$line")
done
stop_pid "${PID[single]}"; stop_pid "${PID[node]}"
fi

# C. simulated devices: one node, then three
C_LINES=()
sim() { # sim NAME -> starts one SimulatedDevices against NAME, log in $OUT/sim-NAME.log, pid in SIM_PID
  local name="$1"
  java -Xmx512m -cp "$BENCH_CP" dev.opencic.bench.devices.SimulatedDevices --url "http://127.0.0.1:${PORT[$name]}" \
      --devices "$DEVICES" --device-prefix "sim-$name-" --mode cic --username "$CIC_USER" --password "$CIC_PASSWORD" --client-id "$CIC_CLIENT_ID" \
      --client-secret "$CIC_CLIENT_SECRET" --threads 1 --warmup-seconds "$WARMUP_SECS" \
      --measure-seconds "$MEASURE_SECS" --tail-seconds 600 > "$OUT/sim-$name.log" 2>&1 &
  SIM_PID=$!; BENCH_PIDS+=("$SIM_PID")
}
if [[ $NODES_LOAD == 1 && $PARTS == *C* ]]; then
  for cluster_size in 1 3; do
    # A fresh database per cluster size: the same starting point for both.
    PG_URL_SAVED="$PG_URL"; pg_base="${PG_URL%/*}"
    pg_as "$PG_BIN/psql" -h "$PG_DIR" -p "${pg_base##*:}" -U "$PG_USER" -d postgres -qc "CREATE DATABASE cic$cluster_size" \
        || die "CREATE DATABASE cic$cluster_size failed"
    PG_URL="$pg_base/cic$cluster_size"
    names=(); pids=()
    for i in $(seq "$cluster_size"); do
      start_target "n$i" cluster "n$i-of-$cluster_size"
      names+=("n$i")
    done
    account_of n1 n1
    for nm in "${names[@]}"; do sim "$nm"; pids+=("$SIM_PID"); done
    for nm in "${names[@]}"; do
      wait_for_line "$OUT/sim-$nm.log" '^SUMMARY' $((WARMUP_SECS + MEASURE_SECS + 600)) || die "no SUMMARY ($OUT/sim-$nm.log)"
    done
    for nm in "${names[@]}"; do
      line="$cluster_size node(s), $nm: $(grep '^OPEN ' "$OUT/sim-$nm.log" | head -1) | $(grep '^SUMMARY' "$OUT/sim-$nm.log")"
      log "C. $line"; C_LINES+=("$line")
    done
    for p in "${pids[@]}"; do stop_pid "$p"; done
    for nm in "${names[@]}"; do stop_pid "${PID[$nm]}"; done
    PG_URL="$PG_URL_SAVED"
  done
fi

echo
echo "== machine"
echo "nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" ram=$(free -g | awk '/^Mem:/ {print $2}')GiB kernel=$(uname -r) load average now $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
echo "server JVM options: $SERVER_JAVA_OPTS"
echo
echo "== A. events/s, 64x8, fresh messageId per event (single = H2, no Redis; node = PostgreSQL + Redis)"
printf '%s\n' "${A_LINES[@]}"
[[ -n "${SUM[single]:-}" ]] && awk -v s="${SUM[single]}" -v n="${SUM[node]}" -v cs="${SUMCPU[single]}" -v cn="${SUMCPU[node]}" -v r="$ROUNDS" \
    'BEGIN { printf "mean: single %.0f events/s %.1f us CPU/event, node %.0f events/s %.1f us CPU/event, node/single events/s %.3f, CPU/event %.2f\n", s/r, cs/r, n/r, cn/r, n/s, cn/cs }'
echo
echo "== B. heap per idle device"
printf '%s\n' "${B_LINES[@]}"
echo
echo "== C. simulated devices ($DEVICES per node, ${MEASURE_SECS}s measured after ${WARMUP_SECS}s)"
printf '%s\n' "${C_LINES[@]}"
