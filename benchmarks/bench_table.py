#!/usr/bin/env python3
"""Prints the one comparison table of `./dev bench` (issue 2) from the results of the same run.

Reads, from benchmarks/target/ (or --dir):
  jmh.json        JMH's -rf json output: W1-W4 and issue 3's Queue/Lock/gather/waitFor rows on both backends
                  (the `backend` parameter)
  heap.json       io.aio4j.bench.HeapPerTask: bytes per suspended task on both backends
  cpython.jsonl   benchmarks/cpython/bench_asyncio.py: the same measurements on CPython asyncio
  bench-failures.jsonl  written by LoopBenchmark's watchdog when a JMH invocation hung (cell: "HUNG")

and prints a Markdown table (also written to --out, default benchmarks/target/bench-table.md). A missing
file or entry shows as "n/a", so a partial run still prints what it has; the exit status is then 1.
Standard library only.
"""

import argparse
import datetime
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BACKENDS = ("VIRTUAL_THREADS", "CONTINUATION")


class Speedup:
    """A target relative to CPython (issue 3): aio4j at least `factor` times faster than CPython asyncio."""

    def __init__(self, factor):
        self.factor = factor


# key, label, unit shown, JMH benchmark (class.method suffix), JMH unit the value is converted to,
# targets (VT, Continuation): a number is an upper bound in the unit shown (issue 2), a Speedup a minimum
# speedup over CPython (issue 3), None no target
ROWS = [
    ("W1", "W1 `sleep(0)` yield, 1,000 tasks x 1,000", "ns/yield",
     "YieldBenchmark.sleepZeroYield", "ns", (300, 80)),
    ("W2", "W2 spawn + await, 10,000 tasks", "ns/task",
     "SpawnAwaitBenchmark.spawnAwait", "ns", (100, 100)),
    ("W3", "W3 future ping-pong", "ns/round trip",
     "PingPongBenchmark.futurePingPong", "ns", (600, 200)),
    ("W4", "W4 100,000 tasks x `sleep(10 ms)`, whole batch", "ms",
     "TimerBatchBenchmark.timers10ms", "ms", (200, 50)),
    ("heap", "heap per suspended task, 100,000 tasks", "bytes/task",
     None, None, (1200, 600)),
    # issue 3: a 5x speedup over CPython asyncio with the virtual-thread backend; none for Continuation
    ("Q1", "`Queue(100)` 1,000,000 items, 1 producer/consumer pair", "ns/item",
     "QueueBenchmark.onePair", "ns", (Speedup(5), None)),
    ("Q10", "`Queue(100)` 1,000,000 items, 10 pairs", "ns/item",
     "QueueBenchmark.tenPairs", "ns", (Speedup(5), None)),
    ("L0", "`Lock` uncontended acquire/release", "ns/acquire+release",
     "LockBenchmark.uncontended", "ns", (Speedup(5), None)),
    ("L100", "`Lock`, 100 tasks x 1,000 x (acquire, `sleep(0)`, release)", "ns/cycle",
     "LockBenchmark.contended100", "ns", (Speedup(5), None)),
    ("gather", "`gather` of 10,000 trivial tasks", "ns/task",
     "GatherBenchmark.gather10k", "ns", (Speedup(5), None)),
    ("waitFor", "`waitFor(done future, 10 s)`", "ns/call",
     "WaitForBenchmark.waitForDone", "ns", (Speedup(5), None)),
]

NS_PER = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def jmh_values(path):
    """{(benchmark suffix, backend): (median, mean, error, unit)} from JMH's JSON result file."""
    data = load_json(path) or []
    out = {}
    for entry in data:
        name = entry.get("benchmark", "")
        backend = entry.get("params", {}).get("backend")
        metric = entry.get("primaryMetric", {})
        unit = metric.get("scoreUnit", "").split("/")[0]
        if unit not in NS_PER or backend is None:
            continue
        pct = metric.get("scorePercentiles", {})
        median = pct.get("50.0", metric.get("score"))
        suffix = ".".join(name.split(".")[-2:])
        out[(suffix, backend)] = (median, metric.get("score"), metric.get("scoreError"), unit)
    return out, (data[0].get("jdkVersion") if data else None), (data[0].get("vmName") if data else None)


def convert(value, unit_from, unit_to):
    return value * NS_PER[unit_from] / NS_PER[unit_to]


def hangs(path):
    """{(benchmark suffix, backend): symptom} recorded by the JMH watchdog."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    out[(rec["benchmark"], rec["backend"])] = rec.get("symptom", "")
    except (OSError, ValueError):
        pass
    return out


def cpython_values(path):
    out = {}
    env = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    rec = json.loads(line)
                    out[rec["workload"]] = rec
                    env = {k: rec.get(k) for k in ("python", "implementation", "cpus")}
    except (OSError, ValueError):
        pass
    return out, env


def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit == "bytes/task":
        return f"{v:,.0f} B"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:,.1f}"


def target_cell(value, target, unit, cpython=None):
    if target is None:
        return "-"
    if isinstance(target, Speedup):
        t = f">= {target.factor:g}x CPython"
        if value is None or cpython is None or value <= 0:
            return t
        return f"{t} {'✓' if cpython / value >= target.factor else '✗'}"
    t = f"{target:,} B" if unit == "bytes/task" else f"{target:,}"
    if value is None:
        return f"<= {t}"
    return f"<= {t} {'✓' if value <= target else '✗'}"


def ratio(cpython, ours):
    if cpython is None or ours is None or ours <= 0:
        return "n/a"
    return f"{cpython / ours:,.1f}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default=os.path.join(HERE, "target"), help="results folder (default: %(default)s)")
    ap.add_argument("--out", help="also write the table here (default: DIR/bench-table.md)")
    args = ap.parse_args()

    jmh, jdk, vm = jmh_values(os.path.join(args.dir, "jmh.json"))
    heap = (load_json(os.path.join(args.dir, "heap.json")) or {}).get("results", {})
    cpy, env = cpython_values(os.path.join(args.dir, "cpython.jsonl"))
    hung = hangs(os.path.join(args.dir, "bench-failures.jsonl"))

    lines = [
        "| workload (unit) | VT | Continuation | CPython asyncio | VT target | Cont target "
        "| speedup VT vs CPython | speedup Cont vs CPython |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    missing = []
    failed = {}
    for key, label, unit, bench, jmh_unit, (vt_target, ct_target) in ROWS:
        ours = {}
        for backend in BACKENDS:
            if bench is None:
                r = heap.get(backend, {})
                ours[backend] = r.get("bytesPerTask")
                if "error" in r:
                    failed[(key, backend)] = "FAILED"
                    missing.append(f"heap {backend}: {r['error']}")
                    continue
            else:
                hit = jmh.get((bench, backend))
                ours[backend] = convert(hit[0], hit[3], jmh_unit) if hit else None
                if hit is None and (bench, backend) in hung:
                    failed[(key, backend)] = "HUNG"
                    missing.append(f"{key} {backend} HUNG: {hung[(bench, backend)]}")
                    continue
            if ours[backend] is None:
                missing.append(f"{key} {backend}")
        c = cpy.get(key, {}).get("value")
        if c is None:
            missing.append(f"{key} CPython")
        vt, ct = ours["VIRTUAL_THREADS"], ours["CONTINUATION"]
        vt_cell = failed.get((key, "VIRTUAL_THREADS")) or fmt(vt, unit)
        ct_cell = failed.get((key, "CONTINUATION")) or fmt(ct, unit)
        lines.append(f"| {label} ({unit}) | {vt_cell} | {ct_cell} | {fmt(c, unit)} "
                     f"| {target_cell(vt, vt_target, unit, c)} | {target_cell(ct, ct_target, unit, c)} "
                     f"| {ratio(c, vt)} | {ratio(c, ct)} |")

    notes = [
        "",
        "Lower is better in the value columns. Speedup = CPython / aio4j (above 1: aio4j is faster; for the heap "
        "row it is CPython's bytes per task over aio4j's). ✓/✗: the target is met / missed (W1-W4 and heap: "
        "issue 2's absolute targets; the rows below heap: issue 3's \">= 5x CPython\", for VT only).",
        "Times are medians: of JMH's measured iterations (W4 single shots, the others average time) and of "
        "CPython's measured repetitions. Heap: JVM used heap after System.gc() (median of 5 rounds, a fork per backend); "
        "CPython: tracemalloc's Python object bytes (median of 3 rounds, a fresh interpreter).",
        f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}: JDK {jdk or '?'} ({vm or '?'}); "
        f"{env.get('implementation') or 'CPython'} {env.get('python') or '?'}; {os.cpu_count()} CPUs.",
    ]
    if missing:
        notes.append("Missing or failed (details in the log above):")
        notes.extend(f"- {m}" for m in missing)
    text = "\n".join(lines + notes) + "\n"
    print(text, end="")
    out = args.out or os.path.join(args.dir, "bench-table.md")
    try:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(out, "w") as f:
            f.write(text)
    except OSError as e:
        print(f"(could not write {out}: {e})")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
