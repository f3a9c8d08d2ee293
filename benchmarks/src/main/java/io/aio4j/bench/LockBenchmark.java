package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
import io.aio4j.Lock;
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
 * {@link Lock} acquire/release (issue 3), two workloads, each on a new lock per invocation:
 * <ul>
 *   <li><b>uncontended</b>: one task does 1,000,000 {@code try (var held = lock.acquire()) { count++; }}
 *   (Python: {@code async with lock: n += 1}); the lock is always free, so nothing suspends. Nanoseconds per
 *   acquire/release.</li>
 *   <li><b>100 contending tasks</b>: 100 tasks each do 1,000 cycles of {@code try (var held = lock.acquire())
 *   { Async.sleep(Duration.ZERO); count++; }} (Python: {@code async with lock: await asyncio.sleep(0);
 *   n += 1}). The holder yields inside the critical section, so the other 99 queue up behind it; every
 *   release hands the lock to the oldest waiter (no barging, asyncio 3.13's rule), which resumes in a later
 *   loop iteration. Nanoseconds per acquire/release cycle (the whole invocation over 100,000), the
 *   {@code sleep(0)} included.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class LockBenchmark extends LoopBenchmark {
    static final int UNCONTENDED_CYCLES = 1_000_000;
    static final int CONTENDERS = 100;
    static final int CYCLES_PER_CONTENDER = 1_000;
    static final int CONTENDED_CYCLES = CONTENDERS * CYCLES_PER_CONTENDER;

    /** The mutable count the critical sections update. */
    private static final class Counter {
        long n;
    }

    private static final Coroutine<Long> UNCONTENDED = () -> {
        Lock lock = new Lock();
        Counter count = new Counter();
        for (int i = 0; i < UNCONTENDED_CYCLES; i++) {
            try (var held = lock.acquire()) {
                count.n++;
            }
        }
        return count.n;
    };

    private static final Coroutine<Long> CONTENDED = () -> {
        Lock lock = new Lock();
        Counter count = new Counter();
        Coroutine<Integer> contender = () -> {
            for (int i = 0; i < CYCLES_PER_CONTENDER; i++) {
                try (var held = lock.acquire()) {
                    Async.sleep(Duration.ZERO);
                    count.n++;
                }
            }
            return CYCLES_PER_CONTENDER;
        };
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[CONTENDERS];
        for (int t = 0; t < CONTENDERS; t++) {
            tasks[t] = Async.createTask(contender);
        }
        long cycles = 0;
        for (Task<Integer> t : tasks) {
            cycles += t.await();
        }
        if (cycles != count.n) {
            throw new AssertionError("tasks report " + cycles + " cycles, the critical section counted " + count.n);
        }
        return count.n;
    };

    private static long check(long cycles, long expected) {
        if (cycles != expected) {
            throw new AssertionError("expected " + expected + " acquire/release cycles, counted " + cycles);
        }
        return cycles;
    }

    /**
     * 1,000,000 uncontended acquire/release pairs.
     *
     * @return the number of critical sections run, checked
     */
    @Benchmark
    @OperationsPerInvocation(UNCONTENDED_CYCLES)
    public long uncontended() {
        return check(run(UNCONTENDED), UNCONTENDED_CYCLES);
    }

    /**
     * 100 tasks x 1,000 acquire / {@code sleep(0)} / release cycles on one lock.
     *
     * @return the number of critical sections run, checked
     */
    @Benchmark
    @OperationsPerInvocation(CONTENDED_CYCLES)
    public long contended100() {
        return check(run(CONTENDED), CONTENDED_CYCLES);
    }
}
