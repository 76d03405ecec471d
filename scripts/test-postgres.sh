#!/usr/bin/env bash
# A private PostgreSQL server for the tests (docs/records-postgres.md), on loopback, in a
# temporary folder, on a free port, owned by the current user (or, when run as root, by
# the unprivileged `postgres` user: initdb refuses root).
#
#   scripts/test-postgres.sh start     starts one; prints `export VAR=…` lines for eval:
#                                      INFUSION_PREP_TEST_POSTGRES_URL (superuser, password)
#                                      INFUSION_PREP_TEST_POSTGRES_DIR (its folder)
#                                      TLS is on (a self-signed certificate for 127.0.0.1);
#                                      the role `tlsonly` (made by the tests) may connect
#                                      only through TLS, every other role either way.
#   scripts/test-postgres.sh stop [DIR]    stops it and removes its folder
#   scripts/test-postgres.sh pause [DIR]   stops the server, keeps the data (fault tests)
#   scripts/test-postgres.sh resume [DIR]  starts it again on the same port
#
# stop, pause and resume act on DIR, else $INFUSION_PREP_TEST_POSTGRES_DIR. Each start
# makes a new server, so a fault test can start its own and stop it without touching
# the one the other tests use.
set -euo pipefail
cd "$(dirname "$0")/.."

bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "error: PostgreSQL's server programs are not installed (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

# Runs a command as the server's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$(cat "$DIR/owner")" -- "$@"
  else
    "$@"
  fi
}

folder() {
  DIR="${ARG_DIR:-${INFUSION_PREP_TEST_POSTGRES_DIR:-}}"
  if [ -z "$DIR" ] || [ ! -f "$DIR/port" ]; then
    echo "error: no test PostgreSQL server is known (start one first)" >&2
    exit 1
  fi
}

start_server() {
  as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-p $(cat "$DIR/port") -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=60 -c fsync=on -c ssl=on" start >/dev/null
}

ARG_DIR="${2:-}"
case "${1:-}" in
  start)
    bin="$(bindir)"
    DIR="$(mktemp -d "${TMPDIR:-/tmp}/infusion-prep-pg.XXXXXX")"
    chmod 755 "$DIR"
    owner="$(id -un)"
    if [ "$(id -u)" = 0 ]; then
      owner=postgres
      if ! id "$owner" >/dev/null 2>&1; then
        owner=infusion-pgtest
        id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
      fi
      chown "$owner" "$DIR"
    fi
    echo "$owner" > "$DIR/owner"
    password="test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" > "$DIR/pwfile"
    chmod 644 "$DIR/pwfile"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    echo "$port" > "$DIR/port"
    as_owner "$bin/initdb" -D "$DIR/data" -U infusion --pwfile="$DIR/pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    # TLS: a self-signed certificate (openssl comes with postgresql, through ssl-cert).
    as_owner openssl req -new -x509 -days 2 -nodes -subj "/CN=127.0.0.1" \
      -keyout "$DIR/data/server.key" -out "$DIR/data/server.crt" >"$DIR/openssl.log" 2>&1 \
      || { cat "$DIR/openssl.log" >&2; exit 1; }
    as_owner chmod 600 "$DIR/data/server.key"
    hba="$DIR/data/pg_hba.conf"
    { echo "hostssl all tlsonly 127.0.0.1/32 scram-sha-256"; echo "hostnossl all tlsonly 127.0.0.1/32 reject"; cat "$hba"; } > "$DIR/hba.new"
    cat "$DIR/hba.new" > "$hba"
    start_server
    url="postgres://infusion:$password@127.0.0.1:$port/infusion_test?sslmode=disable"
    PGPASSWORD="$password" psql -X -q "postgres://infusion@127.0.0.1:$port/postgres?sslmode=disable" \
      -c "CREATE DATABASE infusion_test" >/dev/null
    echo "export INFUSION_PREP_TEST_POSTGRES_URL='$url'"
    echo "export INFUSION_PREP_TEST_POSTGRES_DIR='$DIR'"
    ;;
  stop)
    folder
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  pause)
    folder
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    ;;
  resume)
    folder
    start_server
    ;;
  *)
    echo "usage: $0 start|stop|pause|resume" >&2
    exit 2
    ;;
esac
