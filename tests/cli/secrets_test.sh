#!/usr/bin/env bash
# A secret read with env_var() never reaches any output: text report, progress lines, JSON,
# JUnit, nor an error message, although the failing SQL and the failing rows both hold it.
# Usage: secrets_test.sh DPIPE
set -uo pipefail
dpipe="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
secret="s3cr3t-Value-8f2b71"
export DBT_ENV_SECRET_TOKEN="$secret"
p="$work/project"
mkdir -p "$p/models" "$p/seeds" "$p/tests"
printf 'version: 1\nname: secrets\ndialect: sqlite\n' >"$p/dpipe.yaml"
printf 'id\n1\n' >"$p/seeds/people.csv"
# Fails to build: the error shows the SQL, which holds the secret.
printf "select id, '{{ env_var('DBT_ENV_SECRET_TOKEN') }}' as token, nosuch from {{ ref('people') }}\n" \
  >"$p/models/broken.sql"
printf "select id, '{{ env_var('DBT_ENV_SECRET_TOKEN') }}' as token from {{ ref('people') }}\n" \
  >"$p/models/tokens.sql"
# Fails with the secret in its failing rows.
printf "select token from {{ ref('tokens') }} where token is not null\n" >"$p/tests/token_leak.sql"

check() { # name file expected-exit actual-exit
  [ "$4" -eq "$3" ] || { cat "$2"; fail "$1: exit $4, expected $3"; }
  if grep -q "$secret" "$2"; then grep -n "$secret" "$2"; fail "$1 printed the secret"; fi
}

"$dpipe" -C "$p" test --engine sqlite --junit "$work/junit.xml" >"$work/text.out" 2>&1
rc=$?
check "text report" "$work/text.out" 1 "$rc"
grep -q "no such column: nosuch" "$work/text.out" || fail "the model error is missing"
grep -q '\*\*\*\*' "$work/text.out" || fail "the text report shows no masked value"
check "junit report" "$work/junit.xml" 1 "$rc"
grep -q '\*\*\*\*' "$work/junit.xml" || fail "the junit report shows no masked value"

"$dpipe" -C "$p" test --engine sqlite --format json -o "$work/report.json" >"$work/json.out" 2>&1
rc=$?
check "json report file" "$work/report.json" 1 "$rc"
check "json run output" "$work/json.out" 1 "$rc"
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/report.json" \
  || fail "the masked JSON report is not valid JSON"

"$dpipe" -C "$p" test --engine sqlite --format json >"$work/json.stdout" 2>&1
check "json on stdout" "$work/json.stdout" 1 $?

# An error message that quotes the value (a bad engine DSN holding a password).
DPIPE_TEST_DSN="postgresql://dpipe:$secret@127.0.0.1:1/x?connect_timeout=1" \
  "$dpipe" -C "$p" test --engine postgres >"$work/dsn.out" 2>&1
check "bad DSN error" "$work/dsn.out" 3 $?
DPIPE_TEST_DSN="host=127.0.0.1 port=1 password=$secret connect_timeout=1" \
  "$dpipe" -C "$p" test --engine postgres >"$work/dsn2.out" 2>&1
check "bad key/value DSN error" "$work/dsn2.out" 3 $?
# libpq quotes the part of a URI it cannot decode, which may be the password itself.
DPIPE_TEST_DSN="postgresql://dpipe:$secret%zz@127.0.0.1:1/x" \
  "$dpipe" -C "$p" test --engine postgres >"$work/dsn3.out" 2>&1
check "undecodable DSN error" "$work/dsn3.out" 3 $?
grep -q "percent-encoded" "$work/dsn3.out" || fail "libpq's reason is missing: $(cat "$work/dsn3.out")"
echo "ok: no secret in any output"
