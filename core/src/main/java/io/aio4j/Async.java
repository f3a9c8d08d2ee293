package io.aio4j;

import io.aio4j.internal.Checks;
import io.aio4j.internal.Errors;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * asyncio's module-level functions: running a program, creating tasks, sleeping, and finding the running loop.
 * {@snippet :
 * String greeting = Async.run(() -> {
 *     Task<String> t = Async.createTask(() -> {
 *         Async.sleep(Duration.ofMillis(10));
 *         return "world";
 *     });
 *     return "hello " + t.await();
 * });
 * }
 * <dl><dt>Threading</dt><dd>{@link #run} from a thread that runs no loop; everything else from a task (or, where
 * said, a callback) of a running loop.</dd></dl>
 */
public final class Async {
    private Async() {}

    /**
     * Runs {@code main} on a new event loop and returns its result: then cancels the tasks still pending, waits for
     * them to finish, and closes the loop.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run(main)}.</dd>
     *   <dt>Threading</dt><dd>Any thread that runs no loop; blocks it until done.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param main the program
     * @return what {@code main} returned
     * @throws java.util.concurrent.CancellationException if {@code main} was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception thrown by {@code main}; an
     *         unchecked one is thrown as it is
     * @throws IllegalStateException if called from a thread that runs a loop (a task or callback)
     * @throws NullPointerException  if {@code main} is null
     */
    public static <T> T run(Coroutine<T> main) {
        Checks.notNull(main, "main");
        if (EventLoop.RUNNING.get() != null) {
            throw new IllegalStateException("Async.run() cannot be called from a running event loop (thread \""
                    + Thread.currentThread().getName() + "\" runs " + EventLoop.RUNNING.get()
                    + "); await the coroutine instead");
        }
        try (Runner runner = new Runner()) {
            return runner.run(main);
        }
    }

    /**
     * Wraps {@code coro} in a task on the running loop and schedules it.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.create_task(coro)}.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param coro the body
     * @return the task
     * @throws IllegalStateException if no loop is running on this thread
     * @throws NullPointerException  if {@code coro} is null
     */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        Checks.notNull(coro, "coro");
        return getRunningLoop("Async.createTask()").createTask(coro);
    }

    /**
     * Wraps {@code coro} in a named task on the running loop and schedules it.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.create_task(coro, name=name)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the body
     * @param name the task's name
     * @return the task
     * @throws IllegalStateException if no loop is running on this thread
     * @throws NullPointerException  if an argument is null
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        Checks.notNull(coro, "coro");
        Checks.notNull(name, "name");
        return getRunningLoop("Async.createTask()").createTask(coro, name);
    }

    /**
     * The task running now, or null in a plain callback.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.current_task()}.</dd></dl>
     *
     * @return the current task or null
     * @throws IllegalStateException if no loop is running on this thread
     */
    public static Task<?> currentTask() {
        EventLoop loop = getRunningLoop("Async.currentTask()");
        return loop.inEventLoop() ? loop.currentTask : null;
    }

    /**
     * The running loop's tasks that are not done.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.all_tasks()}.</dd></dl>
     *
     * @return a new set of the pending tasks
     * @throws IllegalStateException if no loop is running on this thread
     */
    public static Set<Task<?>> allTasks() {
        return getRunningLoop("Async.allTasks()").allTasks();
    }

    /**
     * The loop running on this thread.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.get_running_loop()}.</dd></dl>
     *
     * @return the loop
     * @throws IllegalStateException if no loop is running on this thread
     */
    public static EventLoop getRunningLoop() {
        return getRunningLoop("Async.getRunningLoop()");
    }

    private static EventLoop getRunningLoop(String method) {
        EventLoop loop = EventLoop.RUNNING.get();
        if (loop == null || !loop.isRunning()) {
            throw Errors.noRunningLoop(method);
        }
        return loop;
    }

    /**
     * Suspends the calling task for {@code delay}; {@link Duration#ZERO} yields to the other ready tasks for
     * exactly one loop iteration.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.sleep(delay)}; a negative delay is an error here.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task ends the sleep with {@link
     *   java.util.concurrent.CancellationException} and drops the timer.</dd>
     * </dl>
     *
     * @param delay how long
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws NullPointerException     if {@code delay} is null
     */
    public static void sleep(Duration delay) {
        sleep(delay, null);
    }

    /**
     * Like {@link #sleep(Duration)}, then returns {@code result}.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.sleep(delay, result)}.</dd></dl>
     *
     * @param <T>    the type of the result
     * @param delay  how long
     * @param result what to return
     * @return {@code result}
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws NullPointerException     if {@code delay} is null
     */
    public static <T> T sleep(Duration delay, T result) {
        Checks.nonNegative(delay, "delay");
        EventLoop loop = EventLoop.RUNNING.get();
        if (loop == null) {
            throw Errors.awaitOutsideTask("Async.sleep()");
        }
        if (delay.isZero()) {
            loop.yieldOnce();
            return result;
        }
        loop.currentTaskOrThrow("Async.sleep()");
        Wakeup<T> wakeUp = new Wakeup<>(loop, result);
        TimerHandle timer = loop.callLaterUnchecked(delay, wakeUp, null);
        try {
            return wakeUp.await();
        } finally {
            timer.cancel();
        }
    }

    /**
     * The future {@link #sleep} waits for, which is also its own timer callback (one object fewer per sleep than
     * a future plus a callback): asyncio's {@code futures._set_result_unless_cancelled}.
     */
    private static final class Wakeup<T> extends Future<T> implements Runnable {
        private final T result;

        Wakeup(EventLoop loop, T result) {
            super(loop);
            this.result = result;
        }

        @Override
        public void run() {
            if (!cancelled()) {
                setResult(result);
            }
        }

        @Override
        public String toString() {
            return describe("Future(sleep)");
        }
    }

    /**
     * Awaits {@code awaitable}: the same as {@code awaitable.await()}, for code that reads better with the verb
     * in front.
     * <dl><dt>asyncio</dt><dd>{@code await aw}.</dd></dl>
     *
     * @param <T>       the type of the result
     * @param awaitable what to wait for
     * @return its result
     * @throws java.util.concurrent.CancellationException if it or the calling task was cancelled
     * @throws IllegalStateException if not called from a task of a running loop
     * @throws NullPointerException  if {@code awaitable} is null
     */
    public static <T> T await(Awaitable<T> awaitable) {
        return Checks.notNull(awaitable, "awaitable").await();
    }

    /**
     * Runs blocking {@code callable} on the loop's default executor (a virtual thread per call) and waits for it
     * without blocking the loop. It runs in a copy of the calling task's {@link Context}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.to_thread(func)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task interrupts the callable if it has started.</dd>
     * </dl>
     *
     * @param <T>      the type of the result
     * @param callable the blocking work
     * @return its result
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception thrown by {@code callable}
     * @throws IllegalStateException if not called from a task of a running loop
     * @throws NullPointerException  if {@code callable} is null
     */
    public static <T> T toThread(Callable<T> callable) {
        Checks.notNull(callable, "callable");
        EventLoop loop = EventLoop.RUNNING.get();
        if (loop == null) {
            throw Errors.awaitOutsideTask("Async.toThread()");
        }
        loop.currentTaskOrThrow("Async.toThread()");
        Context context = Context.copyContext();
        return loop.runInExecutor(null, () -> context.run(callable)).await();
    }

    /**
     * Submits {@code coro} to {@code loop} from any thread; returns a {@link CompletableFuture} for its result.
     * Completing that future first (cancelling it, {@code orTimeout}, {@code completeExceptionally}) cancels the
     * task.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run_coroutine_threadsafe(coro, loop)}; differences: a timeout set on
     *   the returned future cancels the task too.</dd>
     *   <dt>Threading</dt><dd>Any thread, typically one that is not running {@code loop}.</dd>
     * </dl>
     * {@snippet : String s = Async.runCoroutineThreadsafe(fetch, loop).orTimeout(2, SECONDS).join(); }
     *
     * @param <T>  the type of the result
     * @param coro the coroutine
     * @param loop the loop to run it on
     * @return a future for the task's outcome
     * @throws IllegalStateException if the loop is closed
     * @throws NullPointerException  if an argument is null
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        Checks.notNull(coro, "coro");
        Checks.notNull(loop, "loop");
        return RunCoroutineThreadsafe.submit(coro, loop);
    }

    /**
     * A future of the running loop that mirrors {@code stage}, which may complete on any thread. Cancelling the
     * returned future cancels {@code stage}'s {@code CompletableFuture}; a cancelled stage cancels the future.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wrap_future(future)}.</dd>
     *   <dt>Threading</dt><dd>On the loop; {@code stage} may complete on any thread.</dd>
     * </dl>
     * {@snippet : HttpResponse<String> r = Async.wrapFuture(client.sendAsync(request, ofString())).await(); }
     *
     * @param <T>   the type of the result
     * @param stage the foreign future
     * @return a loop future with the same outcome (the very exception, not a {@code CompletionException})
     * @throws IllegalStateException if no loop is running on this thread
     * @throws NullPointerException  if {@code stage} is null
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        return WrapFuture.wrap(stage, getRunningLoop("Async.wrapFuture()"));
    }

    /** Whether the calling thread runs a task right now (for the inline await of a coroutine). */
    static boolean inTask() {
        EventLoop loop = EventLoop.RUNNING.get();
        return loop != null && loop.currentTask != null && loop.inEventLoop();
    }
}
