#!/usr/bin/env bash
# Output is whole or an error: a write that fails on stdout exits 2 naming stdout; -o writes
# through symlinks and into special files instead of replacing them with plain files.
# Usage: output_test.sh DPIPE ROOT
set -uo pipefail
dpipe="$1"; root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/shop" "$work/shop"
fail() { echo "FAIL: $*"; exit 1; }

for args in "ls" "ls --format json" "graph --format dot" "version"; do
  # shellcheck disable=SC2086
  "$dpipe" -C "$work/shop" $args >/dev/full 2>"$work/err"
  rc=$?
  [ "$rc" -eq 2 ] || fail "'dpipe $args >/dev/full' exited $rc, expected 2"
  grep -q "cannot write to stdout" "$work/err" || fail "'dpipe $args >/dev/full' did not name stdout: $(cat "$work/err")"
done

"$dpipe" -C "$work/shop" ls -o /dev/full 2>"$work/err"
[ $? -eq 2 ] || fail "-o /dev/full did not exit 2"
grep -q "cannot write /dev/full" "$work/err" || fail "-o /dev/full: $(cat "$work/err")"

"$dpipe" -C "$work/shop" ls -o /dev/null || fail "-o /dev/null failed"
[ -c /dev/null ] || fail "/dev/null is no longer a device"

mkdir "$work/reports"
echo old >"$work/reports/ls.txt"
ln -s reports/ls.txt "$work/link.txt"
"$dpipe" -C "$work/shop" ls -o "$work/link.txt" || fail "-o through a symlink failed"
[ -L "$work/link.txt" ] || fail "the symlink was replaced by a file"
grep -q "model" "$work/reports/ls.txt" || fail "the symlink's target was not written"
[ "$(ls -A "$work/reports")" = "ls.txt" ] || fail "temp files left: $(ls -A "$work/reports")"

mkfifo "$work/fifo"
cat "$work/fifo" >"$work/from_fifo" &
reader=$!
"$dpipe" -C "$work/shop" ls -o "$work/fifo" || fail "-o into a FIFO failed"
wait "$reader"
[ -p "$work/fifo" ] || fail "the FIFO was replaced by a file"
grep -q "model" "$work/from_fifo" || fail "nothing came through the FIFO"
echo "ok: output is whole or an error"
