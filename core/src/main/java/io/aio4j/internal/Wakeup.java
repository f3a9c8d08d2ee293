package io.aio4j.internal;

import io.aio4j.Future;

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
}
