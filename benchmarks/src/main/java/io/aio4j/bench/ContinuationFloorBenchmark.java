package io.aio4j.bench;

import io.aio4j.internal.suspend.Continuations;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's floor under W1 on the Continuation backend: the same shape as {@link YieldBenchmark} (1,000 bodies
 * each yielding 1,000 times, round-robin through a FIFO queue) with no event loop at all, just
 * {@code jdk.internal.vm.Continuation} run and yield through the same method handles the backend uses. Whatever
 * W1 costs above this figure, in the same run, is aio4j's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class ContinuationFloorBenchmark {
    static final int BODIES = YieldBenchmark.TASKS;
    static final int YIELDS = YieldBenchmark.YIELDS;

    private static final Runnable YIELDER = () -> {
        for (int i = 0; i < YIELDS; i++) {
            Continuations.yieldNow();
        }
    };

    /**
     * 1,000 continuations x 1,000 yields, round-robin.
     *
     * @return the number of continuation runs, checked
     */
    @Benchmark
    @OperationsPerInvocation(BODIES * YIELDS)
    public long bareRoundRobin() {
        if (!Continuations.AVAILABLE) {
            throw new IllegalStateException(Continuations.UNAVAILABLE_REASON);
        }
        ArrayDeque<Object> ready = new ArrayDeque<>(BODIES);
        for (int i = 0; i < BODIES; i++) {
            ready.add(Continuations.create(YIELDER));
        }
        long runs = 0;
        Object c;
        while ((c = ready.poll()) != null) {
            Continuations.run(c);
            runs++;
            if (!Continuations.isDone(c)) {
                ready.add(c);
            }
        }
        // Each body runs YIELDS + 1 times: once per yield, and once more to return.
        if (runs != (long) BODIES * (YIELDS + 1)) {
            throw new AssertionError("expected " + BODIES * (YIELDS + 1) + " runs, counted " + runs);
        }
        return runs;
    }
}
