#!/usr/bin/env bash
# A node under overload: a fresh CIC server (ASR off, fixed heap), then one load JVM running
# dev.opencic.bench.overload.OverloadBenchmark: capacity first (closed loop, unique text requests),
# then open-loop unique text requests at 0.5x, 1x, 2x, 4x that capacity with a cheap cached
# request mixed in; per step goodput, 503 share, admitted p50/p95/p99, cheap p95, server CPU
# (server + flite worker processes) and recovery time. Prints the benchmark's table.
#
#   bench/scripts/overload.sh                       (60 s steps)
#   STEP_SECS=20 CAPACITY_SECS=20 bench/scripts/overload.sh
#
# Env: STEP_SECS (60), WARMUP_SECS (60), CAPACITY_SECS (30), MULTIPLIERS (0.5,1,2,4), DEVICES (64), CLOSED_LOOP_DEVICES (16),
# SERVER_JAVA_OPTS (-Xms2g -Xmx2g -XX:+UseG1GC), CLIENT_JAVA_OPTS (-Xmx512m), SERVER_ENV (extra
# VAR=VALUE settings for the server, e.g. "CIC_TTS_PARALLELISM=1"), RESULTS_DIR (copy raw logs there).
# Builds with `./mvnw package` (never install) when the jars are missing; rebuild yourself after a change.
# Everything is on 127.0.0.1; all processes started are killed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

STEP_SECS="${STEP_SECS:-60}"
CAPACITY_SECS="${CAPACITY_SECS:-30}"
WARMUP_SECS="${WARMUP_SECS:-60}"
MULTIPLIERS="${MULTIPLIERS:-0.5,1,2,4}"
DEVICES="${DEVICES:-64}"
CLOSED_LOOP_DEVICES="${CLOSED_LOOP_DEVICES:-16}"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx512m}"
read -r -a EXTRA_ENV <<<"${SERVER_ENV:-}"

if [[ ! -f "$ROOT/bench/target/cic-bench.jar" || ! -f "$ROOT/server/target/cic-server.jar" ]]; then
  log "building server and bench (package)..."
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl server,bench -am package) >&2 || die "build failed"
fi
OUT="$BENCH_TMP/out"; mkdir -p "$OUT"
port="$(free_port)"; dir="$BENCH_TMP/cic-data"
cic_setup_account "$dir"
start_cic "$dir" "$port" "$OUT/cic.log" CIC_ASR_POOL_SIZE=0 "${EXTRA_ENV[@]}"
log "server pid=$CIC_PID port=$port ${EXTRA_ENV[*]}; load average $(cut -d' ' -f1-3 /proc/loadavg)"

java $CLIENT_JAVA_OPTS -cp "$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*" \
    dev.opencic.bench.overload.OverloadBenchmark --url "http://127.0.0.1:$port" \
    --username "$CIC_USER" --password "$CIC_PASSWORD" --client-id "$CIC_CLIENT_ID" --client-secret "$CIC_CLIENT_SECRET" \
    --server-pid "$CIC_PID" --devices "$DEVICES" --closed-loop-devices "$CLOSED_LOOP_DEVICES" \
    --warmup-seconds "$WARMUP_SECS" --capacity-seconds "$CAPACITY_SECS" --step-seconds "$STEP_SECS" --multipliers "$MULTIPLIERS" | tee "$OUT/overload.txt"

echo
echo "== machine"
echo "nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $SERVER_JAVA_OPTS CIC_ASR_POOL_SIZE=0 ${EXTRA_ENV[*]}; $(grep -c 'event=FliteWorkerStarted' "$OUT/cic.log" || true) flite worker starts in its log"
if [[ -n "${RESULTS_DIR:-}" ]]; then
  mkdir -p "$RESULTS_DIR" && cp -r "$OUT"/. "$RESULTS_DIR"/ && log "raw files copied to $RESULTS_DIR"
fi
