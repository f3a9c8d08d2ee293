package io.aio4j;

/**
 * {@link Queue#putNowait} found the queue full.
 *
 * <p>An {@link IllegalStateException}, what {@link java.util.Queue#add} throws for the same mistake.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.QueueFull} (queues.py).</dd></dl>
 */
public class QueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the queue
     */
    public QueueFullException(String message) {
        super(message);
    }
}
