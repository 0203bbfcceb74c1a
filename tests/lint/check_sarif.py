#!/usr/bin/env python3
"""Validates `dpipe lint --format sarif` against the official SARIF 2.1.0 JSON Schema.

Usage: check_sarif.py DPIPE PROJECT SCHEMA. The schema comes from npm (scripts/setup
--with-test-tools); without it the test exits 77 (reported as skipped).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    dpipe, project, schema_path = sys.argv[1], sys.argv[2], sys.argv[3]
    if not os.path.exists(schema_path):
        print(f"skipped: no SARIF schema at {schema_path} (scripts/setup --with-test-tools)")
        return 77
    import jsonschema
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with tempfile.TemporaryDirectory(prefix="dpipe-sarif-") as tmp:
        work = os.path.join(tmp, "p")
        shutil.copytree(project, work)
        env = dict(os.environ, NO_COLOR="1", HOME=tmp)
        proc = subprocess.run([dpipe, "--no-cache", "-C", work, "lint", "--format", "sarif"],
                              capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        print(proc.stderr)
        return 1
    log = json.loads(proc.stdout)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    for e in errors:
        print(f"{e.json_path}: {e.message}")
    results = log["runs"][0]["results"]
    if not results:
        print("the project under test should have findings")
        return 1
    rules = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for r in results:
        if r["ruleId"] not in rules or not r.get("partialFingerprints"):
            print(f"result without rule metadata or fingerprint: {r}")
            return 1
    print(f"{len(results)} results valid against {os.path.basename(schema_path)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
