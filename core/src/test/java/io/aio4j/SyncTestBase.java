package io.aio4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of the tests of the synchronization primitives and queues ({@code LockTest} ... {@code QueuesTest}):
 * {@link LoopTestBase} plus the few asyncio idioms their ports need.
 *
 * <p>{@link #runMain} runs the test body as a task with a watchdog: a body still blocked after an hour of
 * virtual time (no wall-clock time: the virtual clock jumps there as soon as the loop is idle) is cancelled, so
 * that a lost wake-up fails the test at once instead of hanging it.
 */
abstract class SyncTestBase extends LoopTestBase {
    private static final Duration WATCHDOG = Duration.ofHours(1);

    /** Runs {@code main} as a task named "main" until it completes; cancels it if it hangs (see class doc). */
    protected final <T> T runMain(Coroutine<T> main) {
        Task<T> task = loop.createTask(main, "main");
        TimerHandle watchdog = loop.callLater(WATCHDOG, () -> task.cancel(
                "watchdog: main was still waiting after " + WATCHDOG + " of virtual time (a lost wake-up?)"));
        try {
            return loop.runUntilComplete(task);
        } finally {
            watchdog.cancel();
        }
    }

    /** {@code await asyncio.sleep(0)}: lets every ready task run one step. */
    protected static void sleep0() {
        Async.sleep(Duration.ZERO);
    }

    /** {@code sleep0()} {@code times} times. */
    protected static void sleep0(int times) {
        for (int i = 0; i < times; i++) {
            sleep0();
        }
    }

    /** {@code asyncio.create_task(coro)}. */
    protected static <T> Task<T> spawn(Coroutine<T> body) {
        return Async.createTask(body);
    }

    /** Creates {@code n} tasks running {@code body}. */
    protected static <T> List<Task<T>> spawn(int n, Coroutine<T> body) {
        List<Task<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(spawn(body));
        }
        return tasks;
    }

    /** Awaits each task in turn and returns the results in task order ({@code gather} of tasks that succeed). */
    protected static <T> List<T> awaitAll(List<Task<T>> tasks) {
        List<T> results = new ArrayList<>();
        for (Task<T> t : tasks) {
            results.add(t.await());
        }
        return results;
    }

    /** Runs {@code n} tasks of {@code body} and awaits them all (asyncio test_locks' {@code run_coros}). */
    protected static <T> List<T> runCoros(int n, Coroutine<T> body) {
        return awaitAll(spawn(n, body));
    }
}
