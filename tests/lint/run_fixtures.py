#!/usr/bin/env python3
"""Runs every lint rule fixture: tests/lint/<CODE>/<case>/.

A case folder is a small project (a dpipe.yaml is written when it has neither dpipe.yaml nor
dbt_project.yml) plus `expect`:

  models/a.sql:2:9          a finding of <CODE> expected at path:line:col (one per line)
  config dpipe.yaml:6:31    a located configuration error expected instead (dpipe lint exits 2)
  (no lines)                the rule must report nothing: a passing case

The same folders may instead hold `expected.txt` (lines `path:line:col CODE`) and `lint.yaml`
(the `lint:` block of the case, e.g. `rules: {SQ002: {prefixes: [stg_]}}`), which is written
into the case's .dpipe.toml.

Only findings of <CODE> count (every rule the configuration enables runs, as in real use, so a
rule that is off by default needs it turned on in the case), so one folder per
rule is all a new rule needs: add tests/lint/<CODE>/fail_x and pass_x, nothing else. `args`
(optional, one per line) adds arguments. Cases named fail or fail_* must expect something, pass
or pass_* nothing. A rule's folder needs a failing case, and for the SQL, style and security
rules (SQ, ST, SC) a passing one too; rules without a folder are listed (today: none). This is the one runner of the fixtures (ctest "lint: rule fixtures").

Usage: run_fixtures.py DPIPE FIXTURES_DIR [CODE...]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MINIMAL = "version: 1\nname: fixture\ndialect: postgres\n"


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(str(v))


def lint_yaml_to_toml(path):
    """The lint: block of lint.yaml as a .dpipe.toml [lint] table (rules, include, exclude)."""
    import yaml
    with open(path, encoding="utf-8") as f:
        block = yaml.safe_load(f) or {}
    out = ["[lint]"]
    for key in ("include", "exclude"):
        if key in block:
            out.append(f"{key} = {toml_value(block[key])}")
    simple = {k: v for k, v in (block.get("rules") or {}).items() if not isinstance(v, dict)}
    tables = {k: v for k, v in (block.get("rules") or {}).items() if isinstance(v, dict)}
    if simple:
        out.append("[lint.rules]")
        out += [f"{k} = {toml_value(v)}" for k, v in simple.items()]
    for k, v in tables.items():
        out.append(f"[lint.rules.{k}]")
        out += [f"{o} = {toml_value(x)}" for o, x in v.items()]
    return "\n".join(out) + "\n"


def read_expect(case_dir, code):
    path = os.path.join(case_dir, "expect")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return [l.strip() for l in f if l.strip() and not l.startswith("#")]
    with open(os.path.join(case_dir, "expected.txt"), encoding="utf-8") as f:
        lines = [l.split() for l in f if l.strip() and not l.startswith("#")]
    return [parts[0] for parts in lines if len(parts) < 2 or parts[1] == code]


def is_kind(name, kind):
    return name == kind or name.startswith(kind + "_")


def run_case(dpipe, code, case_dir):
    lines = read_expect(case_dir, code)
    want = sorted(l for l in lines if not l.startswith("config "))
    want_config = sorted(l.split(" ", 1)[1] for l in lines if l.startswith("config "))
    name = os.path.basename(case_dir)
    if is_kind(name, "fail") and not (want or want_config):
        return [f"{code}/{name}: a failing case must expect a finding"]
    if is_kind(name, "pass") and (want or want_config):
        return [f"{code}/{name}: a passing case must expect nothing"]
    extra = []
    if os.path.exists(os.path.join(case_dir, "args")):
        with open(os.path.join(case_dir, "args"), encoding="utf-8") as f:
            extra = [a.strip() for a in f if a.strip()]
    with tempfile.TemporaryDirectory(prefix="dpipe-lint-fixture-") as tmp:
        work = os.path.join(tmp, "p")
        shutil.copytree(case_dir, work, symlinks=True,
                        ignore=shutil.ignore_patterns("expect", "args", "expected.txt", "lint.yaml"))
        if os.path.exists(os.path.join(case_dir, "lint.yaml")):
            with open(os.path.join(work, ".dpipe.toml"), "w", encoding="utf-8") as f:
                f.write(lint_yaml_to_toml(os.path.join(case_dir, "lint.yaml")))
        if not os.path.exists(os.path.join(work, "dpipe.yaml")) and \
                not os.path.exists(os.path.join(work, "dbt_project.yml")):
            with open(os.path.join(work, "dpipe.yaml"), "w", encoding="utf-8") as f:
                f.write(MINIMAL)
        env = dict(os.environ, NO_COLOR="1", HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, ".config"))
        env.pop("GITHUB_ACTIONS", None)
        proc = subprocess.run([dpipe, "--no-cache", "-C", work, "lint", "--format", "json"] + extra,
                              capture_output=True, text=True, env=env, timeout=60)
    if want_config:
        got = sorted(set(m.group(1) for m in re.finditer(r"^(\S+:\d+:\d+): error:", proc.stderr, re.M)))
        if proc.returncode != 2 or got != want_config:
            return [f"{code}/{name}: expected configuration errors at {want_config} (exit 2), "
                    f"got exit {proc.returncode}:\n{proc.stderr}"]
        return []
    if proc.returncode not in (0, 1):
        return [f"{code}/{name}: dpipe lint exited {proc.returncode}:\n{proc.stderr}"]
    report = json.loads(proc.stdout)
    got = sorted(f"{x['file']}:{x['line']}:{x['column']}" for x in report["findings"] if x["code"] == code)
    if got != want:
        msgs = "\n".join(f"  {x['file']}:{x['line']}:{x['column']}: {x['message']}"
                         for x in report["findings"] if x["code"] == code)
        return [f"{code}/{name}: expected {want or 'no findings'}, got {got or 'none'}\n{msgs}"]
    return []


def main():
    dpipe, root = sys.argv[1], sys.argv[2]
    only = set(sys.argv[3:])
    listed = subprocess.run([dpipe, "lint", "--list-rules"], capture_output=True, text=True, check=True).stdout
    codes = [l.split()[0] for l in listed.splitlines() if l.strip()]
    failures, cases, without = [], 0, []
    for code in codes:
        if only and code not in only:
            continue
        folder = os.path.join(root, code)
        if not os.path.isdir(folder):
            without.append(code)
            continue
        names = []
        for case in sorted(os.listdir(folder)):
            case_dir = os.path.join(folder, case)
            if os.path.isdir(case_dir) and (os.path.exists(os.path.join(case_dir, "expect")) or
                                            os.path.exists(os.path.join(case_dir, "expected.txt"))):
                cases += 1
                names.append(case)
                failures += run_case(dpipe, code, case_dir)
        if not only:
            if not any(is_kind(n, "fail") for n in names):
                failures.append(f"{code}: no failing case (tests/lint/{code}/fail_*)")
            if code[:2] in ("SQ", "ST", "SC") and not any(is_kind(n, "pass") for n in names):
                failures.append(f"{code}: no passing case (tests/lint/{code}/pass_*)")
    for d in sorted(os.listdir(root)):
        if re.fullmatch(r"[A-Z]{2}\d{3}", d) and d not in codes:
            failures.append(f"{d}: fixtures for a rule that does not exist")
    for f in failures:
        print("FAIL " + f)
    if without:
        print("rules without fixtures: " + ", ".join(without))
    print(f"{cases} cases, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
