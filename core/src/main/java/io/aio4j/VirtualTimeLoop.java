package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;

/**
 * An event loop on virtual time, for tests: the clock never moves by itself, only when every task is blocked, and
 * then it jumps straight to the next timer. A test of a one-hour timeout runs in microseconds, and the same
 * program runs its steps in the same order every time, whatever the machine's load.
 *
 * <pre>{@code
 * try (VirtualTimeLoop vt = VirtualTimeLoop.create()) {
 *     Task<String> task = vt.loop().createTask(() -> Async.waitFor(slowCall(), Duration.ofHours(1)));
 *     vt.advanceTimeBy(Duration.ofMinutes(59));   // runs everything due in the first 59 minutes
 *     assertFalse(task.done());
 *     vt.advanceTimeBy(Duration.ofMinutes(1));    // the timeout fires
 *     assertThrows(AsyncTimeoutException.class, task::result);
 * }
 * }</pre>
 *
 * <p>The loop itself ({@link #loop()}) is an ordinary {@link EventLoop} on either backend; only its clock differs.
 * {@link EventLoop#runUntilComplete} on it runs the program to the end, jumping over every idle stretch; this
 * class adds the two ways of running it part of the way. Work done on other threads is real: time does not wait
 * for it, so a test that mixes virtual time with a real thread or real I/O should await that work explicitly.
 * <dl>
 *   <dt>asyncio</dt><dd>CPython's {@code test.test_asyncio.utils.TestLoop} (its {@code advance_time}); also
 *   Reactor's {@code VirtualTimeScheduler} and kotlinx.coroutines' {@code TestCoroutineScheduler}.</dd>
 *   <dt>Threading</dt><dd>As for {@link EventLoop}: call it from the thread that drives the loop, or from a task
 *   of the loop where a method says so.</dd>
 * </dl>
 */
public final class VirtualTimeLoop implements AutoCloseable {
    private final EventLoop loop;
    private final LoopClock.Virtual clock;
    private final long startNanos;

    /** Wraps a loop made by {@link EventLoop#newVirtualTimeLoop} (the core tests' loops are). */
    VirtualTimeLoop(EventLoop loop) {
        this.loop = loop;
        this.clock = (LoopClock.Virtual) loop.clock;
        this.startNanos = clock.nanoTime();
    }

    /**
     * A virtual-time loop on the default backend ({@link Backend#select()}).
     *
     * @return a new idle loop at virtual time zero
     */
    public static VirtualTimeLoop create() {
        return create(Backend.select());
    }

    /**
     * A virtual-time loop on the given backend.
     *
     * @param backend how tasks suspend
     * @return a new idle loop at virtual time zero
     * @throws IllegalStateException if the backend is not available on this JVM
     * @throws NullPointerException  if {@code backend} is null
     */
    public static VirtualTimeLoop create(Backend backend) {
        return new VirtualTimeLoop(EventLoop.newVirtualTimeLoop(backend));
    }

    /**
     * The event loop to create tasks on and run.
     *
     * @return the loop, whose {@link EventLoop#time()} is virtual
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * How much virtual time has passed since this loop was created.
     * <dl><dt>asyncio</dt><dd>none; kotlinx's {@code currentTime}.</dd></dl>
     *
     * @return the elapsed virtual time
     */
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }

    /**
     * Moves virtual time forward by {@code delay}, running on the way everything that falls due, in order,
     * including the callbacks and timers due exactly at the end. {@link Duration#ZERO} runs what is ready now and
     * leaves the clock alone.
     *
     * <p>Called from outside the loop, it runs the loop and returns once the clock has reached the target and
     * nothing more is ready, with the clock exactly at the target (earlier only if {@link EventLoop#stop()} was
     * called meanwhile). Called from a task of this loop, it suspends that task for {@code delay} of virtual time,
     * which is {@link Async#sleep(Duration)}: the task resumes after everything due before it.
     * <dl><dt>asyncio</dt><dd>{@code TestLoop.advance_time}; Reactor's and kotlinx's {@code advanceTimeBy}
     * (kotlinx leaves the tasks due exactly at the end for {@code runCurrent}).</dd></dl>
     *
     * @param delay how far to move the clock
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if the loop is closed, is running on another thread, or if this thread runs
     *                                  another loop
     * @throws NullPointerException     if {@code delay} is null
     * @throws java.util.concurrent.CancellationException if called from a task that is cancelled meanwhile
     */
    public void advanceTimeBy(Duration delay) {
        Checks.nonNegative(delay, "delay");
        if (calledFromOwnTask("advanceTimeBy()")) {
            Async.sleep(delay);
            return;
        }
        long now = clock.nanoTime();
        long nanos = Checks.saturatedNanos(delay);
        drive(nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE - 1 : now + nanos); // MAX_VALUE means no limit
    }

    /**
     * Runs until nothing is left to do: no ready callback or task and no timer, jumping virtual time from timer to
     * timer. Tasks still pending then wait for something that time cannot bring (an event, a future, another
     * thread). A program that re-arms a timer forever never becomes idle; use {@link #advanceTimeBy} for it.
     *
     * <p>Called from a task of this loop, it suspends that task until everything else is in that state.
     * <dl><dt>asyncio</dt><dd>none; kotlinx's {@code advanceUntilIdle}, Reactor's {@code
     * VirtualTimeScheduler.advanceTime()} to the last task.</dd></dl>
     *
     * @throws IllegalStateException if the loop is closed, is running on another thread, or if this thread runs
     *                               another loop
     * @throws java.util.concurrent.CancellationException if called from a task that is cancelled meanwhile
     */
    public void runUntilIdle() {
        if (calledFromOwnTask("runUntilIdle()")) {
            Future<Void> idle = loop.createFuture();
            if (loop.idleWaiters == null) {
                loop.idleWaiters = new ArrayList<>(2);
            }
            loop.idleWaiters.add(idle);
            idle.await();
            return;
        }
        drive(Long.MAX_VALUE);
    }

    /** Whether the caller is a task of this loop; refuses other loops' threads with a message saying why. */
    private boolean calledFromOwnTask(String method) {
        loop.checkOpen(method);
        EventLoop running = ActiveLoops.current();
        if (running == loop && loop.currentTask != null) {
            return true;
        }
        if (running == loop) {
            throw new IllegalStateException(method + " called from a callback of " + loop + "; call it from a task "
                    + "of the loop, or from the test's thread while the loop is not running");
        }
        if (running != null) {
            throw new IllegalStateException(method + " called on a thread that runs " + running + " (not a task of "
                    + loop + "); call it from the test's thread or from a task of the virtual-time loop");
        }
        return false;
    }

    private void drive(long limitNanos) {
        clock.drive(limitNanos);
        try {
            loop.runForever();
        } finally {
            clock.release();
        }
    }

    /**
     * Closes the loop, as {@link EventLoop#close()} does.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    public void close() {
        loop.close();
    }

    @Override
    public String toString() {
        return "VirtualTimeLoop[" + elapsed() + ", " + loop + "]";
    }
}
