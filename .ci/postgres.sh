# Sourced by .ci/run: a throwaway PostgreSQL (Debian's packages) for the history store's tests,
# as the non-root `postgres` user, on a temporary data directory and a Unix socket only (no TCP).
# Exports TEST_DATABASE_URL; `stop_postgres` stops it and removes the directory.

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  return 1
}

start_postgres() {
  if ! pg_bin >/dev/null || ! id postgres >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends postgresql || return $?
  fi
  local bin; bin="$(pg_bin)" || { echo "no PostgreSQL initdb found under /usr/lib/postgresql" >&2; return 1; }
  pg_dir="$(mktemp -d /tmp/runner-doctor-pg.XXXXXX)"
  chown postgres:postgres "$pg_dir"
  runuser -u postgres -- "$bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; return 1; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories='$pg_dir' -c fsync=off" start >/dev/null \
    || { cat "$pg_dir/server.log" >&2; return 1; }
  export TEST_DATABASE_URL="postgresql://postgres@localhost/postgres?host=$pg_dir"
}

stop_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  local bin; bin="$(pg_bin)" && runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1
  rm -rf "$pg_dir"
  pg_dir=""
}
