package io.aio4j.internal;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import java.util.concurrent.CancellationException;

/**
 * A {@link LoopSubscriber} that reduces a publisher to one outcome, a value or a failure, which one task awaits:
 * the core's {@code ValueSubscriber} (first, single, last, list, completion) and the Reactor bridge's Mono awaiter.
 * The subclass settles the outcome on the loop ({@link #settle}); {@link #awaitOutcome()} creates a loop future to
 * suspend on only if the outcome is not there yet, so a publisher that signals synchronously on the loop (a
 * {@code Mono.just}, a done future) costs no future and no suspension.
 *
 * <p>Internal: public only so that the bridges' awaiting subscribers keep these rules in this one place; not part
 * of aio4j's API.
 *
 * @param <T> the type of the items
 * @param <R> the type of the outcome
 */
public abstract class OutcomeSubscriber<T, R> extends LoopSubscriber<T> {
    private boolean settled;
    private R outcome;
    private Throwable failure;
    /** What the awaiting task suspends on while the outcome is not settled; created only if it has to wait. */
    private Future<Void> waiting;
    /** The item kept by {@link #keepSingle} or {@link #keepLatest}, for the subclass to settle with. */
    private T item;
    private boolean hasItem;

    /**
     * @param loop the loop of the awaiting task, where the signals are handled
     */
    protected OutcomeSubscriber(EventLoop loop) {
        super(loop);
    }

    /**
     * Waits (suspending the calling task only if needed) for the outcome and returns it, or throws the failure as
     * an await does. If the task is cancelled meanwhile, upstream is cancelled before the exception leaves.
     *
     * @return the outcome
     */
    public final R awaitOutcome() {
        if (!settled) {
            Future<Void> w = loop.createFuture();
            waiting = w;
            try {
                w.await();
            } catch (CancellationException cancelled) {
                cancelUpstream();
                throw cancelled;
            }
        }
        if (failure != null) {
            throw Errors.rethrow(failure);
        }
        return outcome;
    }

    /**
     * Settles the outcome (on the loop) and wakes the awaiting task if it waits.
     *
     * @param result the outcome, when {@code error} is null
     * @param error  the failure, or null
     */
    protected final void settle(R result, Throwable error) {
        settled = true;
        outcome = result;
        failure = error;
        Wakeup.wake(waiting);
        waiting = null;
    }

    /**
     * Whether the outcome is settled.
     *
     * @return true after {@link #settle}
     */
    protected final boolean settled() {
        return settled;
    }

    /**
     * Whether the outcome is settled as a failure.
     *
     * @return true if {@link #settle} was given an error
     */
    protected final boolean failed() {
        return failure != null;
    }

    /**
     * Keeps {@code next} as the publisher's one item; a second item cancels upstream and fails the outcome with
     * {@link IllegalArgumentException} (a single-item await of a publisher that had more).
     *
     * @param next the item that arrived
     */
    protected final void keepSingle(T next) {
        if (hasItem) {
            cancelUpstream();
            settle(null, new IllegalArgumentException(
                    "the publisher emitted more than one item where a single one was expected"));
        } else {
            keepLatest(next);
        }
    }

    /**
     * Keeps {@code next} in place of any item kept before.
     *
     * @param next the item that arrived
     */
    protected final void keepLatest(T next) {
        item = next;
        hasItem = true;
    }

    /**
     * Whether an item was kept.
     *
     * @return true after {@link #keepSingle} or {@link #keepLatest}
     */
    protected final boolean hasItem() {
        return hasItem;
    }

    /**
     * The item kept, or null.
     *
     * @return the item
     */
    protected final T item() {
        return item;
    }
}
