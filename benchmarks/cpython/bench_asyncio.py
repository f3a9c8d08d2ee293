#!/usr/bin/env python3
"""CPython asyncio baseline for the aio4j benchmarks (issue 2, DESIGN section 2).

The same five measurements as the JMH benchmarks and io.aio4j.bench.HeapPerTask, written with asyncio
(standard library only), on one event loop per workload reused by every repetition, like the JMH trials:

  W1  sleep(0) yield: 1,000 tasks x 1,000 `await asyncio.sleep(0)`; ns per yield
  W2  spawn + await: a task creates 10,000 trivial tasks, then awaits each in turn; ns per task
  W3  future ping-pong: two tasks bounce through loop futures; ns per round trip (100,000 per repetition)
  W4  100,000 tasks each awaiting asyncio.sleep(0.01); ms for the whole batch
  heap  bytes per suspended task: 100,000 tasks each awaiting a never-completed future of its own

and issue 3's figures (QueueBenchmark, LockBenchmark, GatherBenchmark, WaitForBenchmark):

  Q1, Q10     1,000,000 items through one asyncio.Queue(maxsize=100): 1 producer + 1 consumer, or 10 + 10
              sharing the queue (100,000 items each); ns per item
  L0          asyncio.Lock uncontended: one task, 1,000,000 x `async with lock: n += 1`; ns per acquire/release
  L100        asyncio.Lock, 100 tasks x 1,000 x `async with lock: await asyncio.sleep(0); n += 1`;
              ns per acquire/release cycle
  gather      asyncio.gather of 10,000 trivial tasks (created first, then gathered); ns per task
  waitFor     100,000 x asyncio.wait_for(done_future, 10) on an already completed future; ns per call

Timings: a few warm-up repetitions, then measured ones; the result is the median of the measured
repetitions (mean, min, max and every sample are in the JSON too).

Heap: measured in a fresh interpreter (a child process, like the JVM forks), in two ways.
  * tracemalloc (the reported figure): the bytes of Python objects (every block allocated through
    Python's allocators) still traced after gc.collect(), minus the same figure before the tasks were
    created, over the task count. It counts exactly the objects the tasks keep alive (task, coroutine and
    its frame, future, loop bookkeeping), comparable with the JVM's used heap; it excludes allocator slack
    and tracemalloc's own bookkeeping.
  * RSS delta (informational, in the JSON only): resident set growth of the process over the same span,
    without tracemalloc. Includes pymalloc arena slack and anything else the process touched.

Output: one JSON object per line in benchmarks/target/cpython.jsonl (override with --out), plus a short
human summary on stdout. Run: python3 benchmarks/cpython/bench_asyncio.py [--quick] [--only W1,Q1,heap]
"""

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc

W1_TASKS, W1_YIELDS = 1_000, 1_000
W2_TASKS = 10_000
W3_ROUND_TRIPS = 100_000
W4_TASKS, W4_DELAY = 100_000, 0.010
HEAP_TASKS = 100_000
QUEUE_ITEMS, QUEUE_MAXSIZE = 1_000_000, 100
LOCK_UNCONTENDED_CYCLES = 1_000_000
LOCK_CONTENDERS, LOCK_CYCLES_PER_CONTENDER = 100, 1_000
GATHER_TASKS = 10_000
WAIT_FOR_CALLS, WAIT_FOR_TIMEOUT = 100_000, 10.0


# ---------------------------------------------------------------------------------------------- workloads

async def w1_sleep_zero_yield():
    async def yielder():
        for _ in range(W1_YIELDS):
            await asyncio.sleep(0)
        return W1_YIELDS

    tasks = [asyncio.create_task(yielder()) for _ in range(W1_TASKS)]
    yields = 0
    for t in tasks:
        yields += await t
    assert yields == W1_TASKS * W1_YIELDS


async def _trivial(i):
    return i


async def w2_spawn_await():
    tasks = [asyncio.create_task(_trivial(i)) for i in range(W2_TASKS)]
    total = 0
    for t in tasks:
        total += await t
    assert total == W2_TASKS * (W2_TASKS - 1) // 2


class _Court:
    __slots__ = ("to_a", "to_b")


async def w3_future_ping_pong():
    loop = asyncio.get_running_loop()
    court = _Court()
    court.to_a = None
    court.to_b = loop.create_future()

    async def a():
        total = 0
        for i in range(W3_ROUND_TRIPS):
            mine = loop.create_future()
            court.to_a = mine
            court.to_b.set_result(i)
            total += await mine
        return total

    async def b():
        for _ in range(W3_ROUND_TRIPS):
            v = await court.to_b
            court.to_b = loop.create_future()
            court.to_a.set_result(v)
        return 0

    ta = asyncio.create_task(a())
    tb = asyncio.create_task(b())
    total = await ta + await tb
    assert total == W3_ROUND_TRIPS * (W3_ROUND_TRIPS - 1) // 2


async def _sleeper():
    await asyncio.sleep(W4_DELAY)
    return 1


async def w4_timers_10ms():
    tasks = [asyncio.create_task(_sleeper()) for _ in range(W4_TASKS)]
    done = 0
    for t in tasks:
        done += await t
    assert done == W4_TASKS


# ---------------------------------------------------------------------------------------------- issue 3

def _queue_workload(pairs):
    """QueueBenchmark: QUEUE_ITEMS items through one bounded queue, `pairs` producers and consumers."""
    per_task = QUEUE_ITEMS // pairs

    async def workload():
        queue = asyncio.Queue(maxsize=QUEUE_MAXSIZE)

        async def consumer():
            total = 0
            for _ in range(per_task):
                total += await queue.get()
            return total

        async def producer():
            for i in range(per_task):
                await queue.put(i)
            return 0

        consumers, producers = [], []
        for _ in range(pairs):
            consumers.append(asyncio.create_task(consumer()))
            producers.append(asyncio.create_task(producer()))
        total = 0
        for p in range(pairs):
            total += await producers[p] + await consumers[p]
        assert total == pairs * (per_task * (per_task - 1) // 2), total

    return workload


q1_one_pair = _queue_workload(1)
q10_ten_pairs = _queue_workload(10)


class _Counter:
    __slots__ = ("n",)

    def __init__(self):
        self.n = 0


async def l0_lock_uncontended():
    lock = asyncio.Lock()
    count = _Counter()
    for _ in range(LOCK_UNCONTENDED_CYCLES):
        async with lock:
            count.n += 1
    assert count.n == LOCK_UNCONTENDED_CYCLES


async def l100_lock_contended():
    lock = asyncio.Lock()
    count = _Counter()

    async def contender():
        for _ in range(LOCK_CYCLES_PER_CONTENDER):
            async with lock:
                await asyncio.sleep(0)
                count.n += 1
        return LOCK_CYCLES_PER_CONTENDER

    tasks = [asyncio.create_task(contender()) for _ in range(LOCK_CONTENDERS)]
    cycles = 0
    for t in tasks:
        cycles += await t
    assert cycles == count.n == LOCK_CONTENDERS * LOCK_CYCLES_PER_CONTENDER


async def gather_10k():
    tasks = [asyncio.create_task(_trivial(i)) for i in range(GATHER_TASKS)]
    results = await asyncio.gather(*tasks)
    assert sum(results) == GATHER_TASKS * (GATHER_TASKS - 1) // 2


async def wait_for_done():
    fut = asyncio.get_running_loop().create_future()
    fut.set_result(1)
    total = 0
    for _ in range(WAIT_FOR_CALLS):
        total += await asyncio.wait_for(fut, WAIT_FOR_TIMEOUT)
    assert total == WAIT_FOR_CALLS


# (key, description, coroutine function, operations per repetition, unit, divisor ns->unit, warmups, runs)
WORKLOADS = [
    ("W1", "sleep(0) yield, 1,000 tasks x 1,000", w1_sleep_zero_yield, W1_TASKS * W1_YIELDS, "ns/yield", 1, 1, 5),
    ("W2", "spawn + await, 10,000 tasks", w2_spawn_await, W2_TASKS, "ns/task", 1, 5, 15),
    ("W3", "future ping-pong, 100,000 round trips", w3_future_ping_pong, W3_ROUND_TRIPS, "ns/round trip", 1, 1, 5),
    ("W4", "100,000 tasks x sleep(10 ms), whole batch", w4_timers_10ms, 1, "ms/batch", 1e6, 1, 5),
    ("Q1", "Queue(100), 1M items, 1 pair", q1_one_pair, QUEUE_ITEMS, "ns/item", 1, 1, 3),
    ("Q10", "Queue(100), 1M items, 10 pairs", q10_ten_pairs, QUEUE_ITEMS, "ns/item", 1, 1, 3),
    ("L0", "Lock uncontended, 1M acquire/release", l0_lock_uncontended, LOCK_UNCONTENDED_CYCLES,
     "ns/acquire+release", 1, 1, 3),
    ("L100", "Lock, 100 tasks x 1,000 cycles, sleep(0)", l100_lock_contended,
     LOCK_CONTENDERS * LOCK_CYCLES_PER_CONTENDER, "ns/cycle", 1, 1, 3),
    ("gather", "gather of 10,000 trivial tasks", gather_10k, GATHER_TASKS, "ns/task", 1, 5, 15),
    ("waitFor", "wait_for(done future, 10 s) x 100,000", wait_for_done, WAIT_FOR_CALLS, "ns/call", 1, 1, 5),
]


def time_workload(fn, ops, divisor, warmups, runs):
    """Runs fn on one loop warmups + runs times; returns the measured per-operation values."""
    loop = asyncio.new_event_loop()
    try:
        samples = []
        for i in range(warmups + runs):
            start = time.perf_counter_ns()
            loop.run_until_complete(fn())
            elapsed = time.perf_counter_ns() - start
            if i >= warmups:
                samples.append(elapsed / ops / divisor)
        return samples
    finally:
        loop.close()


# ---------------------------------------------------------------------------------------------- heap

async def _never():
    await asyncio.get_running_loop().create_future()


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def _heap_round(mode):
    """Creates HEAP_TASKS suspended tasks; returns the growth per task, then cancels and reaps them."""
    tasks = [None] * HEAP_TASKS  # allocated before the baseline: not counted
    gc.collect()
    before = tracemalloc.get_traced_memory()[0] if mode == "tracemalloc" else _rss_bytes()
    for i in range(HEAP_TASKS):
        tasks[i] = asyncio.create_task(_never())
    await asyncio.sleep(0)  # one iteration: every task runs up to its await
    assert not any(t.done() for t in tasks)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0] if mode == "tracemalloc" else _rss_bytes()
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    return (after - before) / HEAP_TASKS


def heap_child(mode, rounds):
    """Runs in a fresh interpreter: one warm-up round, then measured rounds; prints one JSON line."""
    if mode == "tracemalloc":
        tracemalloc.start()
    loop = asyncio.new_event_loop()
    try:
        values = [loop.run_until_complete(_heap_round(mode)) for _ in range(1 + rounds)][1:]
    finally:
        loop.close()
    print(json.dumps({"mode": mode, "bytesPerTask": statistics.median(values), "rounds": values}))


def measure_heap(rounds):
    out = {}
    for mode in ("tracemalloc", "rss"):
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--heap-child", mode,
                               "--heap-rounds", str(rounds)], capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"heap child ({mode}) failed: {proc.stderr.strip()}")
        out[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


# ---------------------------------------------------------------------------------------------- main

def main():
    default_out = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "target", "cpython.jsonl")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.normpath(default_out), help="JSON lines file (default: %(default)s)")
    ap.add_argument("--quick", action="store_true", help="1 warm-up and 2 measured repetitions per workload")
    ap.add_argument("--only", default="W1,W2,W3,W4,heap,Q1,Q10,L0,L100,gather,waitFor", help="comma-separated subset (default: %(default)s)")
    ap.add_argument("--heap-child", choices=("tracemalloc", "rss"), help=argparse.SUPPRESS)
    ap.add_argument("--heap-rounds", type=int, default=3, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.heap_child:
        heap_child(args.heap_child, args.heap_rounds)
        return

    only = {s.strip() for s in args.only.split(",") if s.strip()}
    env = {"python": platform.python_version(), "implementation": platform.python_implementation(),
           "machine": platform.machine(), "cpus": os.cpu_count()}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    print(f"CPython {env['python']} asyncio baseline ({'quick' if args.quick else 'full'} run)", flush=True)
    with open(args.out, "w") as out:
        for key, desc, fn, ops, unit, divisor, warmups, runs in WORKLOADS:
            if key not in only:
                continue
            if args.quick:
                warmups, runs = 1, 2
            samples = time_workload(fn, ops, divisor, warmups, runs)
            rec = {"workload": key, "description": desc, "unit": unit, "value": statistics.median(samples),
                   "mean": statistics.fmean(samples), "min": min(samples), "max": max(samples),
                   "samples": samples, "warmups": warmups, **env}
            out.write(json.dumps(rec) + "\n")
            out.flush()
            print(f"  {key} {desc:<42} {rec['value']:>12,.1f} {unit}  (median of {runs}; "
                  f"min {rec['min']:,.1f}, max {rec['max']:,.1f})", flush=True)
        if "heap" in only:
            heap = measure_heap(1 if args.quick else 3)
            tm, rss = heap["tracemalloc"], heap["rss"]
            rec = {"workload": "heap", "description": "heap per suspended task", "unit": "bytes/task",
                   "value": tm["bytesPerTask"], "method": "tracemalloc (Python object bytes)",
                   "rounds": tm["rounds"], "rssBytesPerTask": rss["bytesPerTask"], "rssRounds": rss["rounds"],
                   **env}
            out.write(json.dumps(rec) + "\n")
            print(f"  heap {'bytes per suspended task (tracemalloc)':<40} {rec['value']:>12,.1f} bytes/task  "
                  f"(RSS delta: {rss['bytesPerTask']:,.0f})", flush=True)
    print(f"CPython results written to {os.path.abspath(args.out)}")


if __name__ == "__main__":
    main()
