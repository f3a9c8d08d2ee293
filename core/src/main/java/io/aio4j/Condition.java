package io.aio4j;

import io.aio4j.Waiters.Waiter;
import io.aio4j.internal.Checks;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A condition variable: tasks holding its lock wait in {@link #await()} until another task signals them.
 *
 * <p>Waiting releases the lock, suspends until {@link #signal}/{@link #signalAll} picks this task (oldest
 * waiters first), then re-acquires the lock before returning, so the code after an await always runs with the
 * lock held. Being signalled promises nothing about the state: check it again, or let {@link #awaitFor} do so.
 * {@snippet :
 * try (var held = condition.acquire()) {             // async with condition:
 *     condition.awaitFor(() -> !items.isEmpty());     //     await condition.wait_for(lambda: items)
 *     return items.removeFirst();
 * }
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Condition} (locks.py). Differences: {@code wait()} is {@link #await()}
 *   and {@code wait_for(predicate)} is {@link #awaitFor} ({@code wait} is final in {@link Object});
 *   {@code notify(n)} and {@code notify_all()} are {@link #signal(int)} and {@link #signalAll()}, the words of
 *   {@link java.util.concurrent.locks.Condition} ({@code notify} is final in {@link Object}); {@link #acquire()}
 *   returns a {@link Held}; misuse throws {@link IllegalStateException} rather than {@code RuntimeError}.</dd>
 *   <dt>Threading</dt><dd>On the loop only (its tasks and callbacks); a call that has to wait, only from a task.
 *   Bound to the loop of its first wait; a wait from a task of another loop throws
 *   {@link IllegalStateException}.</dd>
 *   <dt>Cancellation</dt><dd>A task cancelled in {@link #await()} re-acquires the lock before the
 *   {@link CancellationException} propagates (cancelling it again meanwhile does not stop that), and if it had
 *   already been signalled it passes the signal to another waiter: no wake-up is lost. A task cancelled in
 *   {@link #acquire()} does not get the lock, as with {@link Lock#acquire()}.</dd>
 * </dl>
 */
public final class Condition extends LoopBound {
    private final Lock lock;
    private final Waiters waiters = new Waiters();

    /** Creates a condition with a new {@link Lock} of its own. */
    public Condition() {
        this.lock = new Lock();
    }

    /**
     * Creates a condition over an existing lock, for several conditions sharing one lock.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.Condition(lock)}.</dd></dl>
     *
     * @param lock the lock that {@link #acquire()}, {@link #release()} and {@link #await()} use
     * @throws NullPointerException if {@code lock} is null
     */
    public Condition(Lock lock) {
        this.lock = Checks.notNull(lock, "lock");
    }

    /**
     * Acquires the underlying lock, as {@link Lock#acquire()}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await condition.acquire()}; returns a {@link Held} rather than
     *   {@code True}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException}
     *   without the lock, which passes to the next waiter if it had already been handed over.</dd>
     * </dl>
     *
     * @return the hold on the lock: {@link Held#close()} releases it (try-with-resources)
     * @throws CancellationException if the calling task was cancelled while waiting
     * @throws IllegalStateException if it has to wait and is not called from a task, or the lock is bound to
     *                               another loop
     */
    public Held acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock, as {@link Lock#release()}.
     * <dl><dt>asyncio</dt><dd>{@code condition.release()}.</dd></dl>
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the underlying lock is held.
     * <dl><dt>asyncio</dt><dd>{@code condition.locked()}.</dd></dl>
     *
     * @return true if locked
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until signalled, re-acquires the lock and returns true. The lock must be held.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await condition.wait()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task re-acquires the lock, then throws
     *   {@link CancellationException}; a signal it had already received passes to another waiter.</dd>
     * </dl>
     *
     * @return true
     * @throws CancellationException if the calling task was cancelled (the lock is held again)
     * @throws IllegalStateException if the lock is not held, if not called from a task, or if the condition is
     *                               bound to another loop
     */
    public boolean await() {
        if (!lock.locked()) {
            throw new IllegalStateException("Condition.await() called without holding the lock: " + this
                    + "; wait inside try (var held = condition.acquire()) { ... }");
        }
        Waiter waiter = waiters.add(loopForWait("Condition.await()"));
        lock.release();
        Throwable failure = null;
        try {
            waiter.await();
        } catch (Throwable t) {
            failure = t;
        } finally {
            waiters.remove(waiter);
        }
        // The lock must be held again whatever happened, even if we are cancelled while waiting for it.
        CancellationException cancelled = reacquire();
        if (cancelled != null) {
            failure = cancelled; // the most recent cancellation wins, as in asyncio
        }
        if (failure != null) {
            // We may have been signalled before the failure: pass the wake-up on (a spurious wake-up is allowed,
            // a lost one is not).
            wakeUp(1);
            throw Future.rethrowable(failure);
        }
        return true;
    }

    private CancellationException reacquire() {
        CancellationException last = null;
        for (;;) {
            try {
                lock.acquire();
                return last;
            } catch (CancellationException c) {
                last = c;
            }
        }
    }

    /**
     * Waits until {@code predicate} is true: checks it, and while false, {@link #await()}s and checks again.
     * The lock must be held whenever it has to wait; the predicate runs with it held.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await condition.wait_for(predicate)}; the predicate returns a
     *   {@code boolean} rather than any value tested for truth.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop when it has to wait; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #await()}: the lock is held again when {@link CancellationException}
     *   propagates.</dd>
     * </dl>
     *
     * @param predicate the state to wait for
     * @return true, the predicate's last value
     * @throws CancellationException if the calling task was cancelled (the lock is held again)
     * @throws IllegalStateException if it has to wait and the lock is not held, or as {@link #await()}
     * @throws NullPointerException  if {@code predicate} is null
     */
    public boolean awaitFor(BooleanSupplier predicate) {
        Checks.notNull(predicate, "predicate");
        boolean result = predicate.getAsBoolean();
        while (!result) {
            await();
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Wakes the oldest waiting task, if any; as {@link #signal(int)} with 1.
     * <dl><dt>asyncio</dt><dd>{@code condition.notify()}.</dd></dl>
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal() {
        signal("Condition.signal()", 1);
    }

    /**
     * Wakes up to {@code n} of the oldest waiting tasks. Each re-acquires the lock, so none resumes before the
     * caller releases it. The lock must be held.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code condition.notify(n)}; a negative {@code n} is an error here (asyncio wakes
     *   nobody).</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @param n how many to wake, {@code >= 0}
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException    if the lock is not held
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0 but was " + n);
        }
        signal("Condition.signal(int)", n);
    }

    /**
     * Wakes every waiting task. The lock must be held.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code condition.notify_all()}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        signal("Condition.signalAll()", Integer.MAX_VALUE);
    }

    private void signal(String method, int n) {
        checkThread(method);
        if (!lock.locked()) {
            throw new IllegalStateException(method + " called without holding the lock: " + this
                    + "; signal inside try (var held = condition.acquire()) { ... }");
        }
        wakeUp(n);
    }

    /** asyncio's {@code _notify}: wakes up to n waiters that are neither woken nor cancelled yet. */
    private void wakeUp(int n) {
        waiters.wakePending(n);
    }

    /** How many tasks wait, cancelled ones that have not left yet included (asyncio's len(_waiters)). */
    int waiterCount() {
        return waiters.size();
    }

    /**
     * The state, as {@code Condition[locked, waiters=2]} or {@code Condition[unlocked]}.
     *
     * @return the state
     */
    @Override
    public String toString() {
        return "Condition[" + (lock.locked() ? "locked" : "unlocked")
                + (waiters.isEmpty() ? "]" : ", waiters=" + waiters.size() + "]");
    }
}
