package io.aio4j;

import io.aio4j.internal.Checks;
import io.aio4j.internal.Constants;
import io.aio4j.internal.Errors;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-threaded event loop: runs callbacks, timers and tasks, one at a time.
 *
 * <p>Each iteration (asyncio's {@code _run_once}) takes in callbacks from other threads, waits if there is nothing
 * to do until the next timer is due or a threadsafe callback arrives, moves due timers to the ready queue, then
 * runs exactly the callbacks and task steps that were ready at that point, in FIFO order; what they schedule runs
 * in the next iteration. Code between two awaits runs without interruption by the loop's other tasks.
 *
 * <p>Lifecycle: idle -> running ({@link #runForever}, {@link #runUntilComplete}) -> idle ... -> closed.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.AbstractEventLoop} (events.py) as implemented by {@code BaseEventLoop}
 *   (base_events.py). Differences: negative delays are rejected rather than treated as zero; time is
 *   {@link Duration} for delays and {@code double} seconds for {@link #time()} and {@link #callAt}.</dd>
 *   <dt>Threading</dt><dd>Only {@link #callSoonThreadsafe} may be called from any thread. Everything else from the
 *   loop's own tasks and callbacks, or from any thread while the loop is not running; in debug mode a call from
 *   another thread while it runs throws {@link IllegalStateException}.</dd>
 * </dl>
 */
public final class EventLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.aio4j");
    private static final AtomicLong LOOP_IDS = new AtomicLong();
    /** Whether new loops start in debug mode: the system property {@code aio4j.debug} (asyncio's PYTHONASYNCIODEBUG). */
    static final boolean DEBUG_BY_DEFAULT = Boolean.getBoolean("aio4j.debug");
    /** What {@link #nextItem()} returns when the loop has been asked to stop. */
    static final Object STOP = new Object();

    private enum State { IDLE, RUNNING, CLOSED }

    final LoopClock clock;
    final TimerQueue timers = new TimerQueue();
    final GcReports reports = new GcReports();
    private final Backend backend;
    private final Suspender suspender;
    private final long id = LOOP_IDS.incrementAndGet();
    /** Handles and tasks due to run; a task in here is a scheduled step. */
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private final Inbox inbox = new Inbox();

    private int batchRemaining;
    private boolean inIteration;
    private boolean stopping;
    private volatile State state = State.IDLE;
    /** The thread that runs the loop's code right now (Netty's inEventLoop question). */
    volatile Thread owner;
    /** The task whose step runs now, or null in plain callbacks. */
    Task<?> currentTask;
    /** The context the code running on the loop sees now: the task's, a callback's, or one entered by run(). */
    Context currentContext;
    /** Reused for every callback scheduled with a snapshot: invisible, since copyContext() copies it. */
    private final Context callbackContext = new Context();
    private long taskCounter;
    /** Tasks paused mid-step while a task they created eagerly runs its first step. */
    private final ArrayDeque<Task<?>> eagerCreators = new ArrayDeque<>(2);

    private ExecutorService defaultExecutor;
    private ExceptionHandler exceptionHandler;
    /** What makes the tasks ({@link #setTaskFactory}); null for {@link #newTask} directly. */
    private TaskFactory taskFactory;
    private boolean debug;
    private long slowCallbackNanos = Constants.DEFAULT_SLOW_CALLBACK_NANOS;
    /** Debug mode: when the running step began; read (racily, for a report only) by {@link LoopWatchdog}. */
    volatile long stepStartNanos;
    /** Debug mode: where the running step's task last awaited (where this step began), or null. */
    private StackTraceElement stepResumedAt;
    /** Debug mode's record of where tasks await; created when first needed. */
    private AwaitSites awaitSites;
    /** Debug mode: where each future and task was created (weakly keyed: futures use identity equality). */
    private volatile java.util.Map<Future<?>, SourceTraceback> creationSites;
    /** Futures of tasks in {@link VirtualTimeLoop#runUntilIdle()}, completed when the loop goes idle; or null. */
    java.util.List<Future<Void>> idleWaiters;

    private EventLoop(Backend backend, LoopClock clock) {
        backend.checkAvailable();
        this.backend = backend;
        this.clock = clock;
        this.suspender = backend == Backend.CONTINUATION ? new ContinuationSuspender(this) : new VirtualThreadSuspender();
        this.debug = DEBUG_BY_DEFAULT;
    }

    /**
     * Creates a loop with the default backend ({@link Backend#select()}).
     * <dl><dt>asyncio</dt><dd>{@code asyncio.new_event_loop()}.</dd></dl>
     *
     * @return a new idle loop
     */
    public static EventLoop newEventLoop() {
        return new EventLoop(Backend.select(), new LoopClock.Real());
    }

    /**
     * Creates a loop with the given backend.
     *
     * @param backend how tasks suspend
     * @return a new idle loop
     * @throws IllegalStateException if the backend is not available on this JVM
     * @throws NullPointerException  if {@code backend} is null
     */
    public static EventLoop newEventLoop(Backend backend) {
        return new EventLoop(Checks.notNull(backend, "backend"), new LoopClock.Real());
    }

    /** A loop whose clock jumps to the next timer when idle; the public form is {@link VirtualTimeLoop}. */
    static EventLoop newVirtualTimeLoop(Backend backend) {
        return new EventLoop(Checks.notNull(backend, "backend"), new LoopClock.Virtual());
    }

    /**
     * The backend this loop suspends tasks with.
     *
     * @return the backend
     */
    public Backend backend() {
        return backend;
    }

    // ------------------------------------------------------------------ scheduling

    /**
     * Schedules {@code callback} to run at the next iteration, after the callbacks already scheduled.
     * <dl><dt>asyncio</dt><dd>{@code loop.call_soon(callback)}.</dd></dl>
     *
     * @param callback what to run; an exception it throws goes to the exception handler
     * @return a handle that can cancel it
     * @throws NullPointerException  if {@code callback} is null
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoon(Runnable callback) {
        Checks.notNull(callback, "callback");
        checkOpen("callSoon()");
        checkThread("callSoon()");
        return callSoonUnchecked(callback, Context.current().map);
    }

    /**
     * Like {@link #callSoon(Runnable)}, running the callback in {@code context} itself rather than in a copy of
     * the current one, so that what it sets lands in {@code context}.
     * <dl><dt>asyncio</dt><dd>{@code loop.call_soon(callback, context=context)}.</dd></dl>
     *
     * @param callback what to run
     * @param context  the context to run it in
     * @return a handle that can cancel it
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoon(Runnable callback, Context context) {
        Checks.notNull(callback, "callback");
        Checks.notNull(context, "context");
        checkOpen("callSoon()");
        checkThread("callSoon()");
        return callSoonUnchecked(callback, context);
    }

    Handle callSoonUnchecked(Runnable callback, Object context) {
        Handle h = new Handle(this, callback, context);
        ready.add(h);
        return h;
    }

    /**
     * Like {@link #callSoon}, from any thread: wakes the loop at once if it is waiting.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.call_soon_threadsafe(callback)}.</dd>
     *   <dt>Threading</dt><dd>Any thread.</dd>
     * </dl>
     *
     * @param callback what to run on the loop
     * @return a handle that can cancel it, from any thread
     * @throws NullPointerException  if {@code callback} is null
     * @throws IllegalStateException if the loop is closed
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        Checks.notNull(callback, "callback");
        checkOpen("callSoonThreadsafe()");
        Handle h = new Handle(this, callback, Context.current().map);
        if (inEventLoop()) {
            ready.add(h); // same queue as callSoon, so the two keep FIFO order as in asyncio
        } else {
            inbox.add(h);
            // close() may have drained the inbox between the check above and the add. Whoever takes the handle
            // out (close() or this remove) tells its waiter, so nothing waits for a callback that cannot run.
            if (state == State.CLOSED && inbox.remove(h)) {
                throw Errors.closed(this, "callSoonThreadsafe()");
            }
        }
        return h;
    }

    /**
     * Schedules {@code callback} to run once {@code delay} has passed on the loop's clock.
     * <dl><dt>asyncio</dt><dd>{@code loop.call_later(delay, callback)}; a negative delay is an error here.</dd></dl>
     *
     * @param delay    how long from now; zero runs it at the next iteration
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException     if an argument is null
     * @throws IllegalStateException    if the loop is closed
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        Checks.nonNegative(delay, "delay");
        Checks.notNull(callback, "callback");
        checkOpen("callLater()");
        checkThread("callLater()");
        return callLaterUnchecked(delay, callback, Context.current().map);
    }

    TimerHandle callLaterUnchecked(Duration delay, Runnable callback, Object context) {
        long nanos = Checks.saturatedNanos(delay);
        long now = clock.nanoTime();
        return schedule(nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos, callback, context);
    }

    /**
     * Schedules {@code callback} to run at loop time {@code when}, on the scale of {@link #time()}. A time in
     * the past runs it at the next iteration.
     * <dl><dt>asyncio</dt><dd>{@code loop.call_at(when, callback)}.</dd></dl>
     *
     * @param when     the deadline in loop seconds
     * @param callback what to run
     * @return a handle that can cancel it
     * @throws IllegalArgumentException if {@code when} is NaN or infinite
     * @throws NullPointerException     if {@code callback} is null
     * @throws IllegalStateException    if the loop is closed
     */
    public TimerHandle callAt(double when, Runnable callback) {
        Checks.finite(when, "when");
        Checks.notNull(callback, "callback");
        checkOpen("callAt()");
        checkThread("callAt()");
        return schedule(clock.fromSeconds(when), callback, Context.current().map);
    }

    private TimerHandle schedule(long deadlineNanos, Runnable callback, Object context) {
        TimerHandle t = new TimerHandle(this, callback, context, deadlineNanos, timers.nextSequence());
        timers.add(t);
        return t;
    }

    /**
     * The loop's monotonic clock, in seconds. Only differences between two readings mean anything.
     * <dl><dt>asyncio</dt><dd>{@code loop.time()}.</dd></dl>
     *
     * @return the current loop time
     */
    public double time() {
        return clock.toSeconds(clock.nanoTime());
    }

    /**
     * Creates a pending future attached to this loop.
     * <dl><dt>asyncio</dt><dd>{@code loop.create_future()}.</dd></dl>
     *
     * @param <T> the type of the result
     * @return a new future
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Future<T> createFuture() {
        checkOpen("createFuture()");
        return new Future<>(this);
    }

    /**
     * Wraps {@code coro} in a task and schedules its first step.
     * <dl><dt>asyncio</dt><dd>{@code loop.create_task(coro)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the body
     * @return the task
     * @throws NullPointerException  if {@code coro} is null
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, TaskOptions.DEFAULT);
    }

    /**
     * Wraps {@code coro} in a task with a name and schedules its first step.
     * <dl><dt>asyncio</dt><dd>{@code loop.create_task(coro, name=name)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the body
     * @param name the task's name
     * @return the task
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, TaskOptions.named(name));
    }

    /**
     * Wraps {@code coro} in a task with options. With {@link TaskOptions#eagerStart()} and a running loop, the
     * first step runs now, inside this call, until the body first suspends or finishes. Once a
     * {@link #setTaskFactory task factory} is set, the factory makes the task (every other {@code createTask}, and
     * every task aio4j itself creates on this loop, comes here).
     * <dl><dt>asyncio</dt><dd>{@code loop.create_task(coro, name=..., eager_start=...)} (3.14's
     * {@code eager_start}; 3.12's eager task factory is {@link TaskFactory#EAGER}).</dd></dl>
     *
     * @param <T>     the type of the result
     * @param coro    the body
     * @param options name and eager start
     * @return the task
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the loop is closed, or the task factory returned null or a task of another
     *                               loop
     */
    public <T> Task<T> createTask(Coroutine<T> coro, TaskOptions options) {
        TaskFactory factory = taskFactory;
        return factory == null ? newTask(coro, options) : fromFactory(factory, coro, options);
    }

    /** What {@link #setTaskFactory}'s factory made, checked: the caller would otherwise fail far from the cause. */
    @SuppressWarnings("unchecked") // the factory's contract: the task's result is the coroutine's
    private <T> Task<T> fromFactory(TaskFactory factory, Coroutine<T> coro, TaskOptions options) {
        checkCreateTask(coro, options); // before the factory sees the arguments
        Task<?> task = factory.createTask(this, coro, options);
        if (task == null) {
            throw new IllegalStateException("the task factory " + factory + " returned null for createTask() on "
                    + this + "; a factory must return a task (TaskFactory.DEFAULT makes one)");
        }
        if (task.getLoop() != this) {
            throw new IllegalStateException("the task factory " + factory + " returned " + task + " of "
                    + task.getLoop() + " for createTask() on " + this + "; a factory must make tasks of the loop "
                    + "it is given");
        }
        return (Task<T>) task;
    }

    /** The task as the loop makes it without a factory ({@link TaskFactory#DEFAULT}). */
    <T> Task<T> newTask(Coroutine<T> coro, TaskOptions options) {
        checkCreateTask(coro, options);
        Context context = options.context() != null ? options.context() : new Context(Context.current().map);
        Task<T> task = new Task<>(this, coro, options.name(), ++taskCounter, context);
        if (options.eagerStart() && state == State.RUNNING && inEventLoop()) {
            Task<?> creator = currentTask;
            Context creatorContext = currentContext;
            if (creator != null) {
                eagerCreators.push(creator);
            }
            try {
                suspender.startEagerly(this, task);
            } finally {
                if (creator != null) {
                    eagerCreators.pop();
                }
                currentTask = creator;
                currentContext = creatorContext;
            }
        } else {
            ready.add(task);
        }
        return task;
    }

    private void checkCreateTask(Coroutine<?> coro, TaskOptions options) {
        Checks.notNull(coro, "coro");
        Checks.notNull(options, "options");
        checkOpen("createTask()");
        checkThread("createTask()");
    }

    // ------------------------------------------------------------------ threads

    /**
     * Runs blocking {@code callable} on {@code executor} and returns a loop future for its outcome; await it
     * from a task. Cancelling that future cancels the callable, interrupting it if it has started.
     * <p>The default executor (null) starts a virtual thread per call, so that blocking calls hold no platform
     * thread; {@link #setDefaultExecutor} replaces it. It is shut down by {@link #shutdownDefaultExecutor()}
     * ({@link Runner} and {@link Async#run} call it) and by {@link #close()}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.run_in_executor(executor, func)}; differences: cancellation interrupts
     *   a running callable; the default executor uses virtual threads rather than a pool.</dd>
     *   <dt>Threading</dt><dd>On the loop; {@code callable} runs on the executor's thread.</dd>
     * </dl>
     *
     * @param <T>      the type of the result
     * @param executor where to run it, or null for the default executor
     * @param callable the blocking work
     * @return a future completed on the loop with the callable's result or exception
     * @throws NullPointerException  if {@code callable} is null
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> callable) {
        Checks.notNull(callable, "callable");
        checkOpen("runInExecutor()");
        checkThread("runInExecutor()");
        return RunInExecutor.submit(this, executor != null ? executor : defaultExecutor(), callable);
    }

    private ExecutorService defaultExecutor() {
        if (defaultExecutor == null) {
            defaultExecutor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("aio4j-executor-" + id + "-", 0).factory());
        }
        return defaultExecutor;
    }

    /**
     * Replaces the executor {@link #runInExecutor} uses when given null. The loop shuts it down like its own.
     * <dl><dt>asyncio</dt><dd>{@code loop.set_default_executor(executor)}.</dd></dl>
     *
     * @param executor the new default executor
     * @throws NullPointerException if {@code executor} is null
     */
    public void setDefaultExecutor(ExecutorService executor) {
        Checks.notNull(executor, "executor");
        checkOpen("setDefaultExecutor()");
        defaultExecutor = executor;
    }

    /** Whether a default executor was created or set (so {@link #shutdownDefaultExecutor()} has work). */
    boolean hasDefaultExecutor() {
        return defaultExecutor != null;
    }

    /**
     * Shuts the default executor down and waits, without blocking the loop, up to 300 seconds for the calls
     * still running on it; if they do not finish in time a warning is logged.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await loop.shutdown_default_executor()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of this loop; suspends it.</dd>
     * </dl>
     *
     * @throws IllegalStateException if not called from a task of this loop
     */
    public void shutdownDefaultExecutor() {
        ExecutorService executor = defaultExecutor;
        if (executor == null) {
            return;
        }
        currentTaskOrThrow("shutdownDefaultExecutor()");
        executor.shutdown();
        Future<Boolean> terminated = createFuture();
        // Not on the executor being shut down: a thread of its own, as asyncio does.
        Thread.ofVirtual().name("aio4j-executor-shutdown-" + id).start(() -> {
            boolean done;
            try {
                done = executor.awaitTermination(300, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                done = false;
            }
            WrapFuture.completeFromAnyThread(this, terminated, done, null);
        });
        if (!terminated.await()) {
            LOG.log(Level.WARNING, "The default executor of " + this + " did not finish joining its threads "
                    + "within 300 seconds");
        }
    }

    /** Schedules a step of {@code task} (asyncio's {@code call_soon(task.__step)}). */
    void scheduleStep(Task<?> task) {
        ready.add(task);
    }

    // ------------------------------------------------------------------ watching channels (I/O)

    /**
     * Starts watching {@code channel} for read readiness (for a server channel: a pending accept): from now on,
     * each iteration in which it is ready runs {@code callback}, until {@link #removeReader} or until the channel
     * is closed. Replaces the reader callback the channel had.
     *
     * <p>The first channel a loop watches makes its idle wait a {@link java.nio.channels.Selector}'s select; a
     * loop that never watches one never creates a selector. Closing the loop closes every channel it still
     * watches. Peer-to-peer streams over such channels live in {@link io.aio4j.streams}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.add_reader(fd, callback)}. Differences: takes a non-blocking NIO channel
     *   instead of a file descriptor.</dd>
     *   <dt>Threading</dt><dd>Loop only; the callback runs on the loop, in a copy of the current context.</dd>
     * </dl>
     *
     * @param channel  a channel in non-blocking mode
     * @param callback what to run when it is readable; an exception it throws goes to the exception handler
     * @throws IllegalArgumentException if the channel is in blocking mode or closed
     * @throws NullPointerException     if an argument is null
     * @throws IllegalStateException    if the loop is closed
     */
    public void addReader(java.nio.channels.SelectableChannel channel, Runnable callback) {
        Checks.notNull(channel, "channel");
        Checks.notNull(callback, "callback");
        checkOpen("addReader()");
        checkThread("addReader()");
        inbox.io().addReader(channel, new Handle(this, callback, Context.current().map));
    }

    /**
     * Stops watching {@code channel} for read readiness. A readiness event of this iteration does not run the
     * removed callback any more.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.remove_reader(fd)}.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     *
     * @param channel the channel
     * @return whether a reader callback was registered
     * @throws NullPointerException if {@code channel} is null
     */
    public boolean removeReader(java.nio.channels.SelectableChannel channel) {
        Checks.notNull(channel, "channel");
        checkThread("removeReader()");
        LoopSelector io = inbox.ioIfAny();
        return io != null && io.removeReader(channel);
    }

    /**
     * Starts watching {@code channel} for write readiness (for a socket with a connect in progress: its
     * completion), running {@code callback} in each iteration in which it is writable, until
     * {@link #removeWriter} or until the channel is closed. Replaces the writer callback the channel had.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.add_writer(fd, callback)}. Differences: takes a non-blocking NIO channel
     *   instead of a file descriptor.</dd>
     *   <dt>Threading</dt><dd>Loop only; the callback runs on the loop, in a copy of the current context.</dd>
     * </dl>
     *
     * @param channel  a channel in non-blocking mode
     * @param callback what to run when it is writable; an exception it throws goes to the exception handler
     * @throws IllegalArgumentException if the channel is in blocking mode or closed
     * @throws NullPointerException     if an argument is null
     * @throws IllegalStateException    if the loop is closed
     */
    public void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback) {
        Checks.notNull(channel, "channel");
        Checks.notNull(callback, "callback");
        checkOpen("addWriter()");
        checkThread("addWriter()");
        inbox.io().addWriter(channel, new Handle(this, callback, Context.current().map));
    }

    /**
     * Stops watching {@code channel} for write readiness.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.remove_writer(fd)}.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     *
     * @param channel the channel
     * @return whether a writer callback was registered
     * @throws NullPointerException if {@code channel} is null
     */
    public boolean removeWriter(java.nio.channels.SelectableChannel channel) {
        Checks.notNull(channel, "channel");
        checkThread("removeWriter()");
        LoopSelector io = inbox.ioIfAny();
        return io != null && io.removeWriter(channel);
    }

    /** How many channels this loop watches now (tests, diagnostics). */
    int watchedChannels() {
        LoopSelector io = inbox.ioIfAny();
        return io == null ? 0 : io.watchedCount();
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs the loop until {@code awaitable} is done and returns its result. A coroutine is wrapped in a task; a
     * future of this loop is waited for as it is; any other awaitable is awaited by a new task.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.run_until_complete(future)}.</dd>
     *   <dt>Threading</dt><dd>Any thread that is not running a loop; blocks it until done.</dd>
     * </dl>
     *
     * @param <T>       the type of the result
     * @param awaitable a coroutine, future, task or other awaitable
     * @return its result
     * @throws java.util.concurrent.CancellationException if it was cancelled
     * @throws IllegalStateException if the loop is closed or already running, if this thread runs a loop, if the
     *                               future belongs to another loop, or if {@link #stop()} was called first
     * @throws NullPointerException  if {@code awaitable} is null
     */
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        Checks.notNull(awaitable, "awaitable");
        checkCanRun("runUntilComplete()");
        Future<T> future = toFuture(awaitable, "runUntilComplete()");
        StopWhenDone stopper = new StopWhenDone(this);
        future.addDoneCallback(stopper);
        try {
            runForever();
        } finally {
            future.removeDoneCallback(stopper);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before " + future + " completed");
        }
        return future.result();
    }

    /** A named callback (not a lambda) so that it can be removed again and reads well in reports. */
    private record StopWhenDone(EventLoop loop) implements java.util.function.Consumer<Future<?>> {
        @Override
        public void accept(Future<?> f) {
            loop.stop();
        }
    }

    @SuppressWarnings("unchecked")
    <T> Future<T> toFuture(Awaitable<T> awaitable, String method) {
        if (awaitable instanceof Future<?> f) {
            if (f.loop != this) {
                throw new IllegalStateException(method + ": " + f + " belongs to " + f.loop + ", not to " + this
                        + "; await it from a task of its own loop");
            }
            return (Future<T>) f;
        }
        if (awaitable instanceof Coroutine<T> c) {
            return createTask(c);
        }
        return createTask(awaitable::await);
    }

    /**
     * Runs the loop until {@link #stop()} is called.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.run_forever()}.</dd>
     *   <dt>Threading</dt><dd>Any thread that is not running a loop; blocks it until stopped.</dd>
     * </dl>
     *
     * @throws IllegalStateException if the loop is closed or already running, or if this thread runs a loop
     */
    public void runForever() {
        checkCanRun("runForever()");
        if (debug) {
            LoopWatchdog.watch(this);
        }
        state = State.RUNNING;
        owner = Thread.currentThread();
        ActiveLoops.DRIVER.set(this);
        ActiveLoops.add(this);
        try {
            suspender.runForever(this);
        } finally {
            ActiveLoops.remove(this);
            ActiveLoops.DRIVER.remove();
            owner = null;
            stopping = false;
            batchRemaining = 0;
            inIteration = false;
            if (state == State.RUNNING) {
                state = State.IDLE;
            }
        }
    }

    private void checkCanRun(String method) {
        checkOpen(method);
        if (state == State.RUNNING) {
            throw new IllegalStateException(method + ": " + this + " is already running; await instead of "
                    + "running the loop again from inside it");
        }
        EventLoop other = ActiveLoops.current();
        if (other != null) {
            throw new IllegalStateException(method + ": cannot run " + this + " on a thread that runs " + other
                    + "; await the work from a task of that loop, or run this loop on another thread");
        }
    }

    /**
     * Asks the loop to stop after the current iteration. Called before {@code runForever}, the loop runs one
     * iteration and stops.
     * <dl><dt>asyncio</dt><dd>{@code loop.stop()}.</dd></dl>
     */
    public void stop() {
        checkThread("stop()");
        stopping = true;
    }

    /**
     * Closes the loop: drops scheduled callbacks and timers. Idempotent.
     *
     * <p>Tasks still pending can never finish: each is reported to the exception handler as destroyed while
     * pending (asyncio reports them when they are garbage-collected), and each that has started is then resumed
     * one last time with a {@link java.util.concurrent.CancellationException}, so that its {@code finally} blocks
     * run and its stack (for the virtual-thread backend, its thread) is released; it ends cancelled. Awaiting
     * during that unwinding throws {@link IllegalStateException}. {@link Runner#close()} and {@link Async#run}
     * cancel and await pending tasks before closing, so this is for loops closed by hand. Failed futures whose
     * exception is never retrieved are still reported when collected after the close, from a JDK cleaner thread.
     * <dl><dt>asyncio</dt><dd>{@code loop.close()}; differences: pending tasks are reported and unwound at
     * once rather than when collected.</dd></dl>
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        if (state == State.RUNNING) {
            throw new IllegalStateException("close(): cannot close a running event loop: " + this
                    + "; stop it and let runForever()/runUntilComplete() return first");
        }
        if (state == State.CLOSED) {
            return;
        }
        Set<Task<?>> abandoned = allTasks();
        state = State.CLOSED;
        reports.poll(this);
        java.util.List<Object> dropped = new java.util.ArrayList<>(ready);
        ready.clear();
        timers.clear();
        inbox.drainHandlesTo(dropped); // a threadsafe caller that enqueues after this sees CLOSED (callSoonThreadsafe)
        ActiveLoops.add(this); // the unwinding steps run this loop's code, maybe on its virtual threads
        try {
            for (Task<?> task : abandoned) {
                abandon(task);
            }
        } finally {
            ActiveLoops.remove(this);
        }
        dropped.addAll(ready); // what the unwinding scheduled can never run
        ready.clear();
        tellDropped(dropped);
        for (Exception failure : io.aio4j.internal.ClosedWithLoop.closeAll(this)) {
            callExceptionHandler(new ExceptionContext("Closing a resource of " + this + " failed", failure, null, null));
        }
        for (java.io.IOException failure : inbox.closeIo()) {
            callExceptionHandler(new ExceptionContext("Closing a channel of " + this + " failed", failure, null, null));
        }
        owner = null;
        if (defaultExecutor != null) {
            defaultExecutor.shutdown(); // asyncio: shutdown(wait=False)
        }
        suspender.close(this);
        reports.handOverToCleaner(this);
    }

    /** Lets the callbacks that someone waits for know that they will never run (see {@link DroppedAtClose}). */
    private void tellDropped(java.util.List<Object> dropped) {
        for (Object item : dropped) {
            if (item instanceof Handle h && !h.cancelled() && h.callback instanceof DroppedAtClose waiting) {
                try {
                    waiting.droppedAtClose(this);
                } catch (Throwable t) {
                    callExceptionHandler(new ExceptionContext("Error while telling " + h + " that " + this
                            + " closed before running it", t, null, h));
                }
            }
        }
    }

    private void abandon(Task<?> task) {
        task.forgetPendingRef();
        callExceptionHandler(new ExceptionContext("Task was destroyed but it is pending! Task " + task.getName()
                + " running " + task.getCoro() + ": the loop was closed with the task unfinished"
                + (task.fiber != null ? "; it is cancelled to release its stack" : "")
                + " (cancel and await tasks before closing, as Runner and Async.run do)", null, task, null));
        if (task.fiber != null) {
            task.setMustCancel(true);
            task.requestCancelMessage("event loop closed while the task was pending");
            suspender.unwind(this, task);
            currentTask = null;
        }
    }

    /**
     * Whether the loop is running.
     * <dl><dt>asyncio</dt><dd>{@code loop.is_running()}.</dd></dl>
     *
     * @return true while in {@link #runForever} or {@link #runUntilComplete}
     */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Whether the loop was closed.
     * <dl><dt>asyncio</dt><dd>{@code loop.is_closed()}.</dd></dl>
     *
     * @return true once {@link #close()} was called
     */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * The next handle or task step to run, or {@link #STOP}: the iteration logic of asyncio's
     * {@code _run_once}, one item at a time so that any backend's thread can drive it.
     */
    Object nextItem() {
        for (;;) {
            if (batchRemaining > 0) {
                batchRemaining--;
                return ready.poll();
            }
            if (inIteration) {
                inIteration = false;
                if (stopping) {
                    stopping = false;
                    return STOP;
                }
            }
            beginIteration();
        }
    }

    private void beginIteration() {
        reports.poll(this);
        inbox.drainTo(ready);
        long deadline = timers.nextDeadline();
        if (ready.isEmpty() && !stopping) {
            if (idleWaiters != null && deadline == Long.MAX_VALUE && !inbox.hasWork()) {
                wakeIdleWaiters();
            } else if (!clock.idleWait(inbox, deadline)) {
                stopping = true; // idle under a test driver (VirtualTimeLoop): its run is over
            }
            inbox.drainTo(ready);
        }
        if (deadline != Long.MAX_VALUE) {
            timers.moveDue(clock.nanoTime() + Constants.CLOCK_RESOLUTION_NANOS, ready);
        }
        batchRemaining = ready.size();
        inIteration = true;
    }

    /**
     * Completes the futures of tasks waiting in {@link VirtualTimeLoop#runUntilIdle()}: the loop has nothing
     * ready, no timer and nothing from other threads, so everything else is blocked on something that is not time.
     */
    private void wakeIdleWaiters() {
        java.util.List<Future<Void>> waiters = idleWaiters;
        idleWaiters = null;
        for (Future<Void> waiter : waiters) {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        }
    }

    /** Runs one plain callback in its context, timing it in debug mode. */
    void runHandle(Handle handle) {
        Object context = handle.context;
        if (context instanceof Context given) {
            currentContext = given;
        } else {
            callbackContext.map = context == null ? ContextMap.EMPTY : (ContextMap) context;
            currentContext = callbackContext;
        }
        try {
            if (!debug) {
                handle.run();
            } else {
                long start = System.nanoTime();
                handle.run();
                warnIfSlow(handle, start);
            }
        } finally {
            currentContext = null;
        }
    }

    /** Called by the backends when {@code task}'s body starts running (a step begins). */
    void stepBegins(Task<?> task) {
        currentTask = task;
        currentContext = task.context;
        if (debug) {
            stepStartNanos = System.nanoTime();
            stepResumedAt = awaitSites().lastAwait(task);
        }
        if (LoopInstrumentation.listeners != null) { // tools only (BlockHound, ThreadLocal propagation)
            LoopInstrumentation.stepBegins(this, task);
        }
    }

    /** Called by the backends when the current step ends (the body suspends or finishes). */
    void stepEnds(Task<?> task) {
        if (debug) {
            long took = System.nanoTime() - stepStartNanos;
            if (took >= slowCallbackNanos) {
                warnSlowStep(task, took);
            }
            if (task.done()) {
                awaitSites().forget(task);
            }
        }
        if (LoopInstrumentation.listeners != null) {
            LoopInstrumentation.stepEnds(this, task);
        }
        currentTask = null;
        currentContext = null;
    }

    /** asyncio's slow-callback warning for a task step, naming where the step began and where it stopped. */
    private void warnSlowStep(Task<?> task, long tookNanos) {
        StackTraceElement from = stepResumedAt;
        StackTraceElement to = task.done() ? null : awaitSites().lastAwait(task);
        Future<?> awaiting = task.futWaiter;
        LOG.log(Level.WARNING, () -> String.format("Executing step of task %s %s took %.3f seconds: from %s to %s",
                task.getName(), task.getCoro(), tookNanos / 1e9, from == null ? "its start" : "the await at " + from,
                to == null ? "its end" : "the await at " + to + (awaiting == null ? "" : " on " + awaiting)));
    }

    private void warnIfSlow(Object what, long startNanos) {
        long took = System.nanoTime() - startNanos;
        if (took >= slowCallbackNanos) {
            LOG.log(Level.WARNING, () -> String.format("Executing %s took %.3f seconds", what, took / 1e9));
        }
    }

    /** Debug mode: a lock held across this await breaks atomicity or deadlocks the loop (see {@link HeldLocks}). */
    private void reportHeldLocks(Task<?> task, StackTraceElement site) {
        java.util.List<String> held = HeldLocks.heldByCurrentTask();
        if (!held.isEmpty()) {
            callExceptionHandler(new ExceptionContext("Task " + task.getName() + " awaits at "
                    + site + " while holding " + String.join(", ", held) + ": another task of "
                    + "this loop would enter it too (the loop's thread holds it), so the code it guards is not "
                    + "atomic. Use io.aio4j.Lock across awaits, and keep synchronized blocks free of awaits", null,
                    task, null));
        }
    }

    /** Debug mode: remembers where {@code future} is being created (called from its constructor). */
    void recordCreationSite(Future<?> future) {
        if (creationSites == null) {
            // Synchronized: reports (ExceptionContext) may look a future up from another thread.
            creationSites = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
        }
        creationSites.put(future, new SourceTraceback(future));
    }

    /** Where {@code future} was created, if it was created in debug mode; else null. */
    SourceTraceback creationSiteOf(Future<?> future) {
        java.util.Map<Future<?>, SourceTraceback> sites = creationSites;
        return sites == null ? null : sites.get(future);
    }

    private AwaitSites awaitSites() {
        AwaitSites sites = awaitSites;
        if (sites == null) {
            sites = awaitSites = new AwaitSites();
        }
        return sites;
    }

    // ------------------------------------------------------------------ awaiting

    /**
     * Suspends the current task until {@code future} is done (asyncio's {@code Task.__step} handling a yielded
     * future, then {@code __wakeup}). On return the future is done, unless the task was cancelled meanwhile, in
     * which case this throws the cancellation.
     */
    void awaitPending(Future<?> future) {
        checkOpen("Future.await()");
        Task<?> task = currentTaskOrThrow("Future.await()");
        if (future.loop != this) {
            throw new IllegalStateException("Task " + task.getName() + " awaited " + future + " which belongs to "
                    + future.loop + ", not to " + this + "; await it from a task of its own loop or bridge it "
                    + "with callSoonThreadsafe");
        }
        if (future == task) {
            throw new IllegalStateException("Task cannot await on itself: " + task);
        }
        future.addWaiter(task);
        task.futWaiter = future;
        if (task.mustCancel() && future.cancel(task.cancelMessage())) {
            task.setMustCancel(false);
        }
        try {
            suspend(task);
        } catch (IllegalStateException cannotSuspend) {
            future.removeWaiter(task);
            task.futWaiter = null;
            throw cannotSuspend;
        }
        task.futWaiter = null;
        if (task.mustCancel()) {
            throw task.takeCancellation();
        }
    }

    /**
     * Suspends {@code task}, the current task (found by the caller), for exactly one iteration (asyncio's bare
     * {@code yield} in {@code sleep(0)}).
     */
    void yieldOnce(Task<?> task) {
        checkOpen("Async.sleep()");
        ready.add(task);
        try {
            suspend(task);
        } catch (IllegalStateException cannotSuspend) {
            ready.removeLastOccurrence(task);
            throw cannotSuspend;
        }
        if (task.mustCancel()) {
            throw task.takeCancellation();
        }
    }

    private void suspend(Task<?> task) {
        if (currentContext != task.context) {
            // Python cannot await inside Context.run() (it takes a plain function); resuming would lose the
            // entered context and exit() would then restore the wrong one.
            throw new IllegalStateException("Task " + task.getName() + " cannot await inside Context.run(): "
                    + "run only code that does not await there, or give the task its context with "
                    + "TaskOptions.withContext(ctx)");
        }
        if (task.gcRef == null) {
            task.gcRef = reports.trackPendingTask(task);
        }
        if (debug) {
            StackTraceElement newSite = awaitSites().suspending(task);
            if (newSite != null) {
                reportHeldLocks(task, newSite); // a thread dump: once per site, where a lock is held the same way
            }
        }
        suspender.suspend(this, task);
    }

    Task<?> currentTaskOrThrow(String method) {
        Task<?> task = currentTask;
        if (task == null || Thread.currentThread() != owner) {
            EventLoop running = ActiveLoops.current();
            if (running != null && running != this && running.currentTask != null) {
                throw new IllegalStateException(method + ": task " + running.currentTask.getName() + " of " + running
                        + " awaited something that belongs to " + this + "; await it from a task of its own loop");
            }
            throw Errors.awaitOutsideTask(method);
        }
        return task;
    }

    /**
     * Whether the calling thread is running this loop's code now: a callback, or a task's body between two awaits.
     * Where this is true, loop-only methods may be called directly; elsewhere go through
     * {@link #callSoonThreadsafe(Runnable)}. Reactive adapters use it to handle a signal at once when it arrives
     * on the loop, and to cross threads only when it does not.
     * <dl>
     *   <dt>asyncio</dt><dd>none public (asyncio compares {@code loop._thread_id}); Netty's
     *   {@code EventExecutor.inEventLoop()}.</dd>
     *   <dt>Threading</dt><dd>Any thread.</dd>
     * </dl>
     *
     * @return true on the thread that holds this loop now; false on any other thread, and while the loop does not
     *         run
     */
    public boolean inEventLoop() {
        return Thread.currentThread() == owner;
    }

    /**
     * The tasks of this loop that are not done yet, running or not.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.all_tasks(loop)}; {@link Async#allTasks()} is the form without a loop.</dd>
     *   <dt>Threading</dt><dd>From the loop's tasks and callbacks, or any thread while the loop does not run.</dd>
     * </dl>
     *
     * @return a new set, which the caller may change
     */
    public Set<Task<?>> allTasks() {
        checkThread("allTasks()");
        Set<Task<?>> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object item : ready) {
            if (item instanceof Task<?> t && !t.done()) {
                all.add(t);
            }
        }
        all.addAll(reports.suspendedTasks());
        all.addAll(eagerCreators);
        if (currentTask != null) {
            all.add(currentTask);
        }
        return all;
    }

    // ------------------------------------------------------------------ errors and debug

    /**
     * Sets the handler for errors that have no receiver; null restores the default, which logs them.
     * <dl><dt>asyncio</dt><dd>{@code loop.set_exception_handler(handler)}.</dd></dl>
     *
     * @param handler the handler, or null
     */
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    /**
     * The handler set by {@link #setExceptionHandler}, or null for the default.
     * <dl><dt>asyncio</dt><dd>{@code loop.get_exception_handler()}.</dd></dl>
     *
     * @return the handler or null
     */
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    /**
     * Sets what makes this loop's tasks from now on: every {@link #createTask} calls {@code factory} (see
     * {@link TaskFactory}); null restores the loop's own way ({@link TaskFactory#DEFAULT}).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.set_task_factory(factory)}; {@code loop.set_task_factory(
     *   asyncio.eager_task_factory)} is {@code setTaskFactory(TaskFactory.EAGER)}.</dd>
     *   <dt>Threading</dt><dd>Loop only (or before the loop runs).</dd>
     * </dl>
     *
     * @param factory the factory, or null
     * @throws IllegalStateException in debug mode, if called from another thread while the loop runs
     */
    public void setTaskFactory(TaskFactory factory) {
        checkThread("setTaskFactory()");
        this.taskFactory = factory;
    }

    /**
     * The factory set by {@link #setTaskFactory}, or null when the loop makes its tasks itself.
     * <dl><dt>asyncio</dt><dd>{@code loop.get_task_factory()}.</dd></dl>
     *
     * @return the factory or null
     */
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    /**
     * Reports an error to the exception handler; if the handler itself throws, both are logged.
     * <dl><dt>asyncio</dt><dd>{@code loop.call_exception_handler(context)}.</dd></dl>
     *
     * @param context what happened
     * @throws NullPointerException if {@code context} is null
     */
    public void callExceptionHandler(ExceptionContext context) {
        Checks.notNull(context, "context");
        ExceptionHandler handler = exceptionHandler;
        if (handler == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            handler.handle(this, context);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "Unhandled error in exception handler " + handler + " while handling: "
                    + context.message(), t);
            defaultExceptionHandler(context);
        }
    }

    /**
     * Logs the report at ERROR level on the {@code io.aio4j} {@link System.Logger}, with the exception's stack.
     * <dl><dt>asyncio</dt><dd>{@code loop.default_exception_handler(context)}.</dd></dl>
     *
     * @param context what happened
     * @throws NullPointerException if {@code context} is null
     */
    public void defaultExceptionHandler(ExceptionContext context) {
        Checks.notNull(context, "context");
        StringBuilder msg = new StringBuilder(context.message());
        if (context.future() != null) {
            msg.append("\n  future: ").append(context.future());
        }
        if (context.handle() != null) {
            msg.append("\n  handle: ").append(context.handle());
        }
        if (context.sourceTraceback() != null) {
            msg.append("\n  ").append(context.sourceTraceback().getMessage()).append(':');
            for (StackTraceElement frame : context.sourceTraceback().getStackTrace()) {
                msg.append("\n    at ").append(frame);
            }
        }
        LOG.log(Level.ERROR, msg.toString(), context.exception());
    }

    /**
     * Reports now, through the exception handler, every future and task of this loop that failed and whose exception
     * nobody has retrieved, instead of when it is garbage-collected; each is reported once. A test harness calls it
     * at the end of a test, so that a forgotten failure fails that test rather than a later one (or none).
     * <dl>
     *   <dt>asyncio</dt><dd>none: asyncio reports "exception was never retrieved" from {@code Future.__del__}.</dd>
     *   <dt>Threading</dt><dd>From the loop's tasks and callbacks, or any thread while the loop does not run.</dd>
     * </dl>
     *
     * @return how many were reported
     */
    public int reportUnretrievedExceptions() {
        checkThread("reportUnretrievedExceptions()");
        reports.poll(this);
        return reports.reportUnretrievedNow(this);
    }

    /**
     * Whether debug mode is on: thread checks on non-threadsafe methods and slow-callback warnings. Starts as the
     * system property {@code aio4j.debug}.
     * <dl><dt>asyncio</dt><dd>{@code loop.get_debug()}.</dd></dl>
     *
     * @return true in debug mode
     */
    public boolean getDebug() {
        return debug;
    }

    /**
     * Turns debug mode on or off.
     * <dl><dt>asyncio</dt><dd>{@code loop.set_debug(enabled)}.</dd></dl>
     *
     * @param enabled the new mode
     */
    public void setDebug(boolean enabled) {
        this.debug = enabled;
    }

    /**
     * In debug mode, a callback or task step that runs this long or longer is logged as a warning.
     * <dl><dt>asyncio</dt><dd>{@code loop.slow_callback_duration} (default 0.1 s).</dd></dl>
     *
     * @return the threshold
     */
    public Duration getSlowCallbackDuration() {
        return Duration.ofNanos(slowCallbackNanos);
    }

    /**
     * Sets the slow-callback threshold.
     *
     * @param threshold the new threshold
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException     if null
     */
    public void setSlowCallbackDuration(Duration threshold) {
        slowCallbackNanos = Checks.saturatedNanos(Checks.nonNegative(threshold, "threshold"));
    }

    void checkOpen(String method) {
        if (state == State.CLOSED) {
            throw Errors.closed(this, method);
        }
    }

    /** asyncio's {@code _check_thread}: in debug mode, loop-only methods refuse other threads while it runs. */
    void checkThread(String method) {
        if (debug && state == State.RUNNING && !inEventLoop()) {
            throw Errors.wrongThread(this, method);
        }
    }

    @Override
    public String toString() {
        return "EventLoop-" + id + "[" + state.name().toLowerCase(java.util.Locale.ROOT) + ", " + backend
                + ", ready=" + ready.size() + ", timers=" + timers.size() + (debug ? ", debug]" : "]");
    }

    // ------------------------------------------------------------------ backend seam

    /**
     * How tasks suspend (DESIGN §2): the one seam between the loop and its two backends. Implementations drive
     * {@link #nextItem()} and run what it returns: a {@link Handle} through {@link #runHandle}, a {@link Task} by
     * starting or resuming its body.
     */
    abstract static class Suspender {
        /** Runs the loop on the calling thread until {@link #nextItem()} returns {@link #STOP}. */
        abstract void runForever(EventLoop loop);

        /** Suspends {@code task}, the current task, until its next scheduled step is taken from the queue. */
        abstract void suspend(EventLoop loop, Task<?> task);

        /** Runs the first step of a new {@code task} now, returning when it suspends or finishes. */
        abstract void startEagerly(EventLoop loop, Task<?> task);

        /**
         * Resumes a suspended {@code task} of a closed loop, on the calling thread's turn, and returns when its
         * body has ended (it cannot suspend again: the loop is closed).
         */
        abstract void unwind(EventLoop loop, Task<?> task);

        /** Releases what the backend keeps between runs. */
        void close(EventLoop loop) {
        }
    }
}
