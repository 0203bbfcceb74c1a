#!/usr/bin/env bash
# SIGINT/SIGTERM during a long SQLite statement interrupts the statement itself: the run ends
# with exit 130 within seconds (not when the statement would have finished).
# Usage: interrupt_test.sh DPIPE
set -uo pipefail
dpipe="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/models" "$work/tests"
printf 'version: 1\nname: slow\ndialect: sqlite\n' >"$work/dpipe.yaml"
printf 'select 1 as id\n' >"$work/models/one.sql"
# Counts to 1e9: minutes of work unless interrupted.
printf 'with recursive c(n) as (select 1 union all select n + 1 from c where n < 1000000000)\nselect n from c where n < 0\n' \
  >"$work/tests/slow.sql"

for sig in INT TERM; do
  "$dpipe" -C "$work" test --engine sqlite >"$work/out" 2>&1 &
  pid=$!
  # Signal once the model has run, i.e. the slow test is under way: a fixed delay raced with
  # start-up on slow builds (sanitizers), where a background job still ignores SIGINT.
  for _ in $(seq 300); do
    grep -q "pass .*one" "$work/out" 2>/dev/null && break
    sleep 0.1
  done
  sleep 0.5
  start=$(date +%s)
  kill -s "$sig" "$pid"
  wait "$pid"
  rc=$?
  took=$(( $(date +%s) - start ))
  if [ "$rc" -ne 130 ]; then echo "FAIL: SIG$sig: exit $rc, expected 130"; cat "$work/out"; exit 1; fi
  if [ "$took" -gt 5 ]; then echo "FAIL: SIG$sig: took ${took}s to stop"; exit 1; fi
done
echo "ok: interrupts stop the running statement"
