package io.aio4j;

/**
 * Options of {@link Async#gather(GatherOptions, Awaitable[])}: asyncio's keyword arguments of {@code gather}.
 * {@snippet :
 * List<Object> outcomes = Async.gather(GatherOptions.RETURN_EXCEPTIONS, fetchA, fetchB).await();
 * for (Object o : outcomes) {
 *     if (o instanceof Throwable error) {
 *         log(error); // a failure or a CancellationException, in the list instead of thrown
 *     }
 * }
 * }
 * <dl><dt>asyncio</dt><dd>{@code asyncio.gather(*aws, return_exceptions=...)}.</dd></dl>
 */
public enum GatherOptions {
    /**
     * {@code return_exceptions=True}: a child's exception, or a {@link java.util.concurrent.CancellationException}
     * for a cancelled child, takes the child's place in the result list instead of failing the gather.
     */
    RETURN_EXCEPTIONS
}
