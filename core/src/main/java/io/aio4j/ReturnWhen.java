package io.aio4j;

/**
 * When {@link Async#wait(java.util.Collection, ReturnWhen)} returns.
 * <dl><dt>asyncio</dt><dd>the {@code return_when} argument of {@code asyncio.wait}: the constants
 * {@code asyncio.FIRST_COMPLETED}, {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}.</dd></dl>
 */
public enum ReturnWhen {
    /** As soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,
    /**
     * As soon as any future finishes by raising an exception (a cancelled future does not count); when none
     * does, once all are done, as {@link #ALL_COMPLETED}.
     */
    FIRST_EXCEPTION,
    /** Once every future is done. The default. */
    ALL_COMPLETED
}
