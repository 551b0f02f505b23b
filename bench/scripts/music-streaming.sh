#!/usr/bin/env bash
# How many devices pulling 128 kbps music streams one CIC server sustains without any stream
# falling behind real time, and the server's CPU per stream. Starts a server on 127.0.0.1 with a
# generated library (tones, 128 kbps MP3), then runs StreamingLoad for each device count in turn
# against it (each device its own HTTP/2 connection, playing at the bit rate after a 2 s prebuffer).
#
#   bench/scripts/music-streaming.sh [DEVICES_LIST] [SECONDS_PER_STEP]
#       defaults: 250,500,1000,2000,4000  and 30 s
#
# The load generator runs on the same machine and takes CPU from the server: the figures are a
# lower bound for a server with the machine to itself. Every process started here is killed on exit.
set -euo pipefail
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT

DEVICES="${1:-250,500,1000,2000,4000}"
SECS="${2:-30}"
TRACK_SECS="${TRACK_SECS:-120}"
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xms1g -Xmx2g}"

log "building server and bench (package, no install)..."
(cd "$ROOT" && ./mvnw -q -B -pl server,bench -am package -DskipTests) >&2 || die "build failed"

LIB="$BENCH_TMP/music"
"$ROOT/bench/scripts/make-music-library.sh" "$LIB" "$TRACK_SECS"

DATA="$BENCH_TMP/data"
PORT="$(free_port)"
start_cic "$DATA" "$PORT" "$BENCH_TMP/server.log" CIC_MUSIC_DIR="$LIB" CIC_ASR_POOL_SIZE=0
wait_for_line "$BENCH_TMP/server.log" 'event=MusicLibraryScanned' 60 || die "library scan not seen"
log "server pid=$CIC_PID port=$PORT; JVM options: $SERVER_JAVA_OPTS; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"

java $LOAD_JAVA_OPTS -cp "$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*" \
    dev.opencic.bench.music.StreamingLoad "http://127.0.0.1:$PORT" "$DATA" "$LIB" "$CIC_PID" "$DEVICES" "$SECS"
