package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scaling over cores with {@link EventLoopGroup}: throughput of independent, CPU-light tasks submitted from one
 * outside thread, on a group of 1 or 2 loops (the {@code loops} parameter). One invocation submits a batch of
 * {@value #BATCH} tasks with {@code group.submit(coro)} (round robin over the loops) and waits for all their
 * futures. Each task does {@value #STEPS} steps of a little arithmetic ({@value #SPIN} rounds of xorshift64),
 * each followed by {@code Async.sleep(Duration.ZERO)}, so it yields {@value #STEPS} times and interleaves with
 * the other tasks of its loop. Score: tasks per second; the ratio of the {@code loops=2} and {@code loops=1}
 * scores is the speed-up the second core gives. Every task's result is summed and checked.
 *
 * <p>The group is made once per trial and closed at its end, like {@link LoopBenchmark}'s loop; the fork carries
 * the Continuation flag for the same reasons. There is no watchdog: a batch that does not finish within
 * {@value #STALL_SECONDS} s fails the invocation instead (the submitting thread only waits on futures).
 *
 * <p>Reading the ratio on a 2-core machine (measured on the project's 2-vCPU KVM guest, JDK 25):
 * <ul>
 *   <li>The submitting thread is a third busy thread on two cores, and it waits for the whole batch with one
 *   {@code allOf}: waiting on each future in turn woke it up to a thousand times per batch, each wake-up
 *   pre-empting a loop, and held the Continuation ratio near 1.1x.</li>
 *   <li>Between batches both loops park. The submitter wakes them within microseconds of each other, and Linux
 *   often queues both on the same CPU (sampled: both loop threads runnable on one CPU in ~40% of samples) without
 *   moving one of them while it is cache-hot; waking a parked thread on an idle vCPU also costs 150-300 us
 *   here. The loops then sit idle for ~15% of a 2.5 ms batch.</li>
 *   <li>A task costs ~10% more loop CPU when both cores run loops (shared caches) than when one does. The
 *   hardware is not the limit: a task's arithmetic alone, with no loop, runs 2.0x faster on two threads than on
 *   one ({@link CpuScalingBenchmark}).</li>
 *   <li>What does not scale is the JDK's continuation switching itself: bare continuations resumed round-robin with
 *   no loop at all, 1,000 per thread, give 1.3-1.6x from one thread to two ({@link ContinuationFloorBenchmark},
 *   {@code bareRoundRobinTwoThreads}; 2 per thread: 0.8-1.5x), with nothing shared between the threads. The
 *   Continuation loops' 1.4-1.5x sits on that ceiling; {@code bench_table.py} prints both in the same run.</li>
 *   <li>Keeping a second batch queued (submit the next batch, then wait for the previous one, so that the loops
 *   never park) measured the same ratio (1.45x, 3 forks), so the wake-ups above are not what limits it.</li>
 *   <li>A batch of 10,000 instead of 1,000 (so that the wake-up and placement costs above are paid once per 14 ms
 *   rather than per 2.5 ms) measured 1.53x (231k -> 353k tasks/s, 2 forks of 6 iterations): no clear gain over the
 *   1.25-1.52x of 1,000, so the batch stays at 1,000.</li>
 *   <li>Submission itself is cheap: 1,000 {@code submit} calls take ~75 us, and batches of trivial tasks run at
 *   ~4 million tasks/s; spawning the same tasks on the loops themselves scales no better.</li>
 *   <li>The virtual-thread backend's ratio is above 2 because a single such loop already keeps both cores busy
 *   (every switch is a park/unpark handoff through the JDK's scheduler) for a third of the Continuation
 *   throughput; two loops use the two cores for their own work.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class EventLoopGroupBenchmark {
    static final int BATCH = 1_000;
    static final int STEPS = 10;
    static final int SPIN = 100;
    static final long STALL_SECONDS = 30;

    /** The number of loops (and loop threads) in the group. */
    @Param({"1", "2"})
    public int loops;

    /** The suspension backend: a {@link Backend} constant's name. */
    @Param({"VIRTUAL_THREADS", "CONTINUATION"})
    public String backend;

    private EventLoopGroup group;
    private Coroutine<Long>[] tasks;
    private long expectedSum;
    @SuppressWarnings("unchecked")
    private final CompletableFuture<Long>[] results = new CompletableFuture[BATCH];

    /** The work of one task, seeded so that every task computes something different. */
    static long work(long seed) {
        long x = seed + 1; // xorshift maps 0 to 0
        for (int step = 0; step < STEPS; step++) {
            for (int i = 0; i < SPIN; i++) {
                x ^= x << 13; // xorshift64: C2 cannot fold a loop of these into a closed form
                x ^= x >>> 7;
                x ^= x << 17;
            }
            Async.sleep(Duration.ZERO);
        }
        return x;
    }

    /** The same arithmetic without the yields, for the expected result. */
    static long expected(long seed) {
        long x = seed + 1; // xorshift maps 0 to 0
        for (int i = 0; i < STEPS * SPIN; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** Creates the group (failing if the backend is not available in this fork) and the batch's coroutines. */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void openGroup() {
        group = EventLoopGroup.create(loops, Backend.valueOf(backend));
        for (EventLoop loop : group.loops()) {
            if (loop.backend() != Backend.valueOf(backend)) {
                throw new IllegalStateException("asked for " + backend + ", got " + loop.backend());
            }
        }
        tasks = new Coroutine[BATCH];
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            long seed = i;
            tasks[i] = () -> work(seed);
            sum += expected(seed);
        }
        expectedSum = sum;
    }

    /** Closes the group: every loop thread has ended when this returns. */
    @TearDown(Level.Trial)
    public void closeGroup() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(Duration.ZERO);
            if (!group.awaitTermination(Duration.ofSeconds(STALL_SECONDS))) {
                throw new IllegalStateException(group + " did not terminate within " + STALL_SECONDS + " s");
            }
            group = null;
        }
    }

    /**
     * Submits one batch and waits for it.
     *
     * @return the sum of the tasks' results, checked
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submitBatch() throws InterruptedException, ExecutionException {
        for (int i = 0; i < BATCH; i++) {
            results[i] = group.submit(tasks[i]);
        }
        try {
            // One wait for the whole batch: waiting on each future in turn would wake this thread again and again,
            // and on a machine with as many cores as loops every wake-up pre-empts a loop.
            CompletableFuture.allOf(results).get(STALL_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a batch did not finish within " + STALL_SECONDS + " s on " + group, e);
        }
        long sum = 0;
        for (CompletableFuture<Long> r : results) {
            sum += r.join();
        }
        if (sum != expectedSum) {
            throw new AssertionError("wrong sum of task results: " + sum + ", expected " + expectedSum);
        }
        return sum;
    }
}
