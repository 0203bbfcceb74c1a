#!/usr/bin/env python3
"""Fails when docs/rules/ differs from what the rule registry generates, or a rule lacks its page.

Usage: check_rule_docs.py DPIPE DOCS_DIR. To regenerate: dpipe lint --rule-docs docs/rules
"""
import filecmp
import os
import subprocess
import sys
import tempfile


def main():
    dpipe, docs = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="dpipe-rule-docs-") as tmp:
        subprocess.run([dpipe, "lint", "--rule-docs", tmp], check=True)
        want = sorted(os.listdir(tmp))
        have = sorted(os.listdir(docs)) if os.path.isdir(docs) else []
        problems = []
        for name in want:
            if name not in have:
                problems.append(f"missing: docs/rules/{name}")
            elif not filecmp.cmp(os.path.join(tmp, name), os.path.join(docs, name), shallow=False):
                problems.append(f"out of date: docs/rules/{name}")
        for name in have:
            if name not in want:
                problems.append(f"no such rule: docs/rules/{name}")
        for p in problems:
            print(p)
        if problems:
            print("regenerate with: dpipe lint --rule-docs docs/rules")
            return 1
        print(f"{len(want) - 1} rule pages match the registry")
        return 0


if __name__ == "__main__":
    sys.exit(main())
