#!/usr/bin/env bash
# Push latency on a two-node cluster (cluster.PushLatencyBenchmark): pushes made on the node holding
# the device (local) and on the other node (across, through Redis), interleaved in one run, on a
# throw-away PostgreSQL (postgres.sh) and a throw-away Redis (no persistence), both on loopback.
#
#   bench/scripts/push-latency.sh [PUSHES] [DEVICES]      (defaults: 2000 pushes per row, 8 devices)
#
# Needs: apt-get install -y postgresql redis-server
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
trap 'postgres_stop; bench_cleanup' EXIT
PUSHES="${1:-2000}"
DEVICES="${2:-8}"
command -v redis-server >/dev/null 2>&1 || die "redis-server not found: apt-get install -y redis-server"
build_if_needed

postgres_start
REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$BENCH_TMP" \
    > "$BENCH_TMP/redis.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
log "redis: $(redis-server --version | cut -d' ' -f3) on 127.0.0.1:$REDIS_PORT (no persistence)"

CIC_DB_PASSWORD="$PG_PASSWORD" "$ROOT/cic" bench cluster.PushLatencyBenchmark --db-url "$PG_URL" --db-user "$PG_USER" \
    --redis-url "redis://127.0.0.1:$REDIS_PORT" --pushes "$PUSHES" --devices "$DEVICES"
