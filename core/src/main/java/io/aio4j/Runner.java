package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.Set;

/**
 * Runs coroutines on one loop of its own, and shuts it down cleanly: {@link #close()} cancels the tasks still
 * pending, waits for them, reports any that failed, and closes the loop. {@link Async#run} is one
 * {@code Runner} used once.
 * {@snippet :
 * try (Runner runner = new Runner()) {
 *     runner.run(setUp);
 *     runner.run(work);
 * }
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Runner} (runners.py). Differences: no SIGINT handling.</dd>
 *   <dt>Threading</dt><dd>From one thread that runs no loop.</dd>
 * </dl>
 */
public final class Runner implements AutoCloseable {
    private final EventLoop loop;

    /** A runner on a new loop with the default backend. */
    public Runner() {
        this(EventLoop.newEventLoop());
    }

    /**
     * A runner on {@code loop}, which it will close.
     *
     * @param loop an idle loop
     * @throws NullPointerException if {@code loop} is null
     */
    public Runner(EventLoop loop) {
        this.loop = Checks.notNull(loop, "loop");
    }

    /**
     * Runs {@code coro} as a task until it completes.
     * <dl><dt>asyncio</dt><dd>{@code Runner.run(coro)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the coroutine
     * @return its result
     * @throws IllegalStateException if the runner is closed or this thread runs a loop
     * @throws NullPointerException  if {@code coro} is null
     */
    public <T> T run(Coroutine<T> coro) {
        Checks.notNull(coro, "coro");
        return loop.runUntilComplete(coro);
    }

    /**
     * The runner's loop.
     * <dl><dt>asyncio</dt><dd>{@code Runner.get_loop()}.</dd></dl>
     *
     * @return the loop
     */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * Cancels the pending tasks, waits for them to unwind, reports those that failed rather than stopping, shuts
     * the default executor down ({@link EventLoop#shutdownDefaultExecutor()}), and closes the loop. Idempotent.
     * <dl><dt>asyncio</dt><dd>{@code Runner.close()}.</dd></dl>
     */
    @Override
    public void close() {
        if (loop.isClosed()) {
            return;
        }
        try {
            cancelAllTasks();
            if (loop.hasDefaultExecutor()) { // most programs never start one: no extra loop run for them
                loop.runUntilComplete((Coroutine<Void>) () -> {
                    loop.shutdownDefaultExecutor();
                    return null;
                });
            }
        } finally {
            loop.close();
        }
    }

    private void cancelAllTasks() {
        Set<Task<?>> tasks = loop.allTasks();
        if (tasks.isEmpty()) {
            return;
        }
        for (Task<?> t : tasks) {
            t.cancel();
        }
        loop.runUntilComplete((Coroutine<Void>) () -> {
            for (Task<?> t : tasks) {
                while (!t.done()) {
                    t.getLoop().awaitPending(t); // each ends cancelled or failed: inspected below
                }
            }
            return null;
        });
        for (Task<?> t : tasks) {
            if (!t.cancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ExceptionContext(
                        "unhandled exception during Async.run() shutdown", t.exception(), t, null));
            }
        }
    }
}
