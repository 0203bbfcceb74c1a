"""Measurements for bench/run: each function runs one benchmark and returns a plain dict.

Wall times are medians over several runs after one warm-up run (page cache, dynamic loader);
peak memory is the largest maximum resident set size GNU time reports over those runs. A
command that exits non-zero aborts the benchmark with BenchError, since its figures would mean
nothing.
"""

import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import tempfile
import time

GNU_TIME = "/usr/bin/time"


class BenchError(Exception):
    """A benchmark could not run (missing tool, failing command)."""


def run_once(cmd, cwd=None, env=None):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS in KiB, stdout text, CPU seconds:
    user + system)."""
    if not os.access(GNU_TIME, os.X_OK):
        raise BenchError("GNU time is missing: install the Debian package 'time'")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [GNU_TIME, "-f", "dpipe-bench %M %U %S", "-o", tf.name, *cmd]
        start = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=False)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise BenchError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-800:]}")
        lines = [ln.split() for ln in tf.read().splitlines() if ln.startswith("dpipe-bench ")]
    rss, cpu = (int(lines[-1][1]), float(lines[-1][2]) + float(lines[-1][3])) if lines else (0, 0.0)
    return wall, rss, proc.stdout, cpu


def repeat(cmd, runs, cwd=None, env=None, warm_up=True):
    """One warm-up (unless told not to), then `runs` runs: median/min/max wall, median CPU,
    peak RSS, each wall and stdout."""
    if warm_up:
        run_once(cmd, cwd, env)
    walls, cpus, rss, outs = [], [], 0, []
    for _ in range(runs):
        wall, peak, out, cpu = run_once(cmd, cwd, env)
        walls.append(wall)
        cpus.append(cpu)
        rss = max(rss, peak)
        outs.append(out)
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "cpu": statistics.median(cpus), "runs": runs, "rss_kib": rss, "walls": walls, "outputs": outs}


def _summary(r):
    return {"median_s": r["median"], "min_s": r["min"], "max_s": r["max"], "cpu_s": r["cpu"],
            "runs": r["runs"], "peak_rss_mb": r["rss_kib"] / 1024}


def bench_targets(dpipe, project, runs, selector_bench=None):
    """The engine's speed targets on one generated project: `ls` without the cache, on two
    cores and on one (`taskset -c 0`), `ls` with the on-disk cache warm, `graph --columns`
    without the cache, PyYAML's C loader on the same YAML files, and the selector benchmark."""
    base = [dpipe, "-C", str(project)]
    out = {"project": str(project)}
    out["cold"] = _summary(repeat(base + ["ls", "--no-cache"], runs))
    if shutil.which("taskset"):
        out["one_core"] = _summary(repeat(["taskset", "-c", "0"] + base + ["ls", "--no-cache"], runs))
    cache = pathlib.Path(project) / ".dpipe" / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    run_once(base + ["ls"])  # writes the cache
    out["warm"] = _summary(repeat(base + ["ls"], runs))
    out["columns"] = _summary(repeat(base + ["graph", "--columns", "--no-cache"], runs))
    out["pyyaml"] = bench_pyyaml(project, runs)
    if selector_bench:
        out["selectors"] = bench_selectors(selector_bench)
    return out


PYYAML_SCRIPT = r"""
import pathlib, sys, time, yaml
root = pathlib.Path(sys.argv[1])
files = sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml")
               and not any(part.startswith(".") for part in p.relative_to(root).parts))
texts = [p.read_bytes() for p in files]
start = time.process_time()
for t in texts:
    yaml.load(t, Loader=yaml.CSafeLoader)
print(len(files), sum(len(t) for t in texts), time.process_time() - start)
"""


def bench_pyyaml(project, runs):
    """PyYAML's C loader (libyaml) loading every YAML file of the project, files already read:
    the CPU time any Python tool pays for the YAML alone, before it does anything with it."""
    probe = subprocess.run(["python3", "-c", "import yaml; yaml.CSafeLoader"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
    if probe.returncode != 0:
        return None
    times = []
    files = size = 0
    for _ in range(max(1, runs // 2)):
        proc = subprocess.run(["python3", "-c", PYYAML_SCRIPT, str(project)], stdout=subprocess.PIPE,
                              text=True, check=True)
        files, size, seconds = proc.stdout.split()
        times.append(float(seconds))
    return {"files": int(files), "bytes": int(size), "cpu_s": statistics.median(times)}


def bench_selectors(tool):
    """bench/selector_bench on a 10,000-model chain: the slowest selector."""
    proc = subprocess.run([tool, "10000", "50"], stdout=subprocess.PIPE, text=True, check=False)
    times = [float(m.group(1)) for line in proc.stdout.splitlines()[1:]
             for m in [re.search(r" ([0-9.]+) ms ", line)] if m]
    return {"selectors": len(times), "max_ms": max(times) if times else 0.0}


def project_input(root):
    """Number and total size of the files dpipe reads from a generated project."""
    files, size = 0, 0
    for path in pathlib.Path(root).rglob("*"):
        rel = path.relative_to(root).parts
        if any(p.startswith(".") or p == "target" for p in rel) or not path.is_file():
            continue
        files += 1
        size += path.stat().st_size
    return files, size


def bench_ls(dpipe, project, runs):
    """`dpipe ls --no-cache` on a generated project: load, Jinja render, parse and graph."""
    files, size = project_input(project)
    r = repeat([dpipe, "-C", str(project), "ls", "--no-cache"], runs)
    lines = r["outputs"][-1].count("\n")
    return {"project": str(project), "files": files, "bytes": size, "nodes_listed": lines,
            "median_s": r["median"], "min_s": r["min"], "max_s": r["max"], "runs": runs,
            "files_per_s": files / r["median"], "mb_per_s": size / r["median"] / (1 << 20),
            "peak_rss_mb": r["rss_kib"] / 1024}


def bench_version(dpipe, runs):
    """Cold start: `dpipe version`."""
    r = repeat([dpipe, "version"], runs)
    return {"median_s": r["median"], "min_s": r["min"], "max_s": r["max"], "runs": runs,
            "peak_rss_mb": r["rss_kib"] / 1024}


def write_big_sql(corpus, out_dir, target_bytes):
    """One script of about target_bytes: the corpus files as statements, repeated."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = [p.read_text(encoding="utf-8").rstrip() for p in sorted(pathlib.Path(corpus).glob("*.sql"))]
    if not parts:
        raise BenchError(f"no .sql files in {corpus}")
    # ';' on a line of its own: a file may end in a line comment.
    unit = "\n;\n".join(parts) + "\n;\n"
    copies = max(1, target_bytes // len(unit.encode("utf-8")) + 1)
    path = out_dir / "big.sql"
    text = unit * copies
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return out_dir, copies * len(parts)


_THROUGHPUT = re.compile(
    r"(?P<files>\d+) files, (?P<bytes>\d+) bytes.*?tokenizer: (?P<tok>[\d.e+]+) MB/s.*?"
    r"parser:\s+(?P<pf>[\d.e+]+) files/s, (?P<pm>[\d.e+]+) MB/s \((?P<diag>\d+) diagnostics",
    re.S)


def bench_sql_throughput(tool, directory, rounds):
    """dpipe's tokenizer and parser (thread CPU time) over the .sql files of a directory."""
    proc = subprocess.run([tool, str(directory), "postgres", str(rounds)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)
    m = _THROUGHPUT.search(proc.stdout)
    if proc.returncode != 0 or not m:
        raise BenchError(f"sql_throughput failed on {directory}: {proc.stderr.strip() or proc.stdout}")
    return {"files": int(m["files"]), "bytes": int(m["bytes"]), "rounds": rounds,
            "tokenizer_mb_per_s": float(m["tok"]), "parser_files_per_s": float(m["pf"]),
            "parser_mb_per_s": float(m["pm"]), "diagnostics": int(m["diag"])}


def bench_sqlglot(directory, rounds):
    """python3-sqlglot parse speed on the same files, or None when it is not installed."""
    python = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else shutil.which("python3")
    script = pathlib.Path(__file__).with_name("sqlglot_speed.py")
    proc = subprocess.run([python, str(script), str(directory), "postgres", str(rounds)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode == 3:
        return None
    if proc.returncode != 0:
        raise BenchError(f"sqlglot_speed failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def bench_test(dpipe, project, runs, engine_args, select=None):
    """`dpipe test` (one connection, so that step times add up): wall, time to a ready database,
    time in steps, and what is left: dpipe's own work plus, for Docker, creating and removing
    the container."""
    cmd = [dpipe, "-C", str(project), "test", "--format", "json", "--jobs", "1", *engine_args]
    if select:
        cmd += ["--select", select]
    r = repeat(cmd, runs)
    rows = []
    for wall, out in zip(r["walls"], r["outputs"]):
        doc = json.loads(out)
        steps = sum(x.get("seconds", 0.0) for x in doc["results"])
        rows.append({"wall": wall, "ready": doc["ready_seconds"], "steps": steps,
                     "run": doc["seconds"], "count": len(doc["results"]), "counts": doc["counts"],
                     "engine": doc["engine"]})
    med = statistics.median
    wall = r["median"]
    ready = med(x["ready"] for x in rows)
    steps = med(x["steps"] for x in rows)
    run = med(x["run"] for x in rows)
    return {"project": str(project), "runs": runs, "engine": rows[0]["engine"], "select": select,
            "steps_count": rows[0]["count"], "counts": rows[0]["counts"], "wall_s": wall,
            "ready_s": ready, "steps_s": steps, "runner_s": run,
            # outside the runner: load, render, graph, and for Docker the container removal
            "outside_s": max(0.0, wall - run),
            "overhead_s": max(0.0, wall - ready - steps), "peak_rss_mb": r["rss_kib"] / 1024}


def docker_ready(image):
    """True when a Docker daemon answers and has `image`."""
    if not shutil.which("docker"):
        return False
    ok = subprocess.run(["docker", "image", "inspect", image], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL, check=False)
    return ok.returncode == 0
