#!/usr/bin/env python3
"""Prints the one comparison table of `./dev bench` (issue 2) from the results of the same run.

Reads, from benchmarks/target/ (or --dir):
  jmh.json        JMH's -rf json output: W1-W4 and issue 3's Queue/Lock/gather/waitFor rows on both backends
                  (the `backend` parameter)
  heap.json       io.aio4j.bench.HeapPerTask: bytes per suspended task on both backends
  cpython.jsonl   benchmarks/cpython/bench_asyncio.py: the same measurements on CPython asyncio
  bench-failures.jsonl  written by LoopBenchmark's watchdog when a JMH invocation hung (cell: "HUNG")

and prints a Markdown table (also written to --out, default benchmarks/target/bench-table.md), then a second
one for issue 4: the Reactor bridge's crossings against Reactor's own round trip in the same run, generator ->
Flux throughput, and EventLoopGroup throughput with 1 and 2 loops. A missing
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

# What the JDK alone costs for a row's switches, measured in the same run with no event loop: per backend, the
# floor benchmark, its size parameter, and how many of its operations one operation of the row needs.
# W1: one switch per yield among 1,000 tasks; W3: two switches per round trip between two tasks. Values in ns.
FLOORS = {
    "W1": {"VIRTUAL_THREADS": ("VirtualThreadFloorBenchmark.ringHandoff", ("threads", "1000"), 1),
           "CONTINUATION": ("ContinuationFloorBenchmark.bareRoundRobin", ("bodies", "1000"), 1)},
    "W3": {"VIRTUAL_THREADS": ("VirtualThreadFloorBenchmark.ringHandoff", ("threads", "2"), 2),
           "CONTINUATION": ("ContinuationFloorBenchmark.bareRoundRobin", ("bodies", "2"), 2)},
    # W4's thread work with bare virtual threads (100,000 starts, parks and wake-ups); none for Continuation.
    "W4": {"VIRTUAL_THREADS": ("TimerBatchFloorBenchmark.startParkWakeChain", (None, None), 1)},
}


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def jmh_entries(data):
    """(benchmark suffix, params, median, unit, primary metric) for each entry of JMH's JSON results."""
    for entry in data:
        metric = entry.get("primaryMetric", {})
        median = metric.get("scorePercentiles", {}).get("50.0", metric.get("score"))
        suffix = ".".join(entry.get("benchmark", "").split(".")[-2:])
        yield suffix, entry.get("params", {}), median, metric.get("scoreUnit", ""), metric


def jmh_values(data):
    """{(benchmark suffix, backend): (median, mean, error, unit)} from JMH's JSON results."""
    out = {}
    for suffix, params, median, score_unit, metric in jmh_entries(data):
        backend = params.get("backend")
        unit = score_unit.split("/")[0]
        if unit not in NS_PER or backend is None:
            continue
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


def floor_values(data):
    """{(row key, backend): ns} for the rows of FLOORS that the JMH results have."""
    found = {}
    for suffix, params, median, score_unit, _ in jmh_entries(data):
        unit = score_unit.split("/")[0]
        for key, per_backend in FLOORS.items():
            for backend, (bench, (name, value), times) in per_backend.items():
                if suffix == bench and params.get(name) == value and unit in NS_PER:  # (None, None): no param
                    found[(key, backend)] = convert(median, unit, "ns") * times
    return found


def jmh_raw(data):
    """{(benchmark suffix, backend, loops param or None): (median, unit)} for every JMH entry, any unit."""
    return {(suffix, params.get("backend"), params.get("loops")): (median, score_unit)
            for suffix, params, median, score_unit, _ in jmh_entries(data)}


# Issue 4's rows. ns/op rows: target "<= reference" or "<= reference + one task switch" (half of W3's round trip
# on the same backend in the same run); throughput rows: a minimum per backend (VT, Continuation).
BRIDGE_ROWS = [
    ("`AioReactor.await(Mono.just(x))` in a task, value already there (scalar: read without subscribing)",
     "ReactorBridgeBenchmark.awaitJust", "ref"),
    ("`AioReactor.await(Mono.just(x).hide())`: the same, subscribed (no scalar shortcut)",
     "ReactorBridgeBenchmark.awaitJustHidden", "ref"),
    ("`AioReactor.mono(doneFuture).subscribe(...)` on the loop", "ReactorBridgeBenchmark.monoOfDoneFuture", "ref"),
    ("await of a `Mono` another task completes later", "ReactorBridgeBenchmark.awaitMonoFromOtherTask",
     "ref+switch"),
]
REFERENCE = "ReactorBridgeBenchmark.reactorFromFutureToFuture"
THROUGHPUT_ROWS = [
    ("generator -> `AioReactor.flux(...).limitRate(256)`, 1M items", "ReactorBridgeBenchmark.generatorToFlux",
     (2e6, 5e6)),
    ("`AioReactor.iterate(Flux.range(1M), 256)` in a task", "ReactorBridgeBenchmark.iterateFlux", (None, None)),
]
GROUP = "EventLoopGroupBenchmark.submitBatch"
# The machine's own 1 -> 2 thread scaling with no loop, for the group row: {label: (one thread, two threads, kind)}.
# "avgt": time per operation on each thread (ratio 2 x one / two); "thrpt": throughput summed over the threads.
SCALING_CEILINGS = {
    "continuation switches": ("ContinuationFloorBenchmark.bareRoundRobin",
                              "ContinuationFloorBenchmark.bareRoundRobinTwoThreads", "avgt"),
    "arithmetic": ("CpuScalingBenchmark.oneThread", "CpuScalingBenchmark.twoThreads", "thrpt"),
}


def scaling_ceilings(data):
    """{label: 1 -> 2 thread speed-up} of SCALING_CEILINGS that the JMH results have (continuations: 1,000)."""
    scores = {suffix: median for suffix, params, median, _, _ in jmh_entries(data)
              if params.get("bodies") in (None, "1000")}
    found = {}
    for label, (one, two, kind) in SCALING_CEILINGS.items():
        if scores.get(one) and scores.get(two):
            found[label] = 2 * scores[one] / scores[two] if kind == "avgt" else scores[two] / scores[one]
    return found


def bridge_table(data, jmh):
    raw = jmh_raw(data)
    lines = ["", "Reactive bridges and loop groups (issue 4), same run:", "",
             "| workload (unit) | VT | Continuation | Reactor's `fromFuture`/`toFuture` round trip (VT / Cont) "
             "| target | met (VT / Cont) |", "|---|--:|--:|--:|---|--:|"]
    missing = []

    def ns(bench, backend):
        hit = raw.get((bench, backend, None))
        return hit[0] if hit and hit[1].startswith("ns") else None

    for label, bench, kind in BRIDGE_ROWS:
        ours = {b: ns(bench, b) for b in BACKENDS}
        ref = {b: ns(REFERENCE, b) for b in BACKENDS}
        met = []
        for b in BACKENDS:
            limit = ref[b]
            if kind == "ref+switch" and limit is not None:
                w3 = jmh.get(("PingPongBenchmark.futurePingPong", b))
                limit = limit + convert(w3[0], w3[3], "ns") / 2 if w3 else None
            if ours[b] is None or limit is None:
                met.append("n/a")
                missing.append(f"{bench} {b}")
            else:
                met.append("✓" if ours[b] <= limit else "✗")
        target = "<= reference" if kind == "ref" else "<= reference + one task switch (W3 / 2)"
        lines.append(f"| {label} (ns) | {fmt(ours['VIRTUAL_THREADS'], 'ns')} | {fmt(ours['CONTINUATION'], 'ns')} "
                     f"| {fmt(ref['VIRTUAL_THREADS'], 'ns')} / {fmt(ref['CONTINUATION'], 'ns')} | {target} "
                     f"| {' / '.join(met)} |")
    for label, bench, mins in THROUGHPUT_ROWS:
        ours = {b: (raw.get((bench, b, None)) or (None,))[0] for b in BACKENDS}
        met = []
        for b, minimum in zip(BACKENDS, mins):
            if ours[b] is None:
                missing.append(f"{bench} {b}")
            met.append("-" if minimum is None or ours[b] is None else ("✓" if ours[b] >= minimum else "✗"))
        target = "-" if mins == (None, None) else f">= {mins[0] / 1e6:g}M / {mins[1] / 1e6:g}M items/s"
        cells = [("n/a" if ours[b] is None else f"{ours[b] / 1e6:,.1f}M") for b in BACKENDS]
        lines.append(f"| {label} (items/s) | {cells[0]} | {cells[1]} | - | {target} | {' / '.join(met)} |")
    group = {(b, n): (raw.get((GROUP, b, n)) or (None,))[0] for b in BACKENDS for n in ("1", "2")}
    for b in BACKENDS:
        one, two = group[(b, "1")], group[(b, "2")]
        if one is None or two is None:
            missing.append(f"{GROUP} {b}")
    def ratio_cell(b):
        one, two = group[(b, "1")], group[(b, "2")]
        return "n/a" if not one or two is None else f"{two / one:.2f}x"
    def tasks(b, n):
        v = group[(b, n)]
        return "n/a" if v is None else f"{v / 1e6:,.2f}M"
    met = ["n/a" if ratio_cell(b) == "n/a" else ("✓" if group[(b, "2")] / group[(b, "1")] >= 1.7 else "✗")
           for b in BACKENDS]
    ceilings = scaling_ceilings(data)
    missing.extend(f"{label} 1 -> 2 threads" for label in SCALING_CEILINGS if label not in ceilings)
    ceiling_cell = "no loop, 1 -> 2 threads: " + ", ".join(
        f"{label} {ceilings[label]:.2f}x" if label in ceilings else f"{label} n/a" for label in SCALING_CEILINGS)
    lines.append(f"| `EventLoopGroup`: independent tasks/s, 1 loop -> 2 loops | {tasks('VIRTUAL_THREADS', '1')} -> "
                 f"{tasks('VIRTUAL_THREADS', '2')} ({ratio_cell('VIRTUAL_THREADS')}) | {tasks('CONTINUATION', '1')} -> "
                 f"{tasks('CONTINUATION', '2')} ({ratio_cell('CONTINUATION')}) | {ceiling_cell} | >= 1.7x "
                 f"| {' / '.join(met)} |")
    return lines, missing


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default=os.path.join(HERE, "target"), help="results folder (default: %(default)s)")
    ap.add_argument("--out", help="also write the table here (default: DIR/bench-table.md)")
    args = ap.parse_args()

    jmh_data = load_json(os.path.join(args.dir, "jmh.json")) or []
    jmh, jdk, vm = jmh_values(jmh_data)
    heap = (load_json(os.path.join(args.dir, "heap.json")) or {}).get("results", {})
    cpy, env = cpython_values(os.path.join(args.dir, "cpython.jsonl"))
    hung = hangs(os.path.join(args.dir, "bench-failures.jsonl"))

    floors = floor_values(jmh_data)
    lines = [
        "| workload (unit) | VT | Continuation | CPython asyncio | VT target | Cont target "
        "| speedup VT vs CPython | speedup Cont vs CPython | JDK floor, same run (VT / Cont) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
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
        if key in FLOORS:
            floor_cell = " / ".join(
                "-" if b not in FLOORS[key] else
                fmt(None if (key, b) not in floors else convert(floors[(key, b)], "ns", unit.split("/")[0]), unit)
                for b in BACKENDS)
            missing.extend(f"{key} JDK floor {b}" for b in FLOORS[key] if (key, b) not in floors)
        else:
            floor_cell = "-"
        lines.append(f"| {label} ({unit}) | {vt_cell} | {ct_cell} | {fmt(c, unit)} "
                     f"| {target_cell(vt, vt_target, unit, c)} | {target_cell(ct, ct_target, unit, c)} "
                     f"| {ratio(c, vt)} | {ratio(c, ct)} | {floor_cell} |")

    notes = [
        "",
        "Lower is better in the value columns. Speedup = CPython / aio4j (above 1: aio4j is faster; for the heap "
        "row it is CPython's bytes per task over aio4j's). ✓/✗: the target is met / missed (W1-W4 and heap: "
        "issue 2's absolute targets; the rows below heap: issue 3's \">= 5x CPython\", for VT only).",
        "JDK floor: the same switches with no event loop (VirtualThreadFloorBenchmark: a baton passed between "
        "virtual threads with park/unpark; ContinuationFloorBenchmark: bare continuations resumed round-robin), "
        "1,000 of them for W1, 2 for W3 (times the 2 switches of a round trip); for W4 on virtual threads "
        "(TimerBatchFloorBenchmark), 100,000 bare virtual threads started, parked and woken as W4's tasks are.",
        "Times are medians: of JMH's measured iterations (W4 single shots, the others average time) and of "
        "CPython's measured repetitions. Heap: JVM used heap after System.gc() (median of 5 rounds, a fork per backend); "
        "CPython: tracemalloc's Python object bytes (median of 3 rounds, a fresh interpreter).",
        f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}: JDK {jdk or '?'} ({vm or '?'}); "
        f"{env.get('implementation') or 'CPython'} {env.get('python') or '?'}; {os.cpu_count()} CPUs.",
    ]
    bridge_lines, bridge_missing = bridge_table(jmh_data, jmh)
    notes.extend(bridge_lines)
    missing.extend(bridge_missing)
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
