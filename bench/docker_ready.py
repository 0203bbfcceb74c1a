#!/usr/bin/env python3
"""Where the time to a ready database goes in `dpipe test --engine docker`.

Usage: bench/docker_ready.py [--runs N] [--project DIR] VARIANT [VARIANT ...]
  VARIANT is LABEL=DPIPE_BINARY@IMAGE, e.g. after=build/bench/cmd/dpipe/dpipe@dpipe-test/postgres:15

The variants run interleaved (A B A B ...) so that a change of load on the machine touches them
alike. For each run the daemon's container events give the timeline, relative to the start of
the dpipe process: `create` (dpipe has loaded the project, pinged the daemon, swept stale
containers and checked the image), `start` (the daemon has started the container: network, port
proxy, mounts), `ready` (dpipe's ready_seconds: the first `SELECT 1` answered), `destroy` (the
container is gone) and the process's end. Prints the median of each mark per variant, as a
Markdown table.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


class Events:
    """Collects `docker events` for containers while a run is in progress."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["docker", "events", "--filter", "type=container", "--format",
             "{{.TimeNano}} {{.Action}} {{.Actor.ID}}"],
            stdout=subprocess.PIPE, text=True)
        self.lines = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append(line.split())

    def since(self, start_ns):
        with self.lock:
            return [(int(t), action, cid) for t, action, cid, *_ in self.lines if int(t) >= start_ns]

    def close(self):
        self.proc.terminate()
        self.proc.wait()


def one_run(events, dpipe, image, project):
    start_ns = time.time_ns()
    t0 = time.perf_counter()
    proc = subprocess.run([dpipe, "-C", str(project), "test", "--engine", "docker", "--image", image,
                           "--format", "json", "--jobs", "1"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{dpipe} test exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    doc = json.loads(proc.stdout)
    deadline = time.monotonic() + 5
    marks = {}
    while time.monotonic() < deadline:
        evs = events.since(start_ns)
        created = [e for e in evs if e[1] == "create"]
        if created:
            cid = created[0][2]
            marks = {a: (t - start_ns) / 1e9 for t, a, c in evs if c == cid and a in
                     ("create", "start", "destroy")}
            if "destroy" in marks:
                break
        time.sleep(0.05)
    marks["ready"] = doc["ready_seconds"]
    marks["end"] = wall
    return marks


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--project", default=str(ROOT / "examples" / "shop"))
    p.add_argument("variants", nargs="+", help="LABEL=DPIPE@IMAGE")
    args = p.parse_args()
    variants = []
    for v in args.variants:
        label, _, rest = v.partition("=")
        dpipe, _, image = rest.partition("@")
        if not label or not dpipe or not image:
            p.error(f"bad variant '{v}': use LABEL=DPIPE@IMAGE")
        variants.append((label, dpipe, image))
    events = Events()
    time.sleep(0.3)
    results = {label: [] for label, _, _ in variants}
    try:
        for _ in range(args.runs):
            for label, dpipe, image in variants:
                results[label].append(one_run(events, dpipe, image, args.project))
    finally:
        events.close()
    cols = ["create", "start", "ready", "destroy", "end"]
    print("| variant | runs | " + " | ".join(cols) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in cols) + " |")
    for label, runs in results.items():
        cells = []
        for c in cols:
            vals = [r[c] for r in runs if c in r]
            cells.append(f"{statistics.median(vals):.2f} s" if vals else "-")
        print(f"| {label} | {len(runs)} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
