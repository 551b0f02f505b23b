#!/usr/bin/env bash
# How many simulated devices one load process drives, and the CIC server's memory and CPU with them.
# For each N: a fresh CIC server (ASR off: CIC_ASR_POOL_SIZE=0, so the native ASR decoders don't
# blur the memory figure; fixed heap, SERVER_JAVA_OPTS), then one load JVM running
# dev.opencic.bench.devices.SimulatedDevices: N devices, each its own HTTP/2 connection with its own
# token and an open downchannel, one TextRecognizer.Recognize "what time is it" a minute (answered
# with Speak + MP3 from flite + RenderText), the N devices' events spread evenly over the minute,
# HTTP/2 PINGs on idle connections. Warm-up WARMUP_SECS, then a steady-state window of MEASURE_SECS
# in which server and load-process CPU are taken from /proc; then, with the devices still running,
# server RSS and live heap after full GC, and the load process's heap after full GC.
#
#   bench/scripts/simulated-devices.sh [N ...]           (default: 1000 5000)
#   MODE=bare bench/scripts/simulated-devices.sh [N ...]
#
# DRIVER=sdk uses dev.opencic.bench.devices.CicClientDevices instead: every device a real CicClient
# (OkHttp, its own threads), to compare with the lean Armeria simulator (DRIVER=lean, the default).
#
# MODE=bare runs the same load (no tokens) against BareEventServer instead, which answers an event
# with an empty 204 at almost no cost: that shows what the load process itself can drive.
#
# REQUESTS=everyday draws each event's text from 26 everyday requests (timers, notes, reminders,
# calendar, volume, small talk: EverydayRequests) instead of "what time is it" (REQUESTS=time, the default).
#
# Env: WARMUP_SECS (60), MEASURE_SECS (120), SERVER_JAVA_OPTS (-Xms2g -Xmx2g -XX:+UseG1GC),
# CLIENT_JAVA_OPTS (-Xmx1g -XX:+UseG1GC), LOAD_THREADS (2, the load process's event loops),
# RESULTS_DIR (copy raw logs there). Everything is on 127.0.0.1; all processes started are killed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

NS=("$@")
[[ ${#NS[@]} -gt 0 ]] || NS=(1000 5000)
WARMUP_SECS="${WARMUP_SECS:-60}"
MEASURE_SECS="${MEASURE_SECS:-120}"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx1g -XX:+UseG1GC}"
LOAD_THREADS="${LOAD_THREADS:-2}"
MODE="${MODE:-cic}"
REQUESTS="${REQUESTS:-time}"
case "$REQUESTS" in
  time) REQUEST_FLAGS=() ;;
  everyday) REQUEST_FLAGS=(--everyday-requests) ;;
  *) die "REQUESTS is time or everyday" ;;
esac
DRIVER="${DRIVER:-lean}"
case "$DRIVER" in
  lean) DRIVER_CLASS=dev.opencic.bench.devices.SimulatedDevices ;;
  sdk)  DRIVER_CLASS=dev.opencic.bench.devices.CicClientDevices; [[ $MODE == cic ]] || die "DRIVER=sdk needs MODE=cic" ;;
  *) die "DRIVER is lean or sdk" ;;
esac
[[ $MODE == cic || $MODE == bare ]] || die "MODE is cic or bare"

command -v jcmd >/dev/null 2>&1 || die "jcmd not found (install a full JDK)"
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
for n in "${NS[@]}"; do
  # each process (server, load) holds one socket per device
  (( n + 500 <= $(ulimit -n) )) || die "N=$n needs more file descriptors than ulimit -n $(ulimit -n)"
done
build_if_needed
OUT="$BENCH_TMP/out"; mkdir -p "$OUT"
CLK_TCK="$(getconf CLK_TCK)"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# with_children_ticks PID -> CPU ticks of PID plus its live child processes (the flite workers;
# a worker that died in the window loses its ticks, so the figure errs low)
with_children_ticks() {
  local sum c
  sum="$(cpu_ticks "$1")"
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    sum=$((sum + $(cpu_ticks "$c" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }
# thread_ticks PID NAME -> CPU ticks (user+sys) of the PID's threads whose name starts with NAME
thread_ticks() {
  local t sum=0
  for t in /proc/"$1"/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == "$2"* ]] || continue
    sum=$((sum + $(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# heap_after_gc PID -> prints G1 "used" in MiB after two full GCs
heap_after_gc() {
  jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 \
      | awk '{ printf "%.1f", $1 / 1024 }'
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

RESULTS=()
run_one() {
  local n="$1" port dir logf srv load_log load_pid
  port="$(free_port)"; dir="$BENCH_TMP/cic-data-$n"; logf="$OUT/cic-$n.log"; load_log="$OUT/load-$n.log"
  local auth=()
  if [[ $MODE == cic ]]; then
    cic_setup_account "$dir"
    start_cic "$dir" "$port" "$logf" CIC_ASR_POOL_SIZE=0
    srv="$CIC_PID"
    auth=(--username "$CIC_USER" --password "$CIC_PASSWORD" --client-id "$CIC_CLIENT_ID"
          --client-secret "$CIC_CLIENT_SECRET")
  else
    logf="$OUT/bare-$n.log"
    start_bare "$port" "$logf"
    srv="$BARE_PID"
  fi
  sleep 2
  local heap0 rss0
  heap0="$(heap_after_gc "$srv")"; rss0="$(rss_mb "$srv")"
  log "N=$n: server pid=$srv port=$port, 0 devices: live heap ${heap0} MiB, RSS ${rss0} MiB, load average $(loadavg)"
  java $CLIENT_JAVA_OPTS -cp "$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*" \
      "$DRIVER_CLASS" --url "http://127.0.0.1:$port" --devices "$n" \
      --mode "$MODE" "${auth[@]}" --threads "$LOAD_THREADS" "${REQUEST_FLAGS[@]}" \
      --warmup-seconds "$WARMUP_SECS" --measure-seconds "$MEASURE_SECS" --tail-seconds 600 > "$load_log" 2>&1 &
  load_pid=$!
  BENCH_PIDS+=("$load_pid")
  wait_for_line "$load_log" '^TOKENS_READY' 1200 || die "tokens not issued (see $load_log)"
  wait_for_line "$load_log" '^OPEN ' 1200 || die "devices not opened (see $load_log)"
  log "N=$n: $(grep '^TOKENS_READY' "$load_log"); $(grep '^OPEN ' "$load_log")"
  wait_for_line "$load_log" '^MEASURE_START' $((WARMUP_SECS + 60)) || die "no MEASURE_START (see $load_log)"
  local s0 l0 t0 la0 s1 l1 t1 la1 f0 f1 flite_cpu w0 w1
  f0="$(thread_ticks "$srv" flite-synth)"
  s0="$(cpu_ticks "$srv")"; l0="$(cpu_ticks "$load_pid")"; t0="$(date +%s.%N)"; la0="$(loadavg)"
  w0="$(with_children_ticks "$srv")"
  wait_for_line "$load_log" '^SUMMARY' $((MEASURE_SECS + 60)) || die "no SUMMARY (see $load_log)"
  f1="$(thread_ticks "$srv" flite-synth)"
  s1="$(cpu_ticks "$srv")"; l1="$(cpu_ticks "$load_pid")"; t1="$(date +%s.%N)"; la1="$(loadavg)"
  w1="$(with_children_ticks "$srv")"
  local summary srv_cpu load_cpu all_cpu
  all_cpu="$(awk -v d=$((w1 - w0)) -v hz="$CLK_TCK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 100 * d / hz / (b - a) }')"
  summary="$(grep '^SUMMARY' "$load_log")"
  srv_cpu="$(awk -v d=$((s1 - s0)) -v hz="$CLK_TCK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 100 * d / hz / (b - a) }')"
  flite_cpu="$(awk -v d=$((f1 - f0)) -v hz="$CLK_TCK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 100 * d / hz / (b - a) }')"
  load_cpu="$(awk -v d=$((l1 - l0)) -v hz="$CLK_TCK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 100 * d / hz / (b - a) }')"
  # memory, with the devices still connected and sending
  local rss_srv heap_srv rss_load heap_load thr_load thr_srv conns
  conns="$(ss -Htn state established "( sport = :$port )" 2>/dev/null | wc -l)"
  rss_srv="$(rss_mb "$srv")"; thr_srv="$(threads_of "$srv")"
  heap_srv="$(heap_after_gc "$srv")"
  rss_load="$(rss_mb "$load_pid")"; thr_load="$(threads_of "$load_pid")"
  heap_load="$(heap_after_gc "$load_pid")"
  local errs closed cfail
  errs="$(grep -c '^EVENT_ERROR' "$load_log" || true)"
  closed="$(grep -c '^DOWNCHANNEL_CLOSED' "$load_log" || true)"
  cfail="$(grep -c '^CONNECT_FAILED' "$load_log" || true)"
  stop_pid "$load_pid"
  stop_pid "$srv"
  local line
  line="$MODE/$DRIVER/$REQUESTS N=$n tokens_ms=$(field "$(grep '^TOKENS_READY' "$load_log")" ms) open_ms=$(field "$(grep '^OPEN ' "$load_log")" ms)"
  line+=" conns=$conns | measured ${MEASURE_SECS}s: ${summary#SUMMARY } | server_cpu_pct=$srv_cpu (flite-synthesis thread: $flite_cpu; with the flite workers: $all_cpu) load_cpu_pct_proc=$load_cpu"
  line+=" | server: rss_mb=$rss_srv live_heap_mb=$heap_srv (0 devices: rss_mb=$rss0 live_heap_mb=$heap0) threads=$thr_srv"
  line+=" | load: rss_mb=$rss_load live_heap_mb=$heap_load threads=$thr_load"
  line+=" | whole run: event_errors=$errs downchannels_closed=$closed connect_failed=$cfail"
  line+=" | load average at window start: $la0, end: $la1"
  log "$line"
  RESULTS+=("$line")
}

for n in "${NS[@]}"; do run_one "$n"; done

echo
echo "== machine"
echo "nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" ram=$(free -g | awk '/^Mem:/ {print $2}')GiB kernel=$(uname -r)"
java -version 2>&1 | head -2
echo "mode $MODE, driver $DRIVER ($DRIVER_CLASS); server JVM options: $SERVER_JAVA_OPTS (CIC: CIC_ASR_POOL_SIZE=0)   load JVM options: $CLIENT_JAVA_OPTS, $LOAD_THREADS event loops"
echo "warm-up ${WARMUP_SECS}s, measured ${MEASURE_SECS}s; load average now: $(loadavg)"
echo
echo "== results"
printf '%s\n\n' "${RESULTS[@]}"
if [[ -n "${RESULTS_DIR:-}" ]]; then
  mkdir -p "$RESULTS_DIR" && cp -r "$OUT"/. "$RESULTS_DIR"/ && log "raw files copied to $RESULTS_DIR"
fi
