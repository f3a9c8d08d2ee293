package io.aio4j;

import java.util.concurrent.CancellationException;

/**
 * Lets a fixed number of tasks ({@link #parties()}) wait for each other: each {@link #await()} suspends until
 * the last party arrives, then all of them go on. The barrier can be used again right after.
 *
 * <p>Lifecycle: FILLING (tasks arrive and wait) -> DRAINING (the last one arrived; the waiters leave; newcomers
 * wait until all have left) -> FILLING ... {@link #reset()} goes through RESETTING (waiters fail with
 * {@link BrokenBarrierException}) back to FILLING; {@link #abort()} makes it BROKEN for good.
 * {@snippet :
 * Barrier ready = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     Async.createTask(() -> {
 *         prepare();
 *         int arrival = ready.await();      // 0, 1, 2 in arrival order; all resume together
 *         return go();
 *     });
 * }
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Barrier} (locks.py). Differences: {@code wait()} is {@link #await()}
 *   ({@code wait} is final in {@link Object}); {@code async with barrier as i} is
 *   {@code int i = barrier.await()} (its exit does nothing, so there is no try-with-resources form);
 *   {@code n_waiting} is {@link #nWaiting()}; errors are {@link BrokenBarrierException} (unchecked) and
 *   {@link IllegalArgumentException} for a bad party count.</dd>
 *   <dt>Threading</dt><dd>On the loop only; {@link #await()}, {@link #reset()} and {@link #abort()} from a task
 *   of it, which they may suspend. Bound to the loop of its first wait, as its internal {@link Condition}.</dd>
 *   <dt>Cancellation</dt><dd>A task cancelled while waiting leaves the barrier (the parties that arrived count
 *   one fewer) and gets {@link CancellationException}; the barrier does not break. A task cancelled after
 *   the barrier opened gets {@link CancellationException} too, and the others pass all the same.</dd>
 * </dl>
 */
public final class Barrier {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    /** Signalled whenever the state changes. */
    private final Condition condition = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** Tasks inside {@link #await()}: waiting while FILLING, leaving while DRAINING or RESETTING. */
    private int count;

    /**
     * Creates a barrier for {@code parties} tasks.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.Barrier(parties)}.</dd></dl>
     *
     * @param parties how many tasks must arrive before they all go on, {@code >= 1}
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1 but was " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} tasks have arrived, then returns this task's arrival index, from 0 for the
     * first to {@code parties - 1} for the one that released the others. While the barrier drains or resets,
     * waits for that to end before counting as an arrival.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await barrier.wait()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException}
     *   and withdraws its arrival; the barrier is not broken.</dd>
     * </dl>
     *
     * @return the arrival index, {@code 0 <= index < parties}
     * @throws BrokenBarrierException if the barrier is broken or was aborted or reset while waiting
     * @throws CancellationException  if the calling task was cancelled while waiting
     * @throws IllegalStateException  if not called from a task, or the barrier is bound to another loop
     */
    public int await() {
        condition.acquire();
        try {
            // Wait while the barrier drains or resets.
            condition.awaitFor(() -> state != State.DRAINING && state != State.RESETTING);
            if (state == State.BROKEN) {
                throw new BrokenBarrierException("Barrier.await() on an aborted barrier: " + this);
            }
            int index = count++;
            try {
                if (index + 1 == parties) {
                    state = State.DRAINING; // we are the last: release the others
                    condition.signalAll();
                } else {
                    condition.awaitFor(() -> state != State.FILLING);
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierException("Barrier.await(): the barrier was "
                                + (state == State.BROKEN ? "aborted" : "reset") + " while waiting: " + this);
                    }
                }
                return index;
            } finally {
                count--;
                exit();
            }
        } finally {
            condition.release();
        }
    }

    /** The last task to leave ends the draining or resetting and wakes those waiting for that. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            condition.signalAll();
        }
    }

    /**
     * Returns the barrier to its empty, filling state: tasks waiting in it fail with
     * {@link BrokenBarrierException}, and new arrivals wait until they have left. Also repairs a broken
     * barrier.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await barrier.reset()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; may suspend it briefly for the internal lock.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it waits for the internal lock ends the call with
     *   {@link CancellationException} and no effect.</dd>
     * </dl>
     *
     * @throws CancellationException if the calling task was cancelled
     * @throws IllegalStateException if it has to wait and is not called from a task
     */
    public void reset() {
        condition.acquire();
        try {
            if (count > 0) {
                state = State.RESETTING; // the waiters wake up, fail and leave; the last one out refills
            } else {
                state = State.FILLING;
            }
            condition.signalAll();
        } finally {
            condition.release();
        }
    }

    /**
     * Breaks the barrier for good: tasks waiting in it, and later {@link #await()} calls, fail with
     * {@link BrokenBarrierException} (until a {@link #reset()}).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await barrier.abort()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; may suspend it briefly for the internal lock.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it waits for the internal lock ends the call with
     *   {@link CancellationException} and no effect.</dd>
     * </dl>
     *
     * @throws CancellationException if the calling task was cancelled
     * @throws IllegalStateException if it has to wait and is not called from a task
     */
    public void abort() {
        condition.acquire();
        try {
            state = State.BROKEN;
            condition.signalAll();
        } finally {
            condition.release();
        }
    }

    /**
     * How many tasks must arrive for the barrier to open.
     * <dl><dt>asyncio</dt><dd>{@code barrier.parties}.</dd></dl>
     *
     * @return the party count
     */
    public int parties() {
        return parties;
    }

    /**
     * How many tasks are waiting for the barrier to fill; 0 while it drains, resets or is broken.
     * <dl><dt>asyncio</dt><dd>{@code barrier.n_waiting}.</dd></dl>
     *
     * @return the number of waiting tasks
     */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /**
     * Whether the barrier was aborted (and not reset since).
     * <dl><dt>asyncio</dt><dd>{@code barrier.broken}.</dd></dl>
     *
     * @return true if broken
     */
    public boolean broken() {
        return state == State.BROKEN;
    }

    /** Tasks inside {@link #await()}, whatever the state (asyncio's {@code _count}). */
    int nInside() {
        return count;
    }

    /**
     * The state, as {@code Barrier[filling, waiters=2/3]} or {@code Barrier[broken]}.
     *
     * @return the state
     */
    @Override
    public String toString() {
        String s = "Barrier[" + state.name().toLowerCase(java.util.Locale.ROOT);
        return state == State.BROKEN ? s + "]" : s + ", waiters=" + nWaiting() + "/" + parties + "]";
    }
}
