# A throw-away PostgreSQL server for the benchmark scripts (sourced, after lib.sh): made with initdb in
# a temporary directory of its own, on a free loopback port, durability left ON (fsync, synchronous_commit: the defaults a
# deployment has), stopped by postgres_stop. PostgreSQL refuses to run as root: as root the commands
# run as the "postgres" user the Debian package creates. Needs: apt-get install -y postgresql
#
# postgres_start -> sets PG_URL PG_USER PG_PASSWORD (a database "cic" owned by PG_USER)

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PG_DIR=""

pg_as() { # from the cluster's directory: the postgres user may not enter the caller's
  if [[ $(id -u) == 0 ]]; then (cd "$PG_DIR" && runuser -u postgres -- "$@"); else (cd "$PG_DIR" && "$@"); fi
}

postgres_start() {
  [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]] || die "PostgreSQL not found: apt-get install -y postgresql"
  # Not under $BENCH_TMP: that is 0700 root's, which the postgres user cannot enter.
  PG_DIR="$(mktemp -d /tmp/cic-bench-pg.XXXXXX)"
  PG_USER=cic_bench
  PG_PASSWORD="bench-$RANDOM$RANDOM"
  printf '%s\n' "$PG_PASSWORD" > "$PG_DIR/pwfile"
  [[ $(id -u) == 0 ]] && chown -R postgres:postgres "$PG_DIR" && chmod 700 "$PG_DIR"
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$PG_DIR/pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --no-locale > "$PG_DIR/initdb.log" 2>&1 || die "initdb failed"
  local port
  port="$(free_port)"
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -o \
      "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=100" start > /dev/null \
      || die "postgres did not start: $(tail -5 "$PG_DIR/postgres.log")"
  pg_as "$PG_BIN/psql" -h "$PG_DIR" -p "$port" -U "$PG_USER" -d postgres -qc "CREATE DATABASE cic" \
      || die "CREATE DATABASE failed"
  PG_URL="jdbc:postgresql://127.0.0.1:$port/cic"
  log "postgres: $("$PG_BIN/postgres" --version) on 127.0.0.1:$port (fsync on), data in $PG_DIR/data"
}

postgres_stop() {
  [[ -n "$PG_DIR" && -d "$PG_DIR/data" ]] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null 2>&1 || true
  [[ -n "${KEEP_TMP:-}" ]] || rm -rf "$PG_DIR"
}
