#!/usr/bin/env python3
"""Runs one golden end-to-end case of the dpipe CLI.

A case is a folder tests/e2e/<command>/<case>/ with:
  args             the command line after `dpipe`, one argument per line; `{examples}` is the
                   repository's examples/ folder (copied to a temp dir first), `{tmp}` the case's
                   scratch folder
  input/           optional tree copied into {tmp} before the run (the working directory)
  stdout, stderr   expected output (missing file = expect empty)
  exit             expected exit code (missing = 0)
  env              optional KEY=VALUE lines added to the environment
  setup            optional bash script run in {tmp} before the command (e.g. to make a git
                   repository); $DPIPE is the binary under test; a non-zero exit fails the case
  schema           optional name of a file in schemas/ that stdout (JSON, or JSON lines)
                   must validate against

Temp paths and the repository path are replaced by <TMP> and <ROOT> before comparing.
Set DPIPE_UPDATE_GOLDEN=1 to rewrite the expected files from the actual run.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def read(path, default=""):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return default


def validate(text, schema_path):
    """Checks stdout against a JSON Schema; JSON lines are checked one document at a time."""
    import json
    import jsonschema
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        docs = [json.loads(text)]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    ok = True
    for doc in docs:
        for error in jsonschema.Draft7Validator(schema).iter_errors(doc):
            ok = False
            print(f"schema {os.path.basename(schema_path)}: {error.json_path}: {error.message}")
    return ok


def main():
    dpipe, case, root = sys.argv[1], sys.argv[2], sys.argv[3]
    update = os.environ.get("DPIPE_UPDATE_GOLDEN") == "1"
    with tempfile.TemporaryDirectory(prefix="dpipe-e2e-") as tmp:
        tmp = os.path.realpath(tmp)
        work = os.path.join(tmp, "work")
        if os.path.isdir(os.path.join(case, "input")):
            shutil.copytree(os.path.join(case, "input"), work)
        else:
            os.makedirs(work)
        examples = os.path.join(tmp, "examples")
        # A cache left in the examples by running dpipe on them by hand is not part of them.
        shutil.copytree(os.path.join(root, "examples"), examples,
                        ignore=shutil.ignore_patterns(".dpipe"))
        args = [a for a in read(os.path.join(case, "args")).splitlines() if a.strip()]
        args = [a.replace("{examples}", examples).replace("{tmp}", work) for a in args]
        env = dict(os.environ)
        env.pop("GITHUB_ACTIONS", None)
        env["NO_COLOR"] = "1"
        env["HOME"] = tmp
        env["XDG_CONFIG_HOME"] = os.path.join(tmp, ".config")
        for line in read(os.path.join(case, "env")).splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                env[k] = v.replace("{tmp}", work)
        setup = os.path.join(case, "setup")
        if os.path.exists(setup):
            setup_env = dict(env, DPIPE=dpipe, GIT_AUTHOR_NAME="dpipe test", GIT_AUTHOR_EMAIL="test@example.com",
                             GIT_COMMITTER_NAME="dpipe test", GIT_COMMITTER_EMAIL="test@example.com",
                             GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
            done = subprocess.run(["bash", "-euo", "pipefail", setup], cwd=work, env=setup_env,
                                  capture_output=True, timeout=300)
            if done.returncode != 0:
                print(f"setup failed ({done.returncode}):\n{done.stdout.decode()}{done.stderr.decode()}")
                return 1
        proc = subprocess.run([dpipe] + args, cwd=work, env=env, capture_output=True,
                              timeout=120)

        def norm(data):
            text = data.decode("utf-8", errors="replace")
            for path, token in ((examples, "<EXAMPLES>"), (work, "<TMP>"), (tmp, "<TMP>"),
                                (root, "<ROOT>")):
                text = text.replace(path, token)
            # Durations vary from run to run.
            text = re.sub(r"\b\d+\.\d+s\b", "<T>s", text)
            text = re.sub(r"peak-rss \d+MB", "peak-rss <N>MB", text)
            text = re.sub(r'"(seconds|ready_seconds)": [0-9.e-]+', r'"\1": 0', text)
            text = re.sub(r"container [0-9a-f]{12}", "container <ID>", text)
            text = re.sub(r'"eventTime": ?"[0-9T:-]+Z"', '"eventTime":"<TIME>"', text)
            return text

        actual = {"stdout": norm(proc.stdout), "stderr": norm(proc.stderr),
                  "exit": f"{proc.returncode}\n"}
        if update:
            for name, text in actual.items():
                path = os.path.join(case, name)
                if name != "exit" and text == "":
                    if os.path.exists(path):
                        os.remove(path)
                    continue
                if name == "exit" and text == "0\n":
                    if os.path.exists(path):
                        os.remove(path)
                    continue
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            print(f"updated {case}")
            return 0
        failed = False
        schema_name = read(os.path.join(case, "schema")).strip()
        if schema_name:
            failed = not validate(proc.stdout.decode("utf-8"),
                                  os.path.join(root, "schemas", schema_name))
        for name, text in actual.items():
            expected = read(os.path.join(case, name), "0\n" if name == "exit" else "")
            if expected != text:
                failed = True
                print(f"--- {name}: expected\n{expected}\n--- {name}: actual\n{text}")
        if failed:
            print(f"FAILED {case}: dpipe {' '.join(args)}")
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
