package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
import io.aio4j.Task;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1, {@code sleep(0)} yield (DESIGN §2): 1,000 tasks each doing 1,000 {@code Async.sleep(Duration.ZERO)}. The
 * score is the whole invocation (creating the tasks, all yields, awaiting every task) divided by the 1,000,000
 * yields: nanoseconds per yield. Every yield is a task switch, since 999 other tasks are always ready.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class YieldBenchmark extends LoopBenchmark {
    static final int TASKS = 1_000;
    static final int YIELDS = 1_000;

    private static final Coroutine<Integer> YIELDER = () -> {
        for (int i = 0; i < YIELDS; i++) {
            Async.sleep(Duration.ZERO);
        }
        return YIELDS;
    };

    private static final Coroutine<Long> MAIN = () -> {
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[TASKS];
        for (int i = 0; i < TASKS; i++) {
            tasks[i] = Async.createTask(YIELDER);
        }
        long yields = 0;
        for (Task<Integer> t : tasks) {
            yields += t.await();
        }
        return yields;
    };

    /**
     * One batch of 1,000 x 1,000 yields.
     *
     * @return the number of yields done, checked
     */
    @Benchmark
    @OperationsPerInvocation(TASKS * YIELDS)
    public long sleepZeroYield() {
        long yields = run(MAIN);
        if (yields != (long) TASKS * YIELDS) {
            throw new AssertionError("expected " + TASKS * YIELDS + " yields, counted " + yields);
        }
        return yields;
    }
}
