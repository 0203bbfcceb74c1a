#!/usr/bin/env bash
# `dpipe test --engine postgres` against an existing server (DPIPE_TEST_DSN): the run builds in
# schemas of its own and drops them afterwards. Starts a throwaway server from the installed
# PostgreSQL binaries unless DPIPE_TEST_DSN is already set.
# Usage: cli_test.sh DPIPE ROOT
# Exits 77 (CTest "skipped") when no server can be had, unless DPIPE_REQUIRE_POSTGRES=1.
set -uo pipefail
dpipe="$1"; root="$2"

skip() {
  if [ "${DPIPE_REQUIRE_POSTGRES:-}" = "1" ]; then echo "FAIL: $*"; exit 1; fi
  echo "SKIPPED: $*"; exit 77
}

work="$(mktemp -d)"
chmod 755 "$work"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    runuser -u postgres -- "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${DPIPE_TEST_DSN:-}" ]; then
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$bindir/initdb" ] || skip "no PostgreSQL server binaries"
  id postgres >/dev/null 2>&1 || skip "no postgres user to run the server as"
  command -v runuser >/dev/null 2>&1 || skip "runuser not found"
  port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  mkdir -p "$work/data" && chown postgres "$work/data"
  runuser -u postgres -- "$bindir/initdb" -D "$work/data" -U dpipe --auth=trust --no-sync >/dev/null 2>&1 \
    || skip "initdb failed"
  runuser -u postgres -- "$bindir/pg_ctl" -D "$work/data" -l "$work/data/log" -w \
    -o "-p $port -k $work/data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 \
    || skip "the server did not start"
  server_pid=1
  export DPIPE_TEST_DSN="host=127.0.0.1 port=$port user=dpipe dbname=postgres"
fi

cp -r "$root/examples/shop" "$work/shop"
out="$work/out.txt"
"$dpipe" -C "$work/shop" test --engine postgres >"$out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then echo "FAIL: exit $rc"; cat "$out"; exit 1; fi
grep -q "112 passed, 0 failed" "$out" || { echo "FAIL: summary missing"; cat "$out"; exit 1; }
grep -q "on postgres" "$out" || { echo "FAIL: engine line missing"; cat "$out"; exit 1; }
left="$(psql "$DPIPE_TEST_DSN" -Atc "select count(*) from pg_namespace where nspname like 'dpipe\_%'")"
[ "$left" = "0" ] || { echo "FAIL: $left run schemas were left behind"; exit 1; }

# SIGTERM during a long statement: the statement is cancelled (PQcancel), the run schemas are
# dropped, and the run exits 130 within seconds.
mkdir -p "$work/shop/tests"
printf 'select 1 as x from pg_sleep(60)\n' >"$work/shop/tests/slow_sleep.sql"
"$dpipe" -C "$work/shop" test --engine postgres --jobs 1 >"$out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q "slow_sleep" "$out" 2>/dev/null && break
  running="$(psql "$DPIPE_TEST_DSN" -Atc "select count(*) from pg_stat_activity where query like '%pg_sleep(60)%' and pid <> pg_backend_pid()")"
  [ "$running" != "0" ] && break
  sleep 0.2
done
start=$(date +%s)
kill -TERM "$pid"
wait "$pid"
rc=$?
took=$(( $(date +%s) - start ))
if [ "$rc" -ne 130 ]; then echo "FAIL: interrupted run exited $rc"; cat "$out"; exit 1; fi
if [ "$took" -gt 10 ]; then echo "FAIL: the interrupted run took ${took}s to stop"; exit 1; fi
left="$(psql "$DPIPE_TEST_DSN" -Atc "select count(*) from pg_namespace where nspname like 'dpipe\_%'")"
[ "$left" = "0" ] || { echo "FAIL: $left run schemas were left behind after an interrupt"; exit 1; }
echo "ok: postgres engine (an interrupt stopped the run in ${took}s)"
