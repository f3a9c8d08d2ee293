package io.aio4j;

/**
 * A {@link Future} operation is not allowed in the future's current state: its result read before it is done,
 * or a result set on a future that is already done.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.InvalidStateError}.</dd></dl>
 */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the future and its state
     */
    public InvalidStateException(String message) {
        super(message);
    }
}
