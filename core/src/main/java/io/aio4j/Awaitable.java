package io.aio4j;

/**
 * Something a task can wait for: asyncio's {@code __await__} protocol.
 *
 * <p>{@link Future} and {@link Task} implement it (done: return or throw at once, without suspending; not done:
 * suspend the calling task until it is), and so does {@link Coroutine} (its body runs inline on the calling
 * task, like {@code await coro()} in Python). A custom awaitable, a database driver's query or a reactive
 * adapter, implements {@link #await()} by creating a loop future with {@link EventLoop#createFuture()},
 * arranging for it to be completed through {@link EventLoop#callSoonThreadsafe(Runnable)}, and awaiting it;
 * it should cancel its foreign operation when that future is cancelled.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code await aw}: any object with {@code __await__}.</dd>
 *   <dt>Threading</dt><dd>{@link #await()} only from a task of a running loop.</dd>
 * </dl>
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface Awaitable<T> {
    /**
     * Waits, suspending the calling task if needed, and returns the result.
     *
     * <p>Exceptions keep their identity: an unchecked exception or error is rethrown as the very object that
     * was raised; a checked exception arrives wrapped in {@link java.util.concurrent.CompletionException}.
     *
     * @return the result
     * @throws java.util.concurrent.CancellationException if what was awaited, or the calling task, was
     *         cancelled (asyncio's {@code CancelledError})
     * @throws IllegalStateException if not called from a task of a running loop
     */
    T await();
}
