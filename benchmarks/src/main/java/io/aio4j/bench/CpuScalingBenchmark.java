package io.aio4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's own ceiling for {@link EventLoopGroupBenchmark}'s ratio: the arithmetic of one of its tasks
 * ({@value EventLoopGroupBenchmark#STEPS} x {@value EventLoopGroupBenchmark#SPIN} rounds of xorshift64), with no
 * event loop, no yield and no allocation, on one thread and on two threads at once. Throughput in tasks per second;
 * {@code twoThreads / oneThread} is the most that two loops could gain over one on this machine for work that
 * shares nothing. On a VM, two vCPUs may be two hardware threads of one core, or share it with other guests.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CpuScalingBenchmark {
    /** Each thread's own seed, so that two threads share no written memory. */
    @State(Scope.Thread)
    public static class Seed {
        long next;
    }

    private static long task(Seed seed) {
        long x = ++seed.next;
        for (int i = 0; i < EventLoopGroupBenchmark.STEPS * EventLoopGroupBenchmark.SPIN; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * One task's arithmetic on one thread.
     *
     * @param seed this thread's seed
     * @return the result, consumed by JMH
     */
    @Benchmark
    @Threads(1)
    public long oneThread(Seed seed) {
        return task(seed);
    }

    /**
     * The same on two threads at once; the score is their sum.
     *
     * @param seed this thread's seed
     * @return the result, consumed by JMH
     */
    @Benchmark
    @Threads(2)
    public long twoThreads(Seed seed) {
        return task(seed);
    }
}
