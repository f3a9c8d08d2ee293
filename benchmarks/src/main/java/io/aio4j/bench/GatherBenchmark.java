package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
import io.aio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code gather} of 10,000 trivial tasks (issue 3): a task creates 10,000 tasks that each return a value, then
 * awaits {@code Async.gather(tasks)} and sums the result list (Python: {@code tasks = [create_task(trivial(i))
 * ...]; await asyncio.gather(*tasks)}). Like W2 ({@link SpawnAwaitBenchmark}) with one gather in place of
 * 10,000 awaits: task creation, one step each, completion, and gather's per-child done callback and result
 * list. Nanoseconds per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class GatherBenchmark extends LoopBenchmark {
    static final int TASKS = 10_000;

    private static final Coroutine<Long> MAIN = () -> {
        List<Task<Integer>> tasks = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            Integer value = i; // like Python's trivial(i): each child has its own coroutine object
            tasks.add(Async.createTask(() -> value));
        }
        List<Integer> results = Async.gather(tasks).await();
        long sum = 0;
        for (Integer r : results) {
            sum += r;
        }
        return sum;
    };

    /**
     * Spawns 10,000 tasks and gathers them.
     *
     * @return the sum of the gathered results, checked
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long gather10k() {
        long sum = run(MAIN);
        if (sum != (long) TASKS * (TASKS - 1) / 2) {
            throw new AssertionError("wrong sum of gathered results: " + sum);
        }
        return sum;
    }
}
