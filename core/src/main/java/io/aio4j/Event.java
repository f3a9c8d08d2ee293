package io.aio4j;

import java.util.concurrent.CancellationException;

/**
 * A flag that tasks can wait for: {@link #set()} wakes every task waiting in {@link #await()}, and later waits
 * return at once until {@link #clear()}.
 * {@snippet :
 * Event ready = new Event();
 * Async.createTask(() -> { load(); ready.set(); return null; });
 * ready.await();                                  // await ready.wait()
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Event} (locks.py). Differences: {@code wait()} is {@link #await()}
 *   ({@code wait} is a final method of {@link Object}); as a coroutine to pass around, {@code event.wait()} is
 *   the method reference {@code event::await}.</dd>
 *   <dt>Threading</dt><dd>On the loop only (its tasks and callbacks); {@link #await()}, when it has to wait, only
 *   from a task. To set it from another thread: {@code loop.callSoonThreadsafe(event::set)}. Bound to the loop
 *   of its first wait; a wait from a task of another loop throws {@link IllegalStateException}.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task waiting in {@link #await()} ends its wait with
 *   {@link CancellationException}; the event and the other waiters are unaffected.</dd>
 * </dl>
 */
public final class Event extends LoopBound {
    private boolean value;
    private final Waiters waiters = new Waiters();

    /** Creates an event that is not set, not yet bound to any loop. */
    public Event() {
    }

    /**
     * Whether the event is set.
     * <dl><dt>asyncio</dt><dd>{@code event.is_set()}.</dd></dl>
     *
     * @return true if set
     */
    public boolean isSet() {
        return value;
    }

    /**
     * Sets the event and wakes every task waiting for it. Nothing happens if it is already set.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code event.set()}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     */
    public void set() {
        checkThread("Event.set()");
        if (!value) {
            value = true;
            waiters.wakeAll();
        }
    }

    /**
     * Clears the event: later {@link #await()} calls wait for the next {@link #set()}. Tasks already woken by a
     * set still return true.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code event.clear()}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     */
    public void clear() {
        checkThread("Event.clear()");
        value = false;
    }

    /**
     * Returns true at once if the event is set, else suspends the calling task until it is.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await event.wait()}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException}.
     *   </dd>
     * </dl>
     *
     * @return true
     * @throws CancellationException if the calling task was cancelled while waiting
     * @throws IllegalStateException if it has to wait and is not called from a task, or the event is bound to
     *                               another loop
     */
    public boolean await() {
        if (value) {
            return true;
        }
        waiters.awaitThenLeave(waiters.add(loopForWait("Event.await()")));
        return true;
    }

    /** How many tasks wait, cancelled ones that have not left yet included (asyncio's len(_waiters)). */
    int waiterCount() {
        return waiters.size();
    }

    /**
     * The state, as {@code Event[set]} or {@code Event[unset, waiters=2]}.
     *
     * @return the state
     */
    @Override
    public String toString() {
        return "Event[" + (value ? "set" : "unset") + (waiters.isEmpty() ? "]" : ", waiters=" + waiters.size() + "]");
    }
}
