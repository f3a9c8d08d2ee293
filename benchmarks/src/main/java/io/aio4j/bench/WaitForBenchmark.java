package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
import io.aio4j.Future;
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
 * {@code waitFor} overhead on an already completed awaitable (issue 3): one task completes a loop future, then
 * calls {@code Async.waitFor(future, Duration.ofSeconds(10))} on it 100,000 times (Python: {@code await
 * asyncio.wait_for(fut, 10)}). What is measured is the timeout machinery around an await that returns at once
 * (entering and leaving a timeout scope, its timer, the result). Nanoseconds per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class WaitForBenchmark extends LoopBenchmark {
    static final int CALLS = 100_000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Coroutine<Long> MAIN = () -> {
        Future<Integer> done = Async.getRunningLoop().createFuture();
        done.setResult(1);
        long total = 0;
        for (int i = 0; i < CALLS; i++) {
            total += Async.waitFor(done, TIMEOUT);
        }
        return total;
    };

    /**
     * 100,000 {@code waitFor} calls on a done future.
     *
     * @return the sum of the results, checked
     */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long waitForDone() {
        long total = run(MAIN);
        if (total != CALLS) {
            throw new AssertionError("expected " + CALLS + " results of 1, summed " + total);
        }
        return total;
    }
}
