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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4, many timers (DESIGN §2): 100,000 tasks each awaiting {@code Async.sleep(Duration.ofMillis(10))}. One shot
 * is the whole batch: spawning the tasks, all of them suspending on a timer, the timers firing, every task being
 * awaited. Milliseconds per batch; 10 ms of it is the sleep itself.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
public class TimerBatchBenchmark extends LoopBenchmark {
    static final int TASKS = 100_000;
    static final Duration DELAY = Duration.ofMillis(10);

    private static final Coroutine<Integer> SLEEPER = () -> {
        Async.sleep(DELAY);
        return 1;
    };

    private static final Coroutine<Integer> MAIN = () -> {
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[TASKS];
        for (int i = 0; i < TASKS; i++) {
            tasks[i] = Async.createTask(SLEEPER);
        }
        int done = 0;
        for (Task<Integer> t : tasks) {
            done += t.await();
        }
        return done;
    };

    /**
     * One batch of 100,000 sleeping tasks.
     *
     * @return how many finished, checked
     */
    @Benchmark
    public int timers10ms() {
        int done = run(MAIN);
        if (done != TASKS) {
            throw new AssertionError("only " + done + " of " + TASKS + " sleepers finished");
        }
        return done;
    }
}
