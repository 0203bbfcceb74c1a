#!/bin/sh
# Entrypoint of the local PostgreSQL test image (dpipe-test/postgres:15). It keeps the
# contract of the official postgres image that dpipe relies on:
#   - POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER
#     (default postgres) and POSTGRES_DB (default: the user name) are read from the environment;
#   - the data directory ($PGDATA, default /var/lib/postgresql/data) is initialised on first start;
#   - the server listens on 0.0.0.0:5432 with password (scram-sha-256) authentication;
#   - arguments starting with '-' are passed to postgres ("postgres -c fsync=off" works too).
#
# First start is fast. build-image runs initdb once, into $PGDATA itself (bootstrap superuser
# "postgres"), and leaves the marker file $PGDATA/.entrypoint-template. On first start this
# script sets that cluster up in one single-user session: it renames the bootstrap superuser to
# POSTGRES_USER, sets its password and creates POSTGRES_DB, which gives the cluster
# `initdb --username=POSTGRES_USER` would give, in a fraction of initdb's time; only the files
# it touches are copied up from the image layer. initdb runs here instead (on emptied data)
# when the template cannot serve: POSTGRES_INITDB_ARGS other than empty or --no-sync, a value
# holding a newline, or DPIPE_NO_TEMPLATE=1; and when $PGDATA is an empty mount.
# The image declares no VOLUME: an anonymous volume would copy the whole cluster on every run.
set -eu

PGBIN=/usr/lib/postgresql/15/bin
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
AUTH="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
INITDB_ARGS="${POSTGRES_INITDB_ARGS:-}"
MARKER="$PGDATA/.entrypoint-template"
# A role that exists only during the first start, to rename the bootstrap superuser.
TMP_ROLE=entrypoint_rename_helper
NL='
'

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

# SQL quoting: sql_quote '"' VALUE doubles double quotes, sql_quote "'" VALUE single quotes.
sql_quote() {
  printf '%s' "$2" | sed "s/$1/$1$1/g"
}

no_sync() {
  case " $INITDB_ARGS " in *" --no-sync "* | *" -N "*) return 0 ;; esac
  return 1
}

# Single-user mode on database postgres, statements on stdin; extra arguments go to postgres.
# An error aborts with a non-zero status. -F (no fsync) when initdb was asked not to sync
# either: the shutdown checkpoint would otherwise sync every file the session wrote.
single_user() {
  nosync=""
  if no_sync; then nosync="-F"; fi
  # shellcheck disable=SC2086
  as_postgres "$PGBIN/postgres" --single $nosync "$@" -D "$PGDATA" -c exit_on_error=on \
    postgres >/dev/null
}

template_usable() {
  [ "${DPIPE_NO_TEMPLATE:-0}" != "1" ] || return 1
  case "$INITDB_ARGS" in "" | "--no-sync" | "-N") ;; *) return 1 ;; esac
  case "$POSTGRES_USER$POSTGRES_DB${POSTGRES_PASSWORD:-}" in *"$NL"*) return 1 ;; esac
  [ "$POSTGRES_USER" != "$TMP_ROLE" ]
}

setup_template() {
  echo "entrypoint: setting up the prepared cluster in $PGDATA for user $POSTGRES_USER"
  {
    echo "# written by the entrypoint on first start"
    echo "local all all trust"
    echo "host all all 127.0.0.1/32 $AUTH"
    echo "host all all ::1/128 $AUTH"
    echo "local replication all trust"
    echo "host replication all 127.0.0.1/32 $AUTH"
    echo "host replication all ::1/128 $AUTH"
    echo "host all all all $AUTH"
  } >"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  user_ident="$(sql_quote '"' "$POSTGRES_USER")"
  {
    if [ "$POSTGRES_USER" != "postgres" ]; then
      # Neither the session user nor the current user can be renamed: switch to a helper.
      echo "CREATE ROLE $TMP_ROLE SUPERUSER"
      echo "SET SESSION AUTHORIZATION $TMP_ROLE"
      echo "ALTER ROLE postgres RENAME TO \"$user_ident\""
      echo "SET SESSION AUTHORIZATION \"$user_ident\""
      echo "DROP ROLE $TMP_ROLE"
    fi
    if [ -n "${POSTGRES_PASSWORD:-}" ]; then
      echo "ALTER ROLE \"$user_ident\" PASSWORD '$(sql_quote "'" "$POSTGRES_PASSWORD")'"
    fi
    if [ "$POSTGRES_DB" != "postgres" ]; then
      # FILE_COPY: for a database this small, copying the files beats logging them to WAL.
      echo "CREATE DATABASE \"$(sql_quote '"' "$POSTGRES_DB")\" STRATEGY FILE_COPY"
    fi
  } | single_user
  if ! no_sync; then
    as_postgres "$PGBIN/initdb" --sync-only -D "$PGDATA" >/dev/null
  fi
  rm -f "$MARKER"
}

init_with_initdb() {
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  chmod 644 "$pwfile"
  echo "entrypoint: initialising $PGDATA for user $POSTGRES_USER with initdb"
  # shellcheck disable=SC2086
  as_postgres "$PGBIN/initdb" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host="$AUTH" --encoding=UTF8 --no-instructions \
    $INITDB_ARGS >/dev/null
  rm -f "$pwfile"
  printf 'host all all all %s\n' "$AUTH" >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$POSTGRES_DB" != "postgres" ]; then
    echo "entrypoint: creating database $POSTGRES_DB"
    # -j: the name may hold a newline, so the statement ends at ";" and an empty line.
    printf 'CREATE DATABASE "%s";\n\n' "$(sql_quote '"' "$POSTGRES_DB")" | single_user -j
  fi
}

if [ "$(id -u)" = "0" ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  # Only what is not postgres's already: a chown of the prepared cluster's files would copy
  # every one of them up from the image layer.
  find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  if [ "$(stat -c %a "$PGDATA")" != "700" ]; then
    chmod 700 "$PGDATA"
  fi
fi

if [ -e "$MARKER" ] || [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$AUTH" != "trust" ]; then
    echo "entrypoint: POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  if [ -e "$MARKER" ] && template_usable; then
    setup_template
  else
    if [ -e "$MARKER" ]; then
      as_postgres find "$PGDATA" -mindepth 1 -delete
    fi
    init_with_initdb
  fi
fi

echo "entrypoint: starting PostgreSQL 15 on 0.0.0.0:5432"
if [ "$(id -u)" = "0" ]; then
  exec setpriv --reuid=postgres --regid=postgres --init-groups -- \
    "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' -p 5432 "$@"
fi
exec "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' -p 5432 "$@"
