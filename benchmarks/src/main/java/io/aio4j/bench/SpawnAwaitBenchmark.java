package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
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
 * W2, spawn + await (DESIGN §2, without {@code gather}, which does not exist yet): a task creates 10,000 trivial
 * tasks, each returning a value, then awaits each in turn. The first await suspends the parent; the children all
 * run in the next loop iteration; the remaining awaits find their task done. Nanoseconds per child task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpawnAwaitBenchmark extends LoopBenchmark {
    static final int TASKS = 10_000;

    private static final Coroutine<Long> MAIN = () -> {
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[TASKS];
        for (int i = 0; i < TASKS; i++) {
            Integer value = i; // like Python's trivial(i): each child has its own coroutine object
            tasks[i] = Async.createTask(() -> value);
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += t.await();
        }
        return sum;
    };

    /**
     * Spawns and awaits 10,000 tasks.
     *
     * @return the sum of their results, checked
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long spawnAwait() {
        long sum = run(MAIN);
        if (sum != (long) TASKS * (TASKS - 1) / 2) {
            throw new AssertionError("wrong sum of task results: " + sum);
        }
        return sum;
    }
}
