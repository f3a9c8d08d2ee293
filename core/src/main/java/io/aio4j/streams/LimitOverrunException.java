package io.aio4j.streams;

/**
 * A read looking for a separator saw more than the reader's limit without finding it (or found it beyond the
 * limit). {@link StreamReader#readuntil} leaves the data in the reader; {@link #consumed()} says how many bytes the
 * caller would have to consume to get past the examined part.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.LimitOverrunError} (with {@code consumed}); unchecked here.</dd></dl>
 */
public final class LimitOverrunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /**
     * Creates the exception.
     *
     * @param message  what went wrong
     * @param consumed how many bytes were examined (asyncio's {@code consumed})
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * How many bytes were examined: the length to consume to get past them.
     * <dl><dt>asyncio</dt><dd>{@code LimitOverrunError.consumed}.</dd></dl>
     *
     * @return the consumed count
     */
    public int consumed() {
        return consumed;
    }
}
