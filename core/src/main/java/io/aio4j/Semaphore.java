package io.aio4j;

import io.aio4j.Waiters.Waiter;
import java.util.concurrent.CancellationException;

/**
 * A counter of permits: {@link #acquire()} takes one, waiting while none is free; {@link #release()} gives one
 * back. Limits how many tasks do something at once.
 * {@snippet :
 * Semaphore connections = new Semaphore(10);
 * try (var held = connections.acquire()) {      // async with connections:
 *     return fetch(url).await();
 * }
 * }
 * <p>Permits go to waiting tasks in the order they asked: while tasks are queued, a newcomer queues behind them
 * even if a permit is free at that instant (it is promised to a woken waiter that has not run yet).
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Semaphore} (locks.py), with 3.13's fairness rules. Differences:
 *   {@link #acquire()} returns a {@link Held} rather than {@code True}; a negative initial value throws
 *   {@link IllegalArgumentException} (asyncio: {@code ValueError}).</dd>
 *   <dt>Threading</dt><dd>On the loop only (its tasks and callbacks); a call that has to wait, only from a task.
 *   Bound to the loop of its first wait; a wait from a task of another loop throws
 *   {@link IllegalStateException}.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task waiting in {@link #acquire()} ends the wait with
 *   {@link CancellationException} and leaves the semaphore as if the call had never been made: a permit
 *   already handed to that task goes back and on to the next waiter. A permit is never lost, never granted
 *   twice.</dd>
 * </dl>
 */
public sealed class Semaphore extends LoopBound implements Held.Owner permits BoundedSemaphore {
    /** Free permits, not counting those handed to woken waiters that have not run yet (asyncio's _value). */
    int value;
    /** Permits handed to woken waiters that have not resumed yet: neither free nor held. */
    int promised;
    private final Waiters waiters = new Waiters();

    /** Creates a semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * Creates a semaphore with {@code value} permits.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.Semaphore(value)}.</dd></dl>
     *
     * @param value the initial number of permits, {@code >= 0}
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be >= 0 but was " + value);
        }
        this.value = value;
    }

    /**
     * Whether {@link #acquire()} would have to wait: no permit is free, or tasks are queued ahead.
     * <dl><dt>asyncio</dt><dd>{@code semaphore.locked()}.</dd></dl>
     *
     * @return true if an acquire would wait
     */
    public boolean locked() {
        return value == 0 || !waiters.allCancelled();
    }

    /**
     * Takes a permit: at once if one is free and nobody is queued, else suspends the calling task until one is
     * handed to it (first come, first served).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await semaphore.acquire()}; returns a {@link Held} rather than
     *   {@code True}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException};
     *   no permit is taken, and one already handed over passes to the next waiter.</dd>
     * </dl>
     *
     * @return the hold on the permit: {@link Held#close()} releases it (try-with-resources)
     * @throws CancellationException if the calling task was cancelled while waiting
     * @throws IllegalStateException if it has to wait and is not called from a task, or the semaphore is bound
     *                               to another loop
     */
    public Held acquire() {
        if (!locked()) {
            value--;
            return new Held(this);
        }
        Waiter waiter = waiters.add(loopForWait(getClass().getSimpleName() + ".acquire()"));
        try {
            waiters.awaitThenLeave(waiter);
        } catch (Throwable t) {
            if (waiter.done() && !waiter.cancelled()) {
                // We were handed a permit but will not take it: give it back (handed on just below).
                promised--;
                value++;
            }
            throw t;
        } finally {
            // Waiters that arrived while permits were promised had to queue: wake as many as are free now.
            while (value > 0 && wakeUpNext()) {
                // each call hands one permit on
            }
        }
        promised--; // the permit handed to us is now held
        return new Held(this);
    }

    /**
     * Gives a permit back, handing it to the oldest waiting task if any.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code semaphore.release()}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     */
    @Override
    public void release() {
        checkThread(getClass().getSimpleName() + ".release()");
        value++;
        wakeUpNext();
    }

    /** Hands a permit to the oldest waiter not woken or cancelled yet (asyncio's _wake_up_next). */
    private boolean wakeUpNext() {
        if (waiters.wakeFirstPending()) {
            value--;
            promised++;
            return true;
        }
        return false;
    }

    /** How many tasks are queued, cancelled ones that have not left yet included (asyncio's len(_waiters)). */
    final int waiterCount() {
        return waiters.size();
    }

    /**
     * The state, as {@code Semaphore[locked, value=0, waiters=2]} or {@code Semaphore[unlocked, value=3]}.
     *
     * @return the state
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[')
                .append(locked() ? "locked" : "unlocked").append(", value=").append(value);
        describeMore(sb);
        if (!waiters.isEmpty()) {
            sb.append(", waiters=").append(waiters.size());
        }
        return sb.append(']').toString();
    }

    /** Lets a subclass add to {@link #toString()}. */
    void describeMore(StringBuilder sb) {
    }
}
