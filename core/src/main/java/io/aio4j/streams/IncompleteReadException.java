package io.aio4j.streams;

/**
 * The stream ended before a read got what it asked for: {@link StreamReader#readexactly} reached the end before
 * {@link #expected()} bytes, or {@link StreamReader#readuntil} before the separator. The bytes that did arrive are
 * in {@link #partial()} and are no longer in the reader.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.IncompleteReadError} (with {@code partial} and {@code expected});
 * unchecked here, so that it passes through coroutine bodies and lambdas undeclared.</dd></dl>
 */
public final class IncompleteReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What arrived before the end; not a copy shared with the reader. */
    private final byte[] partial;
    /** How many bytes the read wanted, or -1 when it wanted a separator. */
    private final long expected;

    /**
     * Creates the exception.
     *
     * @param partial  the bytes read before the end of the stream
     * @param expected how many bytes were wanted, or -1 for "up to a separator" (asyncio's {@code None})
     * @throws NullPointerException if {@code partial} is null
     */
    public IncompleteReadException(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : Long.toString(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes read before the stream ended.
     * <dl><dt>asyncio</dt><dd>{@code IncompleteReadError.partial}.</dd></dl>
     *
     * @return the partial data (the array itself, not a copy)
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * How many bytes the read wanted.
     * <dl><dt>asyncio</dt><dd>{@code IncompleteReadError.expected}; -1 stands for {@code None}.</dd></dl>
     *
     * @return the expected count, or -1 when the read wanted a separator
     */
    public long expected() {
        return expected;
    }
}
