#!/usr/bin/env python3
"""Differential test: render every tests/template/corpus/*.j2 with python jinja2 (default
Environment with Undefined, plus the `do` and `loopcontrols` extensions dbt enables) and with template_render_cli, and fail on any difference.

A template whose name starts with "error_" must fail in both engines."""

import argparse
import json
import pathlib
import subprocess
import sys

import jinja2


def render_python(src, ctx):
    # Default settings plus the `do` statement, which dbt enables (jinja2.ext.do).
    env = jinja2.Environment(undefined=jinja2.Undefined, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    return env.from_string(src).render(**ctx)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    templates = sorted(pathlib.Path(args.corpus).glob("*.j2"))
    if not templates:
        print("no templates found in", args.corpus)
        return 1
    failures = 0
    for t in templates:
        ctx_file = t.with_suffix(".json")
        ctx = json.loads(ctx_file.read_text()) if ctx_file.exists() else {}
        src = t.read_text()
        cmd = [args.cli, str(t)] + ([str(ctx_file)] if ctx_file.exists() else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        try:
            expected = render_python(src, ctx)
            py_error = None
        except Exception as e:  # noqa: BLE001 - any jinja2 failure is an expected failure
            expected = None
            py_error = f"{type(e).__name__}: {e}"
        if t.name.startswith("error_"):
            if py_error is None or proc.returncode == 0:
                failures += 1
                print(f"FAIL {t.name}: expected both engines to fail "
                      f"(jinja2: {py_error or 'ok'}, dpipe exit {proc.returncode})")
            elif args.verbose:
                print(f"ok   {t.name} (both failed)")
            continue
        if py_error is not None:
            failures += 1
            print(f"FAIL {t.name}: jinja2 raised {py_error}")
            continue
        if proc.returncode != 0:
            failures += 1
            print(f"FAIL {t.name}: dpipe failed: {proc.stderr.strip()}")
            continue
        if proc.stdout != expected:
            failures += 1
            print(f"FAIL {t.name}: output differs\n--- jinja2\n{expected!r}\n--- dpipe\n{proc.stdout!r}")
        elif args.verbose:
            print(f"ok   {t.name}")
    print(f"{len(templates) - failures}/{len(templates)} templates match jinja2")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
