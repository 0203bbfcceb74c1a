#!/usr/bin/env python3
"""`dpipe lint --format github`: at most 10 annotations of a kind, the rest counted, GitHub's
escaping, and the Markdown summary appended to $GITHUB_STEP_SUMMARY.

Usage: check_github.py DPIPE
"""
import os
import subprocess
import sys
import tempfile


def main():
    dpipe = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="dpipe-github-") as tmp:
        work = os.path.join(tmp, "p")
        os.makedirs(os.path.join(work, "models", "a,b"))
        with open(os.path.join(work, "dpipe.yaml"), "w") as f:
            f.write("version: 1\nname: gh\ndialect: postgres\n")
        for i in range(12):
            with open(os.path.join(work, "models", "a,b", f"m{i:02}.sql"), "w") as f:
                f.write(f"select 1 as id from {{{{ ref('missing_{i}') }}}}\n")
        summary = os.path.join(tmp, "summary.md")
        with open(summary, "w") as f:
            f.write("previous step\n")
        env = dict(os.environ, NO_COLOR="1", HOME=tmp, GITHUB_STEP_SUMMARY=summary)
        proc = subprocess.run([dpipe, "--no-cache", "-C", work, "lint", "--format", "github", "--rule", "GR001"],
                              capture_output=True, text=True, env=env)
        with open(summary) as f:
            md = f.read()
    lines = proc.stdout.splitlines()
    errors = [l for l in lines if l.startswith("::error ")]
    problems = []
    if proc.returncode != 1:
        problems.append(f"exit {proc.returncode}, want 1")
    if len(errors) != 10:
        problems.append(f"{len(errors)} ::error lines, want 10")
    if not any("2 more findings not annotated" in l for l in lines):
        problems.append("the 2 findings over the limit are not counted")
    if errors and not errors[0].startswith("::error file=models/a%2Cb/m00.sql,line=1,col=24,title=GR001 unknown-ref::"):
        problems.append("bad command or escaping: " + errors[0])
    if not md.startswith("previous step\n## dpipe lint") or md.count("| `models/a,b/m") != 12:
        problems.append("summary not appended with every finding:\n" + md)
    for p in problems:
        print(p)
    print(proc.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
