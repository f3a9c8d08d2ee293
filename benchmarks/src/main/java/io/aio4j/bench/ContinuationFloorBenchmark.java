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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's floor under the Continuation backend: bodies that only yield, resumed round-robin through a FIFO
 * queue, with no event loop at all, just {@code jdk.internal.vm.Continuation} run and yield through the same
 * method handles the backend uses. Nanoseconds per resumption (one run plus one yield).
 *
 * <p>{@code bodies=1000}: W1's shape ({@link YieldBenchmark}: 1,000 tasks, each {@code sleep(0)} a switch to the
 * next). {@code bodies=2}: W3's (a ping-pong round trip resumes each of the two tasks once: two of these).
 * Whatever W1 and W3 cost above these figures, in the same run, is aio4j's own.
 *
 * <p>{@link #bareRoundRobinTwoThreads} runs the same on two threads at once, each with continuations of its own
 * and nothing shared: the most that a second Continuation loop can add ({@link EventLoopGroupBenchmark}). On the
 * project's 2-vCPU KVM guest (JDK 25) it measured 1.3x-1.5x ({@code 2 x oneThread / twoThreads}), while plain
 * arithmetic scales 2.0x there ({@link CpuScalingBenchmark}): switching continuations is what does not scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class ContinuationFloorBenchmark {
    static final int RESUMPTIONS = 1_000_000;

    /** How many continuations take turns. */
    @Param({"2", "1000"})
    public int bodies;

    /**
     * 1,000,000 yields in all, round-robin.
     *
     * @return the number of continuation runs, checked
     */
    @Benchmark
    @OperationsPerInvocation(RESUMPTIONS)
    public long bareRoundRobin() {
        return roundRobin(bodies);
    }

    /**
     * The same on two threads at once, each with its own continuations; the score is each thread's time per
     * resumption.
     *
     * @return the number of continuation runs, checked
     */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(RESUMPTIONS)
    public long bareRoundRobinTwoThreads() {
        return roundRobin(bodies);
    }

    private static long roundRobin(int bodies) {
        if (!Continuations.AVAILABLE) {
            throw new IllegalStateException(Continuations.UNAVAILABLE_REASON);
        }
        int yields = RESUMPTIONS / bodies;
        Runnable yielder = () -> {
            for (int i = 0; i < yields; i++) {
                Continuations.yieldNow();
            }
        };
        ArrayDeque<Object> ready = new ArrayDeque<>(bodies);
        for (int i = 0; i < bodies; i++) {
            ready.add(Continuations.create(yielder));
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
        // Each body runs yields + 1 times: once per yield, and once more to return.
        if (runs != (long) bodies * (yields + 1)) {
            throw new AssertionError("expected " + bodies * (yields + 1L) + " runs, counted " + runs);
        }
        return runs;
    }
}
