package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
import io.aio4j.Queue;
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
 * Queue producer/consumer throughput (issue 3): 1,000,000 items pass through one bounded
 * {@code Queue<Integer>} ({@code maxsize} {@value #MAXSIZE}), put by producer tasks and taken by consumer tasks,
 * with 1 producer and 1 consumer, and with 10 producers and 10 consumers sharing the queue (each producer puts
 * 100,000 items, each consumer takes 100,000). Producers {@code put}, suspending while the queue is full;
 * consumers {@code get}, suspending while it is empty; nothing else ({@code taskDone}/{@code join} are not
 * used). Nanoseconds per item (the whole invocation over 1,000,000): items per second is 1e9 over it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class QueueBenchmark extends LoopBenchmark {
    static final int ITEMS = 1_000_000;
    static final int MAXSIZE = 100;

    /** The workload for {@code pairs} producer/consumer pairs; returns the sum of the items consumed. */
    private static Coroutine<Long> workload(int pairs) {
        int perTask = ITEMS / pairs;
        return () -> {
            Queue<Integer> queue = new Queue<>(MAXSIZE);
            @SuppressWarnings("unchecked")
            Task<Long>[] consumers = new Task[pairs];
            @SuppressWarnings("unchecked")
            Task<Long>[] producers = new Task[pairs];
            for (int p = 0; p < pairs; p++) {
                consumers[p] = Async.createTask(() -> {
                    long sum = 0;
                    for (int i = 0; i < perTask; i++) {
                        sum += queue.get();
                    }
                    return sum;
                });
                producers[p] = Async.createTask(() -> {
                    for (int i = 0; i < perTask; i++) {
                        queue.put(i);
                    }
                    return 0L;
                });
            }
            long sum = 0;
            for (int p = 0; p < pairs; p++) {
                sum += producers[p].await() + consumers[p].await();
            }
            return sum;
        };
    }

    private static final Coroutine<Long> ONE_PAIR = workload(1);
    private static final Coroutine<Long> TEN_PAIRS = workload(10);

    private static long check(long sum, int pairs) {
        long perTask = ITEMS / pairs;
        long expected = pairs * (perTask * (perTask - 1) / 2);
        if (sum != expected) {
            throw new AssertionError("wrong sum of items consumed with " + pairs + " pairs: " + sum
                    + ", expected " + expected);
        }
        return sum;
    }

    /**
     * 1,000,000 items, 1 producer and 1 consumer.
     *
     * @return the sum of the items consumed, checked
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long onePair() {
        return check(run(ONE_PAIR), 1);
    }

    /**
     * 1,000,000 items, 10 producers and 10 consumers on the one queue.
     *
     * @return the sum of the items consumed, checked
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long tenPairs() {
        return check(run(TEN_PAIRS), 10);
    }
}
