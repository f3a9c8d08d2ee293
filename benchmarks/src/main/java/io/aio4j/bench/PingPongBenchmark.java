package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Task;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3, future ping-pong (DESIGN §2): two tasks bounce a value through loop futures. A creates the future it will
 * wait on, completes the one B waits on, and awaits; B, woken, creates its next future, completes A's, and
 * awaits. One round trip is A -> B -> A: two futures created and completed, two suspensions, two task switches.
 * Nanoseconds per round trip, 100,000 round trips per invocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PingPongBenchmark extends LoopBenchmark {
    static final int ROUND_TRIPS = 100_000;

    /** The two mailboxes: the future A waits on and the one B waits on. */
    private static final class Court {
        Future<Integer> toA;
        Future<Integer> toB;
    }

    private static Long play() {
        EventLoop loop = Async.getRunningLoop();
        Court court = new Court();
        court.toB = loop.createFuture();
        Task<Long> a = Async.createTask(() -> {
            long sum = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                Future<Integer> mine = loop.createFuture();
                court.toA = mine;
                court.toB.setResult(i);
                sum += mine.await();
            }
            return sum;
        });
        Task<Long> b = Async.createTask(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                int v = court.toB.await();
                court.toB = loop.createFuture();
                court.toA.setResult(v);
            }
            return 0L;
        });
        return a.await() + b.await();
    }

    /**
     * 100,000 round trips.
     *
     * @return the sum of the values bounced, checked
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long futurePingPong() {
        long sum = run(PingPongBenchmark::play);
        if (sum != (long) ROUND_TRIPS * (ROUND_TRIPS - 1) / 2) {
            throw new AssertionError("wrong ping-pong sum: " + sum);
        }
        return sum;
    }
}
