package io.aio4j.reactor;

import io.aio4j.EventLoop;
import io.aio4j.Handle;
import io.aio4j.internal.Checks;
import io.aio4j.internal.LoopHop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.scheduler.Schedulers;

/**
 * One piece of work that a {@link LoopScheduler} or one of its workers scheduled: a loop callback, now, later or
 * periodically, tracked by its owner (a {@link Disposable.Composite}) until it ran or was disposed.
 *
 * <p>An immediate task is a {@link EventLoop#callSoonThreadsafe} callback, whose handle any thread may cancel. A
 * timed one is armed on the loop ({@link EventLoop#callLater}, {@link EventLoop#callAt}: loop-only methods, reached
 * through {@link LoopHop}) and disarmed there too. Whatever races with {@link #dispose()}, {@link #run()} checks
 * the flag first, so a disposed task never runs; cancelling the handle only frees the loop's entry early.
 *
 * <p>An exception thrown by the work is not caught: the loop reports it to its exception handler as it does for
 * any callback (DESIGN §5), and a periodic task stops there, as with a {@code ScheduledExecutorService}.
 */
final class LoopTask implements Runnable, Disposable {
    /** {@link #periodNanos} of a task that runs once. */
    private static final long ONCE = -1;

    private final EventLoop loop;
    private final Disposable.Composite owner;
    private final Runnable work;
    private final long periodNanos;
    /** Runs once at the next iteration: a callSoonThreadsafe callback, not a timer. */
    private final boolean immediate;
    private volatile boolean disposed;
    /** The loop's entry for the next run; for a timed task, read and written on the loop only. */
    private volatile Handle handle;
    /** Periodic, loop side: loop time of the first run, and how many runs are done (fixed rate, no drift). */
    private double firstRun;
    private long runs;

    private LoopTask(EventLoop loop, Disposable.Composite owner, Runnable work, long periodNanos, boolean immediate) {
        this.loop = loop;
        this.owner = owner;
        this.work = work;
        this.periodNanos = periodNanos;
        this.immediate = immediate;
    }

    /**
     * Schedules {@code work} on {@code loop}, tracked by {@code owner}.
     *
     * @param delay  how long to wait first; zero or less runs it at the loop's next iteration
     * @param period the fixed rate of a periodic task, zero or less for back to back (each run at the next
     *               iteration after the previous one), or null to run once
     * @throws RejectedExecutionException if {@code owner} is disposed or the loop is closed
     */
    static Disposable schedule(EventLoop loop, Disposable.Composite owner, Runnable work, long delay, Long period,
            TimeUnit unit) {
        Checks.notNull(work, "task");
        Checks.notNull(unit, "unit");
        long periodNanos = period == null ? ONCE : Math.max(0, unit.toNanos(period));
        // Reactor's own schedulers pass every task through this hook (context propagation, MDC, tracing): so do we.
        LoopTask task = new LoopTask(loop, owner, Schedulers.onSchedule(work), periodNanos,
                delay <= 0 && periodNanos == ONCE);
        if (!owner.add(task)) {
            throw Exceptions.failWithRejected();
        }
        boolean scheduled;
        try {
            if (task.immediate) {
                task.handle = loop.callSoonThreadsafe(task); // any thread, no hop: the cheap path of publishOn
                scheduled = true;
            } else {
                scheduled = LoopHop.run(loop, () -> task.arm(unit.toNanos(Math.max(0, delay))));
            }
        } catch (IllegalStateException closed) {
            if (!loop.isClosed()) {
                task.finish();
                throw closed;
            }
            scheduled = false;
        }
        if (!scheduled) {
            task.finish();
            throw loopClosed(loop);
        }
        return task;
    }

    private static RejectedExecutionException loopClosed(EventLoop loop) {
        return Exceptions.failWithRejected("the scheduler's loop " + loop + " is closed; create a scheduler on "
                + "an open loop");
    }

    /** On the loop: schedules the first run of a timed task. */
    private void arm(long delayNanos) {
        if (disposed) {
            return;
        }
        firstRun = loop.time() + delayNanos / 1e9;
        handle = loop.callAt(firstRun, this);
    }

    /** On the loop, as a callback. */
    @Override
    public void run() {
        if (disposed) {
            return;
        }
        if (periodNanos == ONCE) {
            finish();
            work.run();
            return;
        }
        try {
            work.run();
        } catch (Throwable t) {
            finish(); // a periodic task that failed does not run again
            throw t;
        }
        if (!disposed) {
            runs++;
            handle = periodNanos == 0 ? loop.callSoon(this) : loop.callAt(firstRun + runs * (periodNanos / 1e9), this);
        }
    }

    private void finish() {
        disposed = true;
        owner.remove(this);
    }

    /** Any thread: keeps the work from running (again). */
    @Override
    public void dispose() {
        if (disposed) {
            return;
        }
        finish();
        if (immediate) {
            Handle h = handle;
            if (h != null) {
                h.cancel(); // a callSoonThreadsafe handle: cancellable from any thread
            }
            return;
        }
        LoopHop.run(loop, () -> { // a timer handle: on the loop only (false if it closed: nothing to free then)
            Handle h = handle;
            if (h != null) {
                h.cancel();
            }
        });
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    public String toString() {
        return "LoopTask[" + work + (periodNanos == ONCE ? "" : ", period=" + periodNanos + "ns")
                + (disposed ? ", done]" : "]");
    }
}
