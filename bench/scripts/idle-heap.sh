#!/usr/bin/env bash
# Heap per idle device: the server's live heap after full GC with N idle devices connected, minus
# the same with none, divided by N, for the CIC server (each device authenticated with its own
# access token and holding an open GET /v1/directives on its own HTTP/2 connection) and for
# BareEventServer (bare Armeria, one open streaming GET per connection, no auth). Runs for each N
# bare then CIC, each on a freshly started server with the same fixed heap.
#
#   bench/scripts/idle-heap.sh [N ...]          (default: 1000 10000)
#
# Heap is measured with `jcmd PID GC.run` twice, then `jcmd PID GC.heap_info` (G1 "used") and
# `jmap -histo:live PID` (total bytes of live objects; the primary figure). For CIC it is measured
# three times: fresh server (0 devices), after the N tokens were issued but before any device
# connected, and with the N devices connected. Everything is on 127.0.0.1; all processes started
# here are killed on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

NS=("$@")
[[ ${#NS[@]} -gt 0 ]] || NS=(1000 10000)
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xms1g -Xmx2g}"
SETTLE_SECS="${SETTLE_SECS:-5}"

command -v jcmd >/dev/null 2>&1 || die "jcmd not found (install a full JDK: apt-get install -y openjdk-17-jdk-headless)"
command -v jmap >/dev/null 2>&1 || die "jmap not found (install a full JDK: apt-get install -y openjdk-17-jdk-headless)"
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
log "open files limit: $(ulimit -n)"
for n in "${NS[@]}"; do
  (( n + 100 <= $(ulimit -n) )) || die "N=$n needs more file descriptors than ulimit -n $(ulimit -n)"
done

build_if_needed
OUT="$BENCH_TMP/out"; mkdir -p "$OUT"

# measure PID TAG -> sets LIVE (bytes, jmap -histo:live total) and USED (KiB, GC.heap_info)
measure() {
  local pid="$1" tag="$2"
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info > "$OUT/$tag.heapinfo"
  USED="$(sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' "$OUT/$tag.heapinfo" | head -1)"
  jmap -histo:live "$pid" > "$OUT/$tag.histo"
  LIVE="$(awk '/^Total/ {print $3}' "$OUT/$tag.histo")"
  log "$tag: live=$LIVE B (jmap -histo:live total), G1 used=${USED}K"
}

established() {
  ss -Htn state established "( sport = :$1 )" 2>/dev/null | wc -l
}

RESULTS=()
# run_one bare|cic N
run_one() {
  local kind="$1" n="$2" port pid idle_log go live0 liveT liveN used0 usedT usedN conns idle_pid
  port="$(free_port)"
  go="$BENCH_TMP/go-$kind-$n"
  idle_log="$OUT/idle-$kind-$n.log"
  local idle_args=(--url "http://127.0.0.1:$port" --devices "$n" --concurrency 32 --go-file "$go" --hold-seconds 900)
  if [[ $kind == cic ]]; then
    local dir="$BENCH_TMP/cic-data-$n"
    cic_setup_account "$dir"
    start_cic "$dir" "$port" "$OUT/cic-$n.log"
    pid="$CIC_PID"
    idle_args+=(--mode cic --username "$CIC_USER" --password "$CIC_PASSWORD"
                --client-id "$CIC_CLIENT_ID" --client-secret "$CIC_CLIENT_SECRET")
  else
    start_bare "$port" "$OUT/bare-$n.log"
    pid="$BARE_PID"
    idle_args+=(--mode bare)
  fi
  sleep 2
  measure "$pid" "$kind-$n-0"; live0="$LIVE"; used0="$USED"
  java $CLIENT_JAVA_OPTS -cp "$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*" \
      dev.opencic.bench.IdleDevices "${idle_args[@]}" > "$idle_log" 2>&1 &
  idle_pid=$!
  BENCH_PIDS+=("$idle_pid")
  wait_for_line "$idle_log" '^TOKENS_READY' 900 || die "tokens not issued (see $idle_log)"
  log "$kind N=$n: $(grep '^TOKENS_READY' "$idle_log")"
  if [[ $kind == cic ]]; then
    measure "$pid" "$kind-$n-tokens"; liveT="$LIVE"; usedT="$USED"
  else
    liveT="$live0"; usedT="$used0"
  fi
  touch "$go"
  wait_for_line "$idle_log" '^OPEN ' 900 || die "devices not opened (see $idle_log)"
  log "$kind N=$n: $(grep '^OPEN ' "$idle_log")"
  grep -q "^OPEN n=$n ok=$n failed=0" "$idle_log" || die "not every device opened: $(grep '^OPEN' "$idle_log")"
  sleep "$SETTLE_SECS"
  conns="$(established "$port")"
  measure "$pid" "$kind-$n-open"; liveN="$LIVE"; usedN="$USED"
  (( $(established "$port") >= n )) || die "only $(established "$port") connections established after measuring"
  stop_pid "$idle_pid"
  stop_pid "$pid"
  local line
  line="$(awk -v k="$kind" -v n="$n" -v c="$conns" -v l0="$live0" -v lt="$liveT" -v ln="$liveN" \
      -v u0="$used0" -v ut="$usedT" -v un="$usedN" 'BEGIN {
        printf "%-4s N=%-6d conns=%-6d live: 0dev=%d tokens=%d open=%d  per device: %.0f B (from 0 devices), %.0f B (from tokens issued)  G1 used per device: %.0f B",
          k, n, c, l0, lt, ln, (ln - l0) / n, (ln - lt) / n, (un - u0) * 1024 / n }')"
  log "$line"
  RESULTS+=("$line")
  eval "PER_${kind}_$n=$(awk -v l0="$live0" -v ln="$liveN" -v n="$n" 'BEGIN { printf "%.0f", (ln - l0) / n }')"
}

for n in "${NS[@]}"; do
  run_one bare "$n"
  run_one cic "$n"
done

echo
echo "== machine"
echo "nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" ram=$(free -g | awk '/^Mem:/ {print $2}')GiB kernel=$(uname -r)"
java -version 2>&1 | head -2
echo "server JVM options: $SERVER_JAVA_OPTS   client JVM options: $CLIENT_JAVA_OPTS"
echo
echo "== results (live = jmap -histo:live total bytes)"
printf '%s\n' "${RESULTS[@]}"
echo
for n in "${NS[@]}"; do
  c="PER_cic_$n"; b="PER_bare_$n"
  awk -v c="${!c}" -v b="${!b}" -v n="$n" 'BEGIN {
    printf "N=%d: cic %.0f B/device (%.2f KiB), bare %.0f B/device, cic/bare %.2f, target <= 16 KiB: %s\n",
      n, c, c / 1024, b, c / b, (c <= 16384 ? "met" : "NOT met") }'
done
echo
for n in "${NS[@]}"; do
  echo "== classes growing more per device on CIC than on bare, N=$n (jmap -histo:live, open minus 0 devices)"
  python3 "$ROOT/bench/scripts/histo-diff.py" "$n" "$OUT/cic-$n-0.histo" "$OUT/cic-$n-open.histo" \
      "$OUT/bare-$n-0.histo" "$OUT/bare-$n-open.histo" 25
  echo
done
if [[ -n "${RESULTS_DIR:-}" ]]; then
  mkdir -p "$RESULTS_DIR" && cp -r "$OUT"/. "$RESULTS_DIR"/ && log "raw files copied to $RESULTS_DIR"
fi
