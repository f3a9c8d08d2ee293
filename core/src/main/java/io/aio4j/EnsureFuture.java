package io.aio4j;

/**
 * {@link Async#ensureFuture}: a future for any awaitable. A future or task is returned as it is; a coroutine is
 * wrapped in a new task of the running loop; any other awaitable is awaited by a new task. The combinators turn
 * their arguments into futures through here, so they all treat awaitables alike.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.ensure_future(aw)} (tasks.py).</dd></dl>
 */
final class EnsureFuture {
    private EnsureFuture() {}

    /** Implements {@link Async#ensureFuture}. */
    static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        return ensureFuture(awaitable, null, "Async.ensureFuture()");
    }

    /**
     * A future for {@code awaitable}. A future is checked to belong to {@code loop} when that is given; anything
     * else becomes a task of {@code loop}, or of the running loop when {@code loop} is null.
     *
     * @param method the public method the user called, for error messages
     */
    @SuppressWarnings("unchecked")
    static <T> Future<T> ensureFuture(Awaitable<T> awaitable, EventLoop loop, String method) {
        if (awaitable instanceof Future<?> f && loop == null) {
            return (Future<T>) f;
        }
        EventLoop target = loop != null ? loop : RunningLoop.get(method);
        return target.toFuture(awaitable, method);
    }
}
