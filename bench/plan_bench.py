#!/usr/bin/env python3
"""Times `dpipe plan` on a synthetic project under git, with 1, 10 and 100 models changed.

Usage: bench/plan_bench.py [--dpipe PATH] [--models N] [--seed S] [--dir DIR] [--changes 1,10,100]
                           [--runs R] [--stages]

Generates the project with bench/gen_project.py into DIR when it is not there yet, makes it a
git repository with one commit on `main`, then for each change size edits that many model files
in the working tree (each gets a new column, so the plan has real logic and column changes) and
runs `dpipe plan --format json` twice per repetition:
  cold  no .dpipe/cache (every model of base and head rendered and parsed; the two snapshots
        still share one in-memory cache, so unchanged models are rendered once)
  warm  the cache the cold run left (only the edited models are rendered again)
Prints the median wall time, CPU time (user + system, all threads) and peak RSS of each; on a
shared machine the CPU time is the steadier figure. Not part of the test suite: figures depend on the machine.
The 10,000-model case takes minutes on 2 cores; run it on a quiet machine.
"""

import argparse
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(args):
    repo = pathlib.Path(args.dir)
    if not (repo / "dbt_project.yml").exists():
        subprocess.run([sys.executable, str(HERE / "gen_project.py"), str(repo), "--models", str(args.models),
                        "--seed", str(args.seed)], check=True)
    if not (repo / ".git").exists():
        (repo / ".gitignore").write_text(".dpipe/\n")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "synthetic project")
    return repo


def reset(repo):
    git(repo, "checkout", "-q", "--", ".")
    git(repo, "clean", "-q", "-fd", "-e", ".dpipe")


def edit(repo, count):
    models = sorted(p for p in (repo / "models").rglob("*.sql"))
    step = max(1, len(models) // count)
    for path in models[::step][:count]:
        text = path.read_text()
        # A new first column in the first SELECT: valid SQL, a logic and a column change.
        text = re.sub(r"\bselect\b", "select 1 as bench_col,", text, count=1, flags=re.IGNORECASE)
        path.write_text(text)


def run_plan(dpipe, repo, timings):
    """Wall and CPU (user + system) seconds and peak RSS (MB) of one run; the stage timings go
    to `timings`."""
    env = dict(os.environ, DPIPE_TIMINGS="1")
    start = time.perf_counter()
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([dpipe, "-C", str(repo), "plan", "--format", "json", "-o", os.devnull],
                                stdout=null, stderr=err, env=env)
        # wait4: this child's own rusage (RUSAGE_CHILDREN's peak RSS is the maximum over all).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if proc.returncode not in (0, 1):
        sys.exit(f"dpipe plan failed ({proc.returncode}): {stderr[-2000:]}")
    line = [l for l in stderr.splitlines() if l.startswith("dpipe: timings:")]
    if line:
        timings.append(line[-1][len("dpipe: timings:"):].strip())
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dpipe", default=str(ROOT / "build" / "release" / "cmd" / "dpipe" / "dpipe"))
    p.add_argument("--models", type=int, default=10000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dir", default="/tmp/dpipe-plan-bench")
    p.add_argument("--changes", default="1,10,100")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--stages", action="store_true",
                   help="also print the last runs' DPIPE_TIMINGS stage times (of the head side)")
    args = p.parse_args()
    if not pathlib.Path(args.dpipe).exists():
        sys.exit(f"no dpipe binary at {args.dpipe} (build the release preset, or pass --dpipe)")
    repo = prepare(args)
    print(f"dpipe plan on {args.models} models (seed {args.seed}), median of {args.runs} runs; "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'changed':>8} {'cold s':>8} {'cold cpu':>9} {'cold MB':>8} {'warm s':>8} {'warm cpu':>9} "
          f"{'warm MB':>8}")
    stages = []
    for count in (int(c) for c in args.changes.split(",")):
        reset(repo)
        edit(repo, count)
        cold, warm = [], []
        for _ in range(args.runs):
            shutil.rmtree(repo / ".dpipe" / "cache", ignore_errors=True)
            cold.append(run_plan(args.dpipe, repo, stages))
            warm.append(run_plan(args.dpipe, repo, stages))
        med = lambda runs, i: statistics.median(r[i] for r in runs)
        print(f"{count:>8} {med(cold, 0):>8.3f} {med(cold, 1):>9.3f} {med(cold, 2):>8.0f} "
              f"{med(warm, 0):>8.3f} {med(warm, 1):>9.3f} {med(warm, 2):>8.0f}", flush=True)
        if args.stages:
            print(f"  cold stages (head side): {stages[-2]}\n  warm stages (head side): {stages[-1]}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    reset(repo)


if __name__ == "__main__":
    main()
