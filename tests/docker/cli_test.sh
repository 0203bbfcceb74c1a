#!/usr/bin/env bash
# End-to-end fault tests of `dpipe test` on a real Docker daemon.
# Usage: cli_test.sh DPIPE ROOT CASE
# Exits 77 (CTest "skipped") when no daemon answers, unless DPIPE_REQUIRE_DOCKER=1.
set -uo pipefail
dpipe="$1"; root="$2"; case_name="$3"
image="${DPIPE_TEST_IMAGE:-dpipe-test/postgres:15}"

if ! docker info >/dev/null 2>&1 || ! docker image inspect "$image" >/dev/null 2>&1; then
  if [ "${DPIPE_REQUIRE_DOCKER:-}" = "1" ]; then
    echo "FAIL: no Docker daemon or no image $image, and DPIPE_REQUIRE_DOCKER=1"
    exit 1
  fi
  echo "SKIPPED: no Docker daemon (or no image $image)"
  exit 77
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/shop" "$work/shop"
out="$work/out.txt"

fail() { echo "FAIL: $*"; echo "--- output"; cat "$out" 2>/dev/null; exit 1; }

# Containers of this run's dpipe process (label dev.dpipe.pid), or all dpipe containers.
dpipe_containers() {
  if [ -n "${1:-}" ]; then
    docker ps -aq --filter "label=dev.dpipe.pid=$1"
  else
    docker ps -aq --filter "label=dev.dpipe.session"
  fi
}

wait_for_container() { # pid -> prints container id once it exists (30 s at most)
  for _ in $(seq 1 300); do
    id="$(dpipe_containers "$1" | head -n 1)"
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

case "$case_name" in
  passes)
    "$dpipe" -C "$work/shop" test --engine docker --image "$image" >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || fail "exit $rc, expected 0"
    grep -q "112 passed, 0 failed" "$out" || fail "summary line missing"
    grep -q "engine: docker" "$out" || fail "engine line missing"
    ;;
  junit_and_json)
    "$dpipe" -C "$work/shop" -q test --engine docker --image "$image" --select +fct_orders \
      --format json --junit "$work/junit.xml" >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || fail "exit $rc, expected 0"
    python3 -c "import json,sys; d=json.load(open('$out')); assert d['version']==1 and d['engine']=='docker' and d['counts']['fail']==0, d['counts']" || fail "bad JSON"
    python3 -c "import xml.etree.ElementTree as E; r=E.parse('$work/junit.xml').getroot(); assert r.tag=='testsuites' and len(r.findall('.//testcase'))>10" || fail "bad JUnit"
    ;;
  sigint)
    "$dpipe" -C "$work/shop" test --engine docker --image "$image" >"$out" 2>&1 &
    pid=$!
    wait_for_container "$pid" >/dev/null || fail "no container appeared"
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" -eq 130 ] || fail "exit $rc after SIGINT, expected 130"
    [ -z "$(dpipe_containers "$pid")" ] || fail "a container survived SIGINT"
    ;;
  container_killed)
    "$dpipe" -C "$work/shop" test --engine docker --image "$image" >"$out" 2>&1 &
    pid=$!
    id="$(wait_for_container "$pid")" || fail "no container appeared"
    docker kill "$id" >/dev/null 2>&1
    wait "$pid"
    rc=$?
    [ "$rc" -eq 3 ] || fail "exit $rc after the container was killed, expected 3"
    [ -z "$(dpipe_containers "$pid")" ] || fail "the killed container was not removed"
    ;;
  daemon_unreachable)
    DOCKER_HOST=unix:///nonexistent/docker.sock "$dpipe" -C "$work/shop" test --engine docker >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] || fail "exit $rc, expected 3"
    grep -qi "dockerd" "$out" || fail "no hint about the daemon"
    ;;
  unknown_image)
    "$dpipe" -C "$work/shop" test --engine docker --image dpipe-test/no-such-image:1 >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] || fail "exit $rc, expected 3"
    grep -q "dpipe-test/no-such-image:1" "$out" || fail "the error does not name the image"
    ;;
  stale_sweep)
    # A container labelled as if by a dpipe process that was SIGKILLed (its pid is gone).
    dead_pid=999999
    while kill -0 "$dead_pid" 2>/dev/null; do dead_pid=$((dead_pid - 1)); done
    stale="$(docker create --label dev.dpipe.session=stale0000000 --label "dev.dpipe.pid=$dead_pid" \
      --label "dev.dpipe.host=$(hostname)" --label "dev.dpipe.expires=$(( $(date +%s) + 3600 ))" \
      "$image")" || fail "could not create the stale container"
    "$dpipe" -C "$work/shop" -q test --engine docker --image "$image" --select stg_orders >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || fail "exit $rc, expected 0"
    if docker inspect "$stale" >/dev/null 2>&1; then
      docker rm -f "$stale" >/dev/null 2>&1
      fail "the stale container was not swept"
    fi
    ;;
  failing_tests)
    cp -r "$root/tests/e2e/test/failures/input" "$work/failing"
    "$dpipe" -C "$work/failing" test --engine docker --image "$image" >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 1 ] || fail "exit $rc, expected 1"
    grep -q "column \"no_such_column\" does not exist" "$out" || fail "the model's SQL error is not reported"
    grep -q "fail    test      unique_people_clean_id" "$out" || fail "the failing test is not reported"
    ;;
  keep)
    "$dpipe" -C "$work/shop" test --engine docker --image "$image" --select stg_orders --keep >"$out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || fail "exit $rc, expected 0"
    kept="$(dpipe_containers)"
    [ -n "$kept" ] || fail "--keep left no container running"
    grep -q "psql -h 127.0.0.1" "$out" || fail "no connection hint"
    port="$(sed -n 's/.*psql -h 127.0.0.1 -p \([0-9]*\).*/\1/p' "$out" | head -n 1)"
    pass="$(sed -n 's/.*PGPASSWORD=\([^ ]*\) psql.*/\1/p' "$out" | head -n 1)"
    rows="$(PGPASSWORD="$pass" psql -h 127.0.0.1 -p "$port" -U dpipe dpipe -Atc 'select count(*) from analytics_dev.stg_orders' 2>&1)"
    docker rm -f $kept >/dev/null 2>&1
    [ "$rows" = "50" ] || fail "the kept database does not answer with the built model: $rows"
    ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
[ -z "$(dpipe_containers)" ] || fail "labelled containers remain: $(dpipe_containers | tr '\n' ' ')"
echo "ok: $case_name"
