#!/bin/sh
# Entrypoint of the local PostgreSQL test image (dpipe-test/postgres:15). It keeps the
# contract of the official postgres image that dpipe relies on:
#   - POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER
#     (default postgres) and POSTGRES_DB (default: the user name) are read from the environment;
#   - the data directory ($PGDATA, default /var/lib/postgresql/data) is initialised on first start;
#   - the server listens on 0.0.0.0:5432 with password (scram-sha-256) authentication;
#   - arguments starting with '-' are passed to postgres ("postgres -c fsync=off" works too).
set -eu

PGBIN=/usr/lib/postgresql/15/bin
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
AUTH="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
if [ "$1" != "postgres" ]; then
  exec "$@"
fi
shift

as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

if [ "$(id -u)" = "0" ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$AUTH" != "trust" ]; then
    echo "entrypoint: POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  chmod 644 "$pwfile"
  echo "entrypoint: initialising $PGDATA for user $POSTGRES_USER"
  # shellcheck disable=SC2086
  as_postgres "$PGBIN/initdb" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host="$AUTH" --encoding=UTF8 --no-instructions \
    ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf 'host all all all %s\n' "$AUTH" >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$POSTGRES_DB" != "postgres" ]; then
    db_ident="$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')"
    echo "entrypoint: creating database $POSTGRES_DB"
    printf 'CREATE DATABASE "%s";\n' "$db_ident" |
      as_postgres "$PGBIN/postgres" --single -D "$PGDATA" -j postgres >/dev/null
  fi
fi

echo "entrypoint: starting PostgreSQL 15 on 0.0.0.0:5432"
if [ "$(id -u)" = "0" ]; then
  exec setpriv --reuid=postgres --regid=postgres --init-groups -- \
    "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' -p 5432 "$@"
fi
exec "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' -p 5432 "$@"
