/**
 * The benchmarks of issue 2 (DESIGN §2's four workloads plus heap per suspended task), each run on both
 * suspension backends and compared with CPython asyncio by {@code ./dev bench}; see {@code benchmarks/README.md}.
 *
 * <ul>
 *   <li>{@link io.aio4j.bench.YieldBenchmark} W1: {@code sleep(0)} yield, 1,000 tasks x 1,000 yields.</li>
 *   <li>{@link io.aio4j.bench.SpawnAwaitBenchmark} W2: spawn 10,000 trivial tasks, then await each.</li>
 *   <li>{@link io.aio4j.bench.PingPongBenchmark} W3: two tasks bouncing through loop futures.</li>
 *   <li>{@link io.aio4j.bench.TimerBatchBenchmark} W4: 100,000 tasks each sleeping 10 ms.</li>
 *   <li>{@link io.aio4j.bench.HeapPerTask} heap per suspended task (a plain main, not JMH).</li>
 * </ul>
 */
package io.aio4j.bench;
