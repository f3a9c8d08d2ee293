package io.aio4j;

import io.aio4j.Waiters.Waiter;
import java.util.concurrent.CancellationException;

/**
 * A mutual-exclusion lock for the tasks of one event loop.
 *
 * <p>Lifecycle: unlocked -> locked ({@link #acquire()}) -> unlocked ({@link #release()}) ... Waiting tasks get
 * the lock in the order they asked for it: a release hands it to the oldest waiter, and a task arriving
 * meanwhile waits behind it rather than barging in. Any task may release the lock, not only the one that
 * acquired it. Use it through try-with-resources ({@link Held}):
 * {@snippet :
 * try (var held = lock.acquire()) {
 *     var value = cache.get(key);
 *     if (value == null) {
 *         value = fetch(key).await();      // other tasks wanting the lock wait; the rest of the loop runs
 *         cache.put(key, value);
 *     }
 * }
 * }
 * <p>Unlike a {@code synchronized} block or a {@code java.util.concurrent} lock, holding this one across an
 * {@code await} is safe: a task that finds it locked suspends and lets the loop run the holder. Holding a JDK lock
 * across an await deadlocks the loop as soon as a second task wants it.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Lock} (locks.py), with 3.13's fairness rules. Differences:
 *   {@link #acquire()} returns a {@link Held} rather than {@code True}; releasing an unlocked lock throws
 *   {@link IllegalStateException} (asyncio: {@code RuntimeError}).</dd>
 *   <dt>Threading</dt><dd>On the loop only (its tasks and callbacks); a call that has to wait, only from a task.
 *   Bound to the loop of its first wait; a wait from a task of another loop throws
 *   {@link IllegalStateException}.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task waiting in {@link #acquire()} ends the wait with
 *   {@link CancellationException} and leaves the lock as if the call had never been made: if the lock had
 *   already been handed to that task, it passes to the next waiter. It is never lost, never held twice.</dd>
 * </dl>
 */
public final class Lock extends LoopBound implements Held.Owner {
    private boolean locked;
    private final Waiters waiters = new Waiters();

    /** Creates an unlocked lock, not yet bound to any loop. */
    public Lock() {
    }

    /**
     * Acquires the lock: at once if it is unlocked and nobody is queued for it, else suspends the calling task
     * until the lock is handed to it (first come, first served).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await lock.acquire()}; returns a {@link Held} rather than {@code True}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException};
     *   the lock is not taken, and if it had already been handed over it passes to the next waiter.</dd>
     * </dl>
     *
     * @return the hold on the lock: {@link Held#close()} releases it (try-with-resources)
     * @throws CancellationException if the calling task was cancelled while waiting
     * @throws IllegalStateException if it has to wait and is not called from a task, or the lock is bound to
     *                               another loop
     */
    public Held acquire() {
        if (!locked && waiters.allCancelled()) {
            locked = true;
            return new Held(this);
        }
        Waiter waiter = waiters.add(loopForWait("Lock.acquire()"));
        try {
            waiters.awaitThenLeave(waiter);
        } catch (Throwable t) {
            // We may have been handed the lock and cancelled before we could take it: hand it on (asyncio's
            // _wake_up_first), so that it is never stranded with waiters queued behind us.
            if (!locked) {
                wakeUpFirst();
            }
            throw t;
        }
        locked = true;
        return new Held(this);
    }

    /**
     * Releases the lock and hands it to the oldest waiting task, if any (which resumes at a later iteration).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code lock.release()}; an unlocked lock throws {@link IllegalStateException}
     *   rather than {@code RuntimeError}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @throws IllegalStateException if the lock is not locked
     */
    @Override
    public void release() {
        checkThread("Lock.release()");
        if (!locked) {
            throw new IllegalStateException("Lock.release() called on a lock that is not acquired: " + this
                    + "; release a lock once per acquire() (try (var held = lock.acquire()) { ... } does it)");
        }
        locked = false;
        wakeUpFirst();
    }

    /**
     * Whether the lock is held.
     * <dl><dt>asyncio</dt><dd>{@code lock.locked()}.</dd></dl>
     *
     * @return true if locked
     */
    public boolean locked() {
        return locked;
    }

    /** Wakes the oldest waiter unless it is already woken or cancelled (it then hands on itself). */
    private void wakeUpFirst() {
        Waiter first = waiters.first();
        if (first != null) {
            first.wake();
        }
    }

    /** How many tasks are queued, cancelled ones that have not left yet included (asyncio's len(_waiters)). */
    int waiterCount() {
        return waiters.size();
    }

    /**
     * The state, as {@code Lock[locked, waiters=2]} or {@code Lock[unlocked]}.
     *
     * @return the state
     */
    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "]" : ", waiters=" + waiters.size() + "]");
    }
}
