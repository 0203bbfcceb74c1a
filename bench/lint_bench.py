#!/usr/bin/env python3
"""Times `dpipe lint` against Debian's sqlfluff, in one run, on the same projects.

Usage: bench/lint_bench.py [--dpipe PATH] [--models N] [--real DIR[:DIALECT]]... [--dir DIR]
                           [--runs R] [--sample N] [--processes P] [--no-sqlfluff]

For each project (the synthetic one from bench/gen_project.py, N models, seed 1, and each
--real project, default /work/corpus/artemis with the snowflake dialect and examples/shop, a
small project for the one-file figure), copied into DIR
(a real project is never written to: lint's cache and the git repository live in the copy):

  cold      `dpipe --no-cache lint`: every file loaded, rendered, parsed and linted
  warm      `dpipe lint` with the cache the previous run left (render and parse results by content)
  one file  `dpipe --no-cache lint models/<one>.sql`: findings for one file (the graph is still
            the whole project's)
  changed   `dpipe lint --changed` with a warm cache, one model edited since the commit (a new
            comment on each run, so that its render is a cache miss every time)

Each figure is the median of R runs: wall seconds, CPU seconds (user + system) and peak RSS.
Files per second count the project's own .sql files (models, tests, macros, snapshots: what
dpipe lints as SQL) over the cold wall time.

sqlfluff (`apt-get install sqlfluff`, or scripts/setup --with-bench) then lints a sample of the
same project's model files (every k-th of the sorted list, --sample files) with the jinja
templater, dbt builtins (`apply_dbt_builtins = True`), the project's macros and --processes P,
timed once; its files per second are the sample over its wall time, and the ratio is dpipe's
cold files per second over sqlfluff's (and the same per CPU second, sqlfluff's worker processes
included: on a loaded machine wall time is mostly waiting). Prints a Markdown table (for docs/performance.md).
Not part of the test suite: figures depend on the machine and its load (printed with them).
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SKIP_DIRS = {"target", "dbt_packages", "dbt_modules", "logs", ".dpipe", ".git", "node_modules"}


def run_timed(cmd, cwd=None, env=None, ok=(0, 1)):
    """Runs cmd; returns (wall s, cpu s, peak RSS MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{err[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_of(runs, fn):
    results = [fn(i) for i in range(runs)]
    return tuple(statistics.median(r[k] for r in results) for k in range(3))


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def sql_files(project):
    out = []
    for dirpath, dirnames, filenames in os.walk(project):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel = pathlib.Path(dirpath).relative_to(project)
        out += [str(rel / f) for f in sorted(filenames) if f.endswith(".sql")]
    return out


def model_files(project):
    return sorted(f for f in sql_files(project) if f.startswith("models/"))


def prepare(args):
    """[(label, project copy, dialect)], each copy a git repository with one commit."""
    work = pathlib.Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    projects = []
    synth = work / f"synthetic-{args.models}"
    if not (synth / "dbt_project.yml").exists():
        subprocess.run([sys.executable, str(HERE / "gen_project.py"), str(synth), "--models", str(args.models)],
                       check=True, stdout=subprocess.DEVNULL)
    projects.append((f"synthetic, {args.models} models", synth, "postgres"))
    for spec in args.real:
        path, _, dialect = spec.partition(":")
        src = pathlib.Path(path)
        copy = work / src.name
        if not copy.exists():
            shutil.copytree(src, copy, symlinks=True, ignore=shutil.ignore_patterns(".git", "target", ".dpipe", "logs"))
        projects.append((src.name, copy, dialect or "ansi"))
    for _, repo, _ in projects:
        if not (repo / ".git").exists():
            (repo / ".gitignore").write_text(".dpipe/\ntarget/\n")
            git(repo, "init", "-q", "-b", "main")
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", "bench")
    return projects


def dpipe_figures(args, repo):
    d = args.dpipe
    env = dict(os.environ, NO_COLOR="1")
    lint = ["lint", "--format", "json", "-o", os.devnull]
    files = sql_files(repo)
    one = model_files(repo)[len(model_files(repo)) // 2]
    fig = {"files": len(files)}
    fig["cold"] = median_of(args.runs, lambda _: run_timed([d, "--no-cache", "-C", str(repo), *lint], env=env))
    shutil.rmtree(repo / ".dpipe", ignore_errors=True)
    run_timed([d, "-C", str(repo), *lint], env=env)  # fills the cache
    fig["warm"] = median_of(args.runs, lambda _: run_timed([d, "-C", str(repo), *lint], env=env))
    fig["one"] = median_of(args.runs, lambda _: run_timed([d, "--no-cache", "-C", str(repo), *lint, str(repo / one)], env=env))
    path = repo / one
    original = path.read_bytes()

    def changed(i):
        path.write_bytes(original + f"\n-- lint bench edit {time.time_ns()} {i}\n".encode())
        return run_timed([d, "-C", str(repo), *lint, "--changed"], env=env)

    try:
        fig["changed"] = median_of(args.runs, changed)
    finally:
        path.write_bytes(original)
    return fig


def sqlfluff_figures(args, repo, dialect):
    models = model_files(repo)
    step = max(1, len(models) // args.sample)
    sample = [str(repo / m) for m in models[::step][:args.sample]]
    with tempfile.TemporaryDirectory(prefix="lint-bench-sqlfluff-") as tmp:
        cfg = pathlib.Path(tmp) / ".sqlfluff"
        macros = repo / "macros"
        cfg.write_text("[sqlfluff]\n"
                       f"dialect = {dialect}\n"
                       "templater = jinja\n"
                       "[sqlfluff:templater:jinja]\n"
                       "apply_dbt_builtins = True\n" +
                       (f"load_macros_from_path = {macros}\n" if macros.is_dir() else ""))
        cmd = ["sqlfluff", "lint", "--config", str(cfg), "--processes", str(args.processes),
               "--format", "json", "--nofail", *sample]
        wall, cpu, rss = run_timed(cmd, cwd=tmp, ok=(0, 1))
    return {"sample": len(sample), "wall": wall, "cpu": cpu, "rss": rss}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dpipe", default=str(ROOT / "build" / "release" / "cmd" / "dpipe" / "dpipe"))
    p.add_argument("--models", type=int, default=2000)
    p.add_argument("--real", action="append", default=None,
                   help="a real dbt project, DIR[:DIALECT] (default /work/corpus/artemis:snowflake and "
                        "examples/shop:postgres)")
    p.add_argument("--dir", default="/tmp/dpipe-lint-bench")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sample", type=int, default=50)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--no-sqlfluff", action="store_true")
    args = p.parse_args()
    if args.real is None:
        args.real = ["/work/corpus/artemis:snowflake"] if os.path.isdir("/work/corpus/artemis") else []
        args.real.append(f"{ROOT / 'examples' / 'shop'}:postgres")  # a small project: one file cold
    if not pathlib.Path(args.dpipe).exists():
        sys.exit(f"no dpipe binary at {args.dpipe} (build the release preset, or pass --dpipe)")
    if not args.no_sqlfluff and shutil.which("sqlfluff") is None:
        sys.exit("sqlfluff not found: apt-get install sqlfluff (scripts/setup --with-bench), or --no-sqlfluff")
    projects = prepare(args)
    version = subprocess.run(["sqlfluff", "--version"], capture_output=True, text=True).stdout.strip() \
        if not args.no_sqlfluff else "-"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {args.runs} runs; {version}")
    print()
    print("| project | SQL files | cold s (CPU s, MB) | warm s | one file cold s | --changed warm s "
          "| dpipe files/s | sqlfluff files/s (sample) | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, repo, dialect in projects:
        fig = dpipe_figures(args, repo)
        cold = fig["cold"]
        rate = fig["files"] / cold[0]
        if args.no_sqlfluff:
            fluff_cell, ratio_cell = "-", "-"
        else:
            fl = sqlfluff_figures(args, repo, dialect)
            fluff_rate = fl["sample"] / fl["wall"]
            fluff_cell = f"{fluff_rate:.2f} ({fl['sample']} in {fl['wall']:.1f} s, CPU {fl['cpu']:.1f} s)"
            # Per file of CPU time as well: on a loaded machine wall time is mostly waiting.
            cpu_ratio = (fig["files"] / cold[1]) / (fl["sample"] / fl["cpu"])
            ratio_cell = f"{rate / fluff_rate:,.0f}x (CPU {cpu_ratio:,.0f}x)"
        print(f"| {label} | {fig['files']:,} | {cold[0]:.3f} ({cold[1]:.2f}, {cold[2]:.0f}) | {fig['warm'][0]:.3f} "
              f"| {fig['one'][0]:.3f} | {fig['changed'][0]:.3f} | {rate:,.0f} | {fluff_cell} | {ratio_cell} |",
              flush=True)


if __name__ == "__main__":
    main()
