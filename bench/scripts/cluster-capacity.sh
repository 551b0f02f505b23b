#!/usr/bin/env bash
# The two shared rates of the cluster capacity model (docs/cluster.md), on this box:
#   - Redis: EVAL/s of the presence refresh script (ClusterDownchannels.REFRESH: GET, compare, SET PX),
#     redis-benchmark with 50 clients over 100,000 random device keys, pipeline 1 (as a node sends them);
#   - PostgreSQL: commits/s of small single-row writes with fsync on (postgres.sh), pgbench's
#     simple-update script (-N) with 8 clients (one node's pool) and 32 clients (four nodes' pools).
#
#   bench/scripts/cluster-capacity.sh [SECONDS]        (default: 15 s per pgbench run)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
trap 'postgres_stop; bench_cleanup' EXIT
SECS="${1:-15}"
command -v redis-benchmark >/dev/null 2>&1 || die "redis-benchmark not found: apt-get install -y redis-tools"

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$BENCH_TMP" > "$BENCH_TMP/redis.log" 2>&1 &
BENCH_PIDS+=($!)
sleep 1
SCRIPT="local v = redis.call('get', KEYS[1]) if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end return 0"
log "redis: presence refresh EVAL, 50 clients, 200,000 requests"
redis-benchmark -p "$REDIS_PORT" -c 50 -n 200000 -r 100000 -q EVAL "$SCRIPT" 1 "presence:__rand_int__" open-1 6000 \
    | tr '\r' '\n' | grep -E 'requests per second' | tail -1 | sed 's/^/redis EVAL presence refresh: /'
redis-benchmark -p "$REDIS_PORT" -c 50 -n 200000 -q -t set,publish 2>/dev/null | tr '\r' '\n' | grep -E 'requests per second' \
    | sed 's/^/redis: /' || true

postgres_start
port="${PG_URL##*127.0.0.1:}"; port="${port%%/*}"
PGPASSWORD="$PG_PASSWORD" "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U "$PG_USER" -i -q -s 10 cic > "$BENCH_TMP/pgbench-init.log" 2>&1 \
    || die "pgbench -i failed: $(tail -3 "$BENCH_TMP/pgbench-init.log")"
for c in 8 32; do
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U "$PG_USER" -N -c "$c" -j 2 -T "$SECS" cic \
      2>/dev/null | grep -E '^tps' | sed "s/^/postgres simple-update, $c clients: /"
done
echo "== machine: nproc=$(nproc) cpu=\"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)\" load average $(cut -d' ' -f1-3 /proc/loadavg)"
