package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * {@link Async#waitFor}: awaits an awaitable under a {@link Timeout}. On expiry the awaited work is cancelled,
 * that cancellation is awaited, and only then is {@link AsyncTimeoutException} thrown; a value that the work
 * returns after swallowing the cancellation is returned instead.
 *
 * <p>A coroutine runs inline in the calling task, inside the timeout scope (Python 3.12+); a future or task is
 * awaited, so the timeout's cancellation of the caller cancels it. A zero or negative timeout is special-cased as
 * in asyncio: a done awaitable's result is returned, anything else is cancelled without being given a chance to
 * start (a coroutine becomes a task that is cancelled before its first step).
 * <dl><dt>asyncio</dt><dd>{@code asyncio.wait_for(aw, timeout)} and {@code _cancel_and_wait} (tasks.py, 3.12+).
 * </dd></dl>
 */
final class WaitFor {
    private WaitFor() {}

    /** Implements {@link Async#waitFor}. */
    static <T> T waitFor(Awaitable<T> awaitable, Duration timeout) {
        String method = "Async.waitFor()";
        Checks.notNull(awaitable, "awaitable");
        Checks.notNull(timeout, "timeout");
        EventLoop loop = RunningLoop.currentTask(method).loop;
        if (timeout.isZero() || timeout.isNegative()) {
            Future<T> fut = EnsureFuture.ensureFuture(awaitable, loop, method);
            if (fut.done()) {
                return fut.result();
            }
            cancelAndWait(fut);
            try {
                return fut.result();
            } catch (CancellationException e) {
                throw new AsyncTimeoutException(method + " timed out: the timeout was " + timeout
                        + ", and the awaitable was not done; it has been cancelled", e);
            }
        }
        Timeout scope = new Timeout(loop, loop.time() + Timeout.seconds(timeout));
        return scope.run(awaitable::await);
    }

    /**
     * Cancels {@code fut} and waits until it is done, through a separate waiter so that this wait stays
     * cancellable even when {@code fut} ignores the cancellation (asyncio's {@code _cancel_and_wait}).
     */
    static void cancelAndWait(Future<?> fut) {
        Future<Void> waiter = fut.loop.createFuture();
        Consumer<Future<?>> release = f -> {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        };
        fut.addDoneCallback(release);
        try {
            fut.cancel();
            waiter.await();
        } finally {
            fut.removeDoneCallback(release);
        }
    }
}
