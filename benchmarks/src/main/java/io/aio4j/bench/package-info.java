/**
 * The benchmarks of issue 2 (DESIGN §2's four workloads plus heap per suspended task) and issue 3 (queue, lock,
 * {@code gather}, {@code waitFor}), each run on both suspension backends and compared with CPython asyncio by
 * {@code ./dev bench}; see {@code benchmarks/README.md}.
 *
 * <ul>
 *   <li>{@link io.aio4j.bench.YieldBenchmark} W1: {@code sleep(0)} yield, 1,000 tasks x 1,000 yields.</li>
 *   <li>{@link io.aio4j.bench.SpawnAwaitBenchmark} W2: spawn 10,000 trivial tasks, then await each.</li>
 *   <li>{@link io.aio4j.bench.PingPongBenchmark} W3: two tasks bouncing through loop futures.</li>
 *   <li>{@link io.aio4j.bench.TimerBatchBenchmark} W4: 100,000 tasks each sleeping 10 ms.</li>
 *   <li>{@link io.aio4j.bench.HeapPerTask} heap per suspended task (a plain main, not JMH).</li>
 *   <li>{@link io.aio4j.bench.QueueBenchmark} 1,000,000 items through a bounded queue, 1 and 10 producer/consumer
 *   pairs.</li>
 *   <li>{@link io.aio4j.bench.LockBenchmark} lock acquire/release, uncontended and with 100 contending tasks.</li>
 *   <li>{@link io.aio4j.bench.GatherBenchmark} {@code gather} of 10,000 trivial tasks.</li>
 *   <li>{@link io.aio4j.bench.WaitForBenchmark} {@code waitFor} on an already completed future.</li>
 *   <li>{@link io.aio4j.bench.ReactorBridgeBenchmark} the cost of crossing the Reactor bridge: awaits of Monos,
 *   Monos of futures, generator -> Flux and Flux iteration throughput, with Reactor's own round trip for
 *   reference.</li>
 *   <li>{@link io.aio4j.bench.EventLoopGroupBenchmark} throughput of independent tasks on an
 *   {@link io.aio4j.EventLoopGroup} of 1 or 2 loops: how a second core scales.</li>
 * </ul>
 */
package io.aio4j.bench;
