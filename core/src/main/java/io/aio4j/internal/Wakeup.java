package io.aio4j.internal;

import io.aio4j.Future;
import java.util.function.Consumer;

/**
 * The wake-up futures that a task parks on while it waits for something a callback or another task provides (an
 * item, demand, an outcome). One rule, kept in one place: the waiting task's cancellation cancels the future it
 * awaits, and the provider may come along before that task has resumed, so a wake-up that is already done must be
 * left alone (completing it would throw {@link io.aio4j.InvalidStateException} into the provider).
 */
public final class Wakeup {
    private Wakeup() {}

    /**
     * Wakes the task waiting on {@code waiting}, if any is still waiting.
     *
     * @param waiting the wake-up future, or null when nobody waits
     */
    public static void wake(Future<Void> waiting) {
        if (waiting != null && !waiting.done()) {
            waiting.setResult(null);
        }
    }

    /**
     * A done callback that wakes the task waiting on {@code waiting} when the future it is added to completes, and
     * does nothing else. A future runs it inside the call that completes it ({@code setResult},
     * {@code setException}, {@code cancel}), as it schedules a task that awaits it directly, instead of through
     * {@code callSoon} like other done callbacks: the woken task then resumes in the next iteration, not one
     * later. That is safe only because it runs no code but {@link #wake}, which is why this class is final and the
     * future recognises no other callback this way.
     *
     * <p>For a task that waits on a future of its own (so that its cancellation reaches that wake-up future, not
     * the watched one) yet must resume as soon as the watched future completes.
     *
     * @param waiting the wake-up future the task awaits
     * @return the callback, to pass to {@link Future#addDoneCallback} (and {@link Future#removeDoneCallback})
     */
    public static Relay relay(Future<Void> waiting) {
        return new Relay(waiting);
    }

    /** See {@link #relay(Future)}. */
    public static final class Relay implements Consumer<Future<?>> {
        private final Future<Void> waiting;

        private Relay(Future<Void> waiting) {
            this.waiting = waiting;
        }

        @Override
        public void accept(Future<?> done) {
            wake(waiting);
        }

        @Override
        public String toString() {
            return "Wakeup.relay(" + waiting + ")";
        }
    }
}
