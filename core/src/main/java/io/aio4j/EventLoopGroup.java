package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed set of event loops, one per platform thread, for spreading independent work over the cores of a
 * machine. Each loop is an ordinary {@link EventLoop} with all of asyncio's guarantees: code between two awaits is
 * atomic with respect to the other tasks <em>of the same loop</em>. Tasks on different loops run in parallel and
 * share nothing but what the program shares on purpose (use thread-safe structures, or keep related work on one
 * loop with {@link #forKey(Object)}).
 *
 * <p>Lifecycle: running -> shutting down ({@link #shutdownGracefully}, {@link #close()}) -> terminated. While
 * running, each loop runs {@link EventLoop#runForever()} on its own thread named
 * {@code aio4j-loop-<group>-<index>}. Shutting down refuses new submissions, gives the tasks of every loop a grace
 * period to finish, cancels what is left and awaits it, then stops and closes every loop; the group is terminated
 * once every loop thread has ended.
 *
 * <p><b>Threads are not daemons</b>, like Netty's and {@link java.util.concurrent.Executors}' default threads: a
 * group that is running keeps the JVM alive, so work in flight is never cut off mid-await by the JVM exiting (a
 * daemon thread would die without running its tasks' {@code finally} blocks). Close the group
 * (try-with-resources, or a framework's destroy hook) when the program is done with it; once it has terminated,
 * no thread of it is left.
 * {@snippet :
 * try (EventLoopGroup group = EventLoopGroup.create()) {            // one loop per core
 *     CompletableFuture<String> page = group.submit(() -> fetch(url)); // on the next loop, round robin
 *     CompletableFuture<Long> total = group.submit(userId, () -> addToCart(userId, item)); // same user, same loop
 *     System.out.println(page.join() + " " + total.join());
 * }                                                                    // graceful shutdown, then the threads end
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>none: asyncio has one loop per thread and leaves threads to the program. Each loop here
 *   is asyncio's loop; {@link #submit(Coroutine)} is {@code asyncio.run_coroutine_threadsafe(coro, loop)} on the
 *   chosen loop; shutting a loop down is {@code asyncio.Runner.close()} after a grace period (cancel the tasks left,
 *   await them, report those that failed, shut the default executor down, close the loop).</dd>
 *   <dt>Netty</dt><dd>{@code MultithreadEventLoopGroup} ({@code NioEventLoopGroup}): {@link #next()} is
 *   {@code EventExecutorGroup.next()} with Netty's round-robin chooser, {@link #submit(Coroutine)} is
 *   {@code submit(Callable)}, {@link #shutdownGracefully(Duration)} is {@code shutdownGracefully(quietPeriod,
 *   timeout, unit)} without a quiet period, and the future it returns is {@code terminationFuture()}. Netty has no
 *   {@link #forKey(Object)}: it pins a channel to the loop it was registered with, which is what a key does
 *   here.</dd>
 *   <dt>Threading</dt><dd>Every method of this class may be called from any thread. The blocking ones
 *   ({@link #close()}, {@link #awaitTermination(Duration)}) refuse to run on a thread that runs an event loop:
 *   on one of the group's own they would wait for themselves, on another they would block it. The loops of {@link #loops()} keep {@link EventLoop}'s rules: from
 *   outside a loop, use only its {@code ...Threadsafe} methods.</dd>
 * </dl>
 */
public final class EventLoopGroup implements AutoCloseable {
    /**
     * The grace period of {@link #close()}: how long tasks may go on running before they are cancelled. Netty's
     * {@code shutdownGracefully()} allows 15 seconds by default; a service shutting down normally finishes its
     * requests well within that, and a stuck one does not hold the process much longer.
     */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    private static final AtomicLong GROUP_IDS = new AtomicLong();
    /** The sign bit of {@link #gate}: set once shutdown has begun. */
    private static final int SHUT = Integer.MIN_VALUE;

    private enum State { RUNNING, SHUTTING_DOWN, TERMINATED }

    /** One loop of the group and what its thread needs to know. */
    private static final class Member {
        final EventLoop loop;
        final int index;
        Thread thread;
        /** Set on the loop by the shutdown task when it has finished: the loop thread stops re-running the loop. */
        volatile boolean drained;

        Member(EventLoop loop, int index) {
            this.loop = loop;
            this.index = index;
        }
    }

    private final long id = GROUP_IDS.incrementAndGet();
    private final Member[] members;
    private final List<EventLoop> loops;
    private final Backend backend;
    private final AtomicLong nextIndex = new AtomicLong();
    /**
     * The submission gate: the number of submissions between their check and their hand-off to a loop, with
     * {@link #SHUT} or-ed in once shutdown has begun. Shutdown starts draining the loops only when no submission is
     * in flight any more, so every accepted submission reaches its loop before that loop's shutdown task and is
     * therefore run or cancelled, never silently dropped by the loop's close.
     */
    private final AtomicInteger gate = new AtomicInteger();
    /** Completed by the terminator thread once every loop thread has ended. */
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    /** The end of the grace period, in {@link System#nanoTime()}; written before the gate is shut. */
    private volatile long graceDeadline;
    private volatile Duration graceTimeout;
    private volatile ExceptionHandler exceptionHandler;
    /** Serialises the first {@link #shutdownGracefully} against later ones; submissions never take it. */
    private final Object shutdownLock = new Object();

    private EventLoopGroup(int loopCount, Backend backend) {
        this.backend = backend;
        this.members = new Member[loopCount];
        List<EventLoop> created = new ArrayList<>(loopCount);
        try {
            for (int i = 0; i < loopCount; i++) {
                EventLoop loop = EventLoop.newEventLoop(backend);
                created.add(loop);
                members[i] = new Member(loop, i);
            }
        } catch (RuntimeException | Error e) {
            created.forEach(EventLoop::close); // none runs yet: nothing to cancel
            throw e;
        }
        this.loops = List.copyOf(created);
        for (Member m : members) {
            // Created and started after every loop exists: Thread.start() publishes the loops to their threads.
            m.thread = Thread.ofPlatform().name("aio4j-loop-" + id + "-" + m.index).daemon(false)
                    .unstarted(() -> runLoop(m));
        }
        for (Member m : members) {
            m.thread.start();
        }
    }

    /**
     * Creates a group of one loop per available processor ({@link Runtime#availableProcessors()}), with the
     * default backend ({@link Backend#select()}), and starts their threads.
     * <dl><dt>Netty</dt><dd>{@code new NioEventLoopGroup()} (which makes twice as many loops as processors,
     * since its loops also wait for I/O; these loops mostly compute).</dd></dl>
     *
     * @return a running group
     * @throws IllegalStateException if the backend forced by {@code aio4j.backend} is not available
     */
    public static EventLoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates a group of {@code loopCount} loops with the default backend ({@link Backend#select()}) and starts
     * their threads.
     * <dl><dt>Netty</dt><dd>{@code new NioEventLoopGroup(nThreads)}.</dd></dl>
     *
     * @param loopCount how many loops (and threads); one per core is the usual choice
     * @return a running group
     * @throws IllegalArgumentException if {@code loopCount} is not positive
     * @throws IllegalStateException    if the backend forced by {@code aio4j.backend} is not available
     */
    public static EventLoopGroup create(int loopCount) {
        checkLoopCount(loopCount);
        return new EventLoopGroup(loopCount, Backend.select());
    }

    /**
     * Creates a group of {@code loopCount} loops, each made by {@link EventLoop#newEventLoop(Backend)}, and starts
     * their threads.
     *
     * @param loopCount how many loops (and threads)
     * @param backend   how the tasks of every loop suspend
     * @return a running group
     * @throws IllegalArgumentException if {@code loopCount} is not positive
     * @throws IllegalStateException    if {@code backend} is not available on this JVM
     * @throws NullPointerException     if {@code backend} is null
     */
    public static EventLoopGroup create(int loopCount, Backend backend) {
        checkLoopCount(loopCount);
        Checks.notNull(backend, "backend");
        return new EventLoopGroup(loopCount, backend);
    }

    private static void checkLoopCount(int loopCount) {
        if (loopCount <= 0) {
            throw new IllegalArgumentException("loopCount must be > 0 but was " + loopCount
                    + "; use EventLoopGroup.create() for one loop per available processor");
        }
    }

    // ------------------------------------------------------------------ choosing a loop

    /**
     * The number of loops.
     * <dl><dt>Netty</dt><dd>{@code MultithreadEventExecutorGroup.executorCount()}.</dd></dl>
     *
     * @return the number of loops, fixed at creation
     */
    public int size() {
        return members.length;
    }

    /**
     * The loops, in index order; the loop at index {@code i} runs on thread {@code aio4j-loop-<group>-<i>}. They
     * stay in the list after shutdown, closed.
     * <dl><dt>Netty</dt><dd>iterating an {@code EventExecutorGroup}.</dd></dl>
     *
     * @return an unmodifiable list of the loops
     */
    public List<EventLoop> loops() {
        return loops;
    }

    /**
     * The next loop in round-robin order: successive calls, from any threads together, cycle through the loops
     * in index order. Works after shutdown too (the loop it returns may be closed).
     * <dl><dt>Netty</dt><dd>{@code EventExecutorGroup.next()} with the default (round-robin) chooser.</dd></dl>
     *
     * @return a loop of this group
     */
    public EventLoop next() {
        if (members.length == 1) {
            return members[0].loop;
        }
        // A long counter does not wrap in practice, so the cycle never skips a loop (an int's would at 2^31).
        return members[(int) Long.remainderUnsigned(nextIndex.getAndIncrement(), members.length)].loop;
    }

    /**
     * The loop for {@code key}: the same key (by {@code equals}/{@code hashCode}) always gives the same loop of
     * this group, so work for one key runs on one loop, one step at a time, with asyncio's atomicity between
     * awaits across all of that key's tasks. Keys are spread over the loops by their hash: {@code key.hashCode()}
     * is mixed with MurmurHash3's 32-bit finalizer (so that hashes differing only in high bits, or all even, or
     * in arithmetic progression still spread evenly) and reduced modulo {@link #size()}. The mapping depends only
     * on the hash code and the size, so it is the same in every group of that size (and across JVMs for keys such
     * as {@code String} and {@code Long}, whose hash codes are specified).
     * <dl>
     *   <dt>Netty</dt><dd>none: a channel stays on the loop it was registered with; a key plays that role.</dd>
     *   <dt>asyncio</dt><dd>none (one loop).</dd>
     * </dl>
     *
     * @param key what to keep together: a user id, a session, an aggregate's id
     * @return the loop of this group that {@code key} maps to
     * @throws NullPointerException if {@code key} is null
     */
    public EventLoop forKey(Object key) {
        Checks.notNull(key, "key");
        return members[indexForHash(key.hashCode(), members.length)].loop;
    }

    /** MurmurHash3's fmix32, then floorMod: every output bit depends on every input bit. */
    static int indexForHash(int hash, int loopCount) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, loopCount);
    }

    // ------------------------------------------------------------------ submitting

    /**
     * Runs {@code coro} as a task on the {@link #next()} loop and returns a future for its result. Completing that
     * future first (cancelling it, {@code orTimeout}, {@code completeExceptionally}) cancels the task.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run_coroutine_threadsafe(coro, loop)}, i.e.
     *   {@link Async#runCoroutineThreadsafe(Coroutine, EventLoop)} with the next loop.</dd>
     *   <dt>Netty</dt><dd>{@code EventExecutorGroup.submit(Callable)}.</dd>
     *   <dt>Threading</dt><dd>Any thread, a task of one of the loops included (it must not block on the future
     *   then).</dd>
     *   <dt>Error routing</dt><dd>The task's exception (or cancellation) completes the returned future; it is not
     *   reported to the loop's exception handler. Errors with no receiver inside the task (a callback that
     *   throws, a child task whose failure nobody retrieves) go to the loop's handler, see
     *   {@link #setExceptionHandler}.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param coro the body of the task
     * @return a future completed with the task's outcome
     * @throws IllegalStateException if the group is shut down or shutting down
     * @throws NullPointerException  if {@code coro} is null
     */
    public <T> CompletableFuture<T> submit(Coroutine<T> coro) {
        Checks.notNull(coro, "coro");
        enter("submit()");
        try {
            return Async.runCoroutineThreadsafe(coro, next());
        } finally {
            exit();
        }
    }

    /**
     * Runs {@code coro} as a task on the loop of {@code key} ({@link #forKey(Object)}) and returns a future for its
     * result. All tasks submitted with equal keys run on one loop: between two awaits, none of them runs at the
     * same time as another, so they may share state for that key without locks (as tasks of one asyncio loop
     * do). Otherwise as {@link #submit(Coroutine)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run_coroutine_threadsafe(coro, loop)} with the key's loop.</dd>
     *   <dt>Netty</dt><dd>{@code channel.eventLoop().submit(callable)}: the key is the channel.</dd>
     *   <dt>Threading</dt><dd>Any thread.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param key  what to keep together on one loop
     * @param coro the body of the task
     * @return a future completed with the task's outcome
     * @throws IllegalStateException if the group is shut down or shutting down
     * @throws NullPointerException  if {@code key} or {@code coro} is null
     */
    public <T> CompletableFuture<T> submit(Object key, Coroutine<T> coro) {
        Checks.notNull(key, "key");
        Checks.notNull(coro, "coro");
        enter("submit(key, coro)");
        try {
            return Async.runCoroutineThreadsafe(coro, forKey(key));
        } finally {
            exit();
        }
    }

    private void enter(String method) {
        for (;;) {
            int g = gate.get();
            if (g < 0) {
                throw new IllegalStateException(method + ": " + this + " is shut down (shutdownGracefully() or "
                        + "close() was called) and accepts no new work; submit to a new group");
            }
            if (gate.compareAndSet(g, g + 1)) {
                return;
            }
        }
    }

    private void exit() {
        if (gate.decrementAndGet() == SHUT) {
            drainLoops(); // the last submission in flight has reached its loop: shutdown may proceed
        }
    }

    // ------------------------------------------------------------------ errors

    /**
     * Sets the exception handler of every loop: where errors with no receiver go (a callback that throws, a
     * failure nobody retrieved, a task cancelled at shutdown that failed instead, a task still pending when its
     * loop closed); null restores the default, which logs them. The handler receives the loop that made the
     * report. Each loop applies it on its own thread, before anything submitted to it afterwards from the calling
     * thread runs. After termination it has no effect.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code loop.set_exception_handler(handler)} on every loop.</dd>
     *   <dt>Threading</dt><dd>Any thread; the handler is called on the loop threads, concurrently when several
     *   loops report at once, so it must be thread-safe.</dd>
     * </dl>
     *
     * @param handler the handler, or null for the default
     */
    public void setExceptionHandler(ExceptionHandler handler) {
        exceptionHandler = handler;
        for (Member m : members) {
            try {
                // On the loop's own thread: EventLoop's setter is loop-only while the loop runs.
                m.loop.callSoonThreadsafe(() -> m.loop.setExceptionHandler(handler));
            } catch (IllegalStateException closed) {
                // This loop has already closed: there is nothing left for it to report.
            }
        }
    }

    /**
     * The handler last given to {@link #setExceptionHandler}, or null for the default.
     * <dl><dt>asyncio</dt><dd>{@code loop.get_exception_handler()}.</dd></dl>
     *
     * @return the handler or null
     */
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Begins shutting the group down and returns a future that completes when it has terminated.
     *
     * <p>At once, the group refuses new submissions ({@link #submit} throws {@link IllegalStateException}). Each
     * loop then waits, without blocking, for all its tasks (submitted ones and the tasks they created) to finish,
     * for at most {@code timeout} from this call; then, as {@code asyncio.Runner.close()} does, it cancels the
     * tasks still pending, awaits them, reports to its exception handler each that failed instead of ending
     * cancelled, shuts its default executor down, stops and closes. The future completes once every loop thread
     * has ended. A task that catches its cancellation and goes on awaiting delays termination, as it delays
     * {@code asyncio.run}. Later calls change nothing and return a future for the same termination.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.Runner.close()} on every loop, after a grace period.</dd>
     *   <dt>Netty</dt><dd>{@code shutdownGracefully(0, timeout, unit)} (no quiet period: submissions stop at
     *   once), returning {@code terminationFuture()}.</dd>
     *   <dt>Threading</dt><dd>Any thread, a task of the group's loops included; never blocks.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the returned future does not stop the shutdown; it is a fresh copy on
     *   each call.</dd>
     * </dl>
     *
     * @param timeout the grace period; {@link Duration#ZERO} cancels the pending tasks at once
     * @return a future completed (with null) when the group has terminated
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException     if {@code timeout} is null
     */
    public CompletableFuture<Void> shutdownGracefully(Duration timeout) {
        Checks.nonNegative(timeout, "timeout");
        synchronized (shutdownLock) {
            if (gate.get() >= 0) {
                long now = System.nanoTime();
                long nanos = Checks.saturatedNanos(timeout);
                graceTimeout = timeout;
                graceDeadline = nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
                int inFlight = gate.getAndUpdate(g -> g | SHUT);
                Thread.ofVirtual().name("aio4j-loop-" + id + "-terminator").start(this::joinLoopThreads);
                if (inFlight == 0) {
                    drainLoops(); // else the last submission in flight does it (exit())
                }
            }
        }
        return termination.copy();
    }

    /**
     * Shuts the group down with the {@link #DEFAULT_SHUTDOWN_TIMEOUT} grace period, as
     * {@link #shutdownGracefully(Duration)} does, and waits until it has terminated: when this returns, every
     * loop is closed and every loop thread has ended. Idempotent; if a shutdown is already under way, waits for
     * that one. An interrupt does not cut the wait short (the loops would be left half closed); it is kept, and
     * the thread's interrupt status is set again on return.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.Runner.close()} on every loop.</dd>
     *   <dt>Netty</dt><dd>{@code shutdownGracefully().syncUninterruptibly()}.</dd>
     *   <dt>Threading</dt><dd>Any thread that runs no event loop; blocks.</dd>
     * </dl>
     *
     * @throws IllegalStateException if called from a thread that runs an event loop: one of this group's, which
     *                               would wait for itself, or another, which it would block
     */
    @Override
    public void close() {
        checkNotOnOwnLoop("close()");
        shutdownGracefully(DEFAULT_SHUTDOWN_TIMEOUT);
        boolean interrupted = false;
        for (;;) {
            try {
                termination.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                throw new AssertionError("the termination future of " + this + " only ever completes normally", e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code timeout} for the group to terminate after a shutdown was begun.
     * <dl>
     *   <dt>Netty</dt><dd>{@code EventExecutorGroup.awaitTermination(timeout, unit)}, as in
     *   {@link java.util.concurrent.ExecutorService#awaitTermination}.</dd>
     *   <dt>Threading</dt><dd>Any thread that runs no event loop; blocks.</dd>
     * </dl>
     *
     * @param timeout the longest wait
     * @return true if the group terminated, false if the time ran out first
     * @throws InterruptedException  if the waiting thread was interrupted
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if called from a thread of one of this group's loops
     * @throws NullPointerException  if {@code timeout} is null
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Checks.nonNegative(timeout, "timeout");
        checkNotOnOwnLoop("awaitTermination()");
        try {
            termination.get(Checks.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            throw new AssertionError("the termination future of " + this + " only ever completes normally", e);
        }
    }

    /**
     * Whether a shutdown has begun: submissions are refused from then on.
     * <dl>
     *   <dt>Netty</dt><dd>{@code isShuttingDown()}; {@code ExecutorService.isShutdown()}.</dd>
     *   <dt>Threading</dt><dd>Any thread.</dd>
     * </dl>
     *
     * @return true once {@link #shutdownGracefully} or {@link #close()} was called
     */
    public boolean isShutdown() {
        return gate.get() < 0;
    }

    /**
     * Whether the group has terminated: every loop is closed and every loop thread has ended.
     * <dl>
     *   <dt>Netty</dt><dd>{@code isTerminated()}.</dd>
     *   <dt>Threading</dt><dd>Any thread.</dd>
     * </dl>
     *
     * @return true once the shutdown has finished
     */
    public boolean isTerminated() {
        return termination.isDone();
    }

    /** Netty's {@code checkDeadLock} and STYLE rule 13: a blocking wait on a loop's thread refuses to hang. */
    private void checkNotOnOwnLoop(String method) {
        Thread me = Thread.currentThread();
        for (Member m : members) {
            // The loop's own platform thread (also while it closes the loop), or (virtual-thread backend) a task's
            // thread holding the loop.
            if (m.thread == me || m.loop.inEventLoop()) {
                throw new IllegalStateException(method + " was called on thread \"" + me.getName() + "\", which runs "
                        + m.loop + " of " + this + ", and would wait for itself; call shutdownGracefully() there "
                        + "(it does not block) or close the group from a thread outside it");
            }
        }
        EventLoop running = ActiveLoops.current();
        if (running != null) {
            throw new IllegalStateException(method + " was called on thread \"" + me.getName() + "\", which runs "
                    + running + ", and would block that loop; await shutdownGracefully()'s future instead "
                    + "(Async.wrapFuture(group.shutdownGracefully(timeout)).await())");
        }
    }

    /** Starts the shutdown task on every loop; called exactly once, when the gate is shut and empty. */
    private void drainLoops() {
        for (Member m : members) {
            try {
                m.loop.callSoonThreadsafe(() -> m.loop.createTask(drain(m), "EventLoopGroup-shutdown"));
            } catch (IllegalStateException closed) {
                m.drained = true; // its thread has already ended (it failed): nothing to drain
            }
        }
    }

    /**
     * The shutdown of one loop, run as a task on it: grace period, then asyncio's {@code Runner.close()} steps.
     * It ends by stopping the loop; the loop thread then closes it.
     */
    private Coroutine<Void> drain(Member m) {
        return () -> {
            EventLoop loop = m.loop;
            try {
                Task<?> self = Async.currentTask();
                for (;;) {
                    Set<Task<?>> others = othersThan(self);
                    if (others.isEmpty()) {
                        // A task that just ended has scheduled its done callbacks (among them the one completing
                        // submit()'s future) for the next iteration: let it run before deciding that all is done.
                        Async.sleep(Duration.ZERO);
                        others = othersThan(self);
                        if (others.isEmpty()) {
                            break;
                        }
                    }
                    long left = graceDeadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    // Returns when all of these are done or the grace is over; tasks they created meanwhile are
                    // picked up by the next round.
                    Async.wait(others, Duration.ofNanos(left));
                }
                Set<Task<?>> left = othersThan(self);
                if (!left.isEmpty()) {
                    String message = "EventLoopGroup shutdown: the task was still pending after the grace period of "
                            + graceTimeout;
                    for (Task<?> t : left) {
                        t.cancel(message);
                    }
                    Async.wait(left); // never raises: outcomes are inspected below
                    for (Task<?> t : left) {
                        if (!t.cancelled() && t.exception() != null) {
                            loop.callExceptionHandler(new ExceptionContext(
                                    "unhandled exception during EventLoopGroup shutdown", t.exception(), t, null));
                        }
                    }
                    Async.sleep(Duration.ZERO); // as above: the done callbacks of the tasks that ended last
                }
                loop.shutdownDefaultExecutor();
            } catch (CancellationException cancelled) {
                // Someone cancelled the shutdown task itself: close() still unwinds and reports what is left.
            } catch (Throwable t) {
                loop.callExceptionHandler(ExceptionContext.of("EventLoopGroup shutdown of " + loop + " failed; "
                        + "closing it anyway", t));
            } finally {
                m.drained = true;
                loop.stop();
            }
            return null;
        };
    }

    private static Set<Task<?>> othersThan(Task<?> self) {
        Set<Task<?>> all = Async.allTasks();
        all.remove(self);
        return all;
    }

    /** The body of loop thread {@code m}: runs the loop until its shutdown task has finished, then closes it. */
    private void runLoop(Member m) {
        EventLoop loop = m.loop;
        try {
            // Loop again if someone stopped the loop by hand (loop.stop() from a task): only shutdown ends it.
            while (!m.drained) {
                loop.runForever();
            }
        } catch (Throwable t) {
            loop.callExceptionHandler(ExceptionContext.of("the thread of " + loop + " in " + this + " failed; the "
                    + "loop is closed and accepts no more work", t));
        } finally {
            loop.close(); // reports and unwinds any task still pending (created during the cancellation phase)
        }
    }

    /** The terminator: the group has terminated when every loop thread has ended, not just finished its loop. */
    private void joinLoopThreads() {
        for (Member m : members) {
            boolean joined = false;
            while (!joined) {
                try {
                    m.thread.join();
                    joined = true;
                } catch (InterruptedException e) {
                    // Nobody interrupts this private thread; keep waiting.
                }
            }
        }
        termination.complete(null);
    }

    private State state() {
        if (termination.isDone()) {
            return State.TERMINATED;
        }
        return gate.get() < 0 ? State.SHUTTING_DOWN : State.RUNNING;
    }

    @Override
    public String toString() {
        return "EventLoopGroup-" + id + "[" + state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", "
                + members.length + (members.length == 1 ? " loop, " : " loops, ") + backend + "]";
    }
}
