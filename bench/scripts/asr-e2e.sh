#!/usr/bin/env bash
# End-to-end spoken-request latency and concurrency against a real CIC server on 127.0.0.1.
#   bench/scripts/asr-e2e.sh [STREAMS...]        default: 1 2 4 6 8
# For each N: a fresh server with --set asr-pool-size=N, N devices (own connection, own token, own
# downchannel) streaming corpus WAVs in real time (200 ms chunks every 200 ms) with
# dev.opencic.bench.asr.SpokenRequestLoad. N=1 runs more utterances for its percentiles.
# Env: CORPUS (default bench/target/asr-corpus, generated if missing), OUT (default
# bench/target/asr-results), UTTERANCES (per stream, default 8), UTTERANCES_1 (N=1, default 30),
# ASR_SERVER_JAVA_OPTS (default -Xms512m -Xmx512m -XX:+UseG1GC), SERVE_ARGS (more `cic serve` arguments,
# e.g. "--set asr-vocabulary-size=0" for the whole-dictionary search). One unmeasured warm-up utterance per stream.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

STREAMS=("${@:-1 2 4 6 8}"); read -r -a STREAMS <<<"${STREAMS[*]}"
CORPUS="${CORPUS:-$ROOT/bench/target/asr-corpus}"
OUT="${OUT:-$ROOT/bench/target/asr-results}"
UTTERANCES="${UTTERANCES:-8}"
UTTERANCES_1="${UTTERANCES_1:-30}"
SERVER_JAVA_OPTS="${ASR_SERVER_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}"
mkdir -p "$OUT"
build_if_needed
[[ -f "$CORPUS/corpus.tsv" ]] || "$ROOT/bench/corpus/generate.sh" "$CORPUS" >&2
CP="$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*"
SUMMARY="$OUT/e2e-summary.txt"
: > "$SUMMARY"
rm -f "$OUT/e2e-per-utterance.tsv"

run=0
for n in "${STREAMS[@]}"; do
  # a fresh data directory per run: the same N may be given twice (8 8) to repeat a run
  run=$((run + 1)); dir="$BENCH_TMP/data-$run-$n"; mkdir -p "$dir"
  port="$(free_port)"
  cic_setup_account "$dir"
  log "N=$n: starting server (asr-pool-size=$n) on port $port; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # as lib.sh's start_cic, plus --set asr-pool-size (start_cic takes no extra serve arguments); the N
  # devices share one account but say different things: no arbitration (it would answer only one)
  env CIC_JAVA_OPTS="$SERVER_JAVA_OPTS" "$ROOT/cic" serve --data-dir "$dir" --port "$port" --tls-port -1 \
      --set bind-address=127.0.0.1 --set asr-pool-size="$n" --set arbitration-window-ms=0 ${SERVE_ARGS:-} > "$OUT/server-$n.log" 2>&1 &
  CIC_PID=$!; BENCH_PIDS+=("$CIC_PID")
  wait_for_line "$OUT/server-$n.log" 'OpenCIC server ready|event=ServerStarted' 180 || die "server did not start"
  grep -m1 -E "decoders ready" "$OUT/server-$n.log" >&2 || true
  tokens="$BENCH_TMP/tokens-$run-$n"; : > "$tokens"
  for i in $(seq 0 $((n - 1))); do
    cic_device_token "$port" "asr-device-$i" >> "$tokens"; echo >> "$tokens"
  done
  k="$UTTERANCES"; [[ $n == 1 ]] && k="$UTTERANCES_1"
  log "N=$n: $n stream(s) x $k utterances in real time"
  java -Xmx512m -cp "$CP" dev.opencic.bench.asr.SpokenRequestLoad --url "http://127.0.0.1:$port" \
      --tokens "$tokens" --corpus "$CORPUS/corpus.tsv" --streams "$n" --utterances "$k" \
      --server-pid "$CIC_PID" --label "n$n" --out "$OUT/e2e-per-utterance.tsv" 2>"$OUT/load-$n.err" \
      | grep -E '^(RESULT|VOICE)' | tee -a "$SUMMARY"
  stop_pid "$CIC_PID"
done
log "summary: $SUMMARY; per utterance: $OUT/e2e-per-utterance.tsv"
