package io.aio4j;

import java.util.NoSuchElementException;

/**
 * {@link Queue#getNowait()} found the queue empty.
 *
 * <p>A {@link NoSuchElementException}, what {@link java.util.Queue#remove()} throws for the same mistake.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.QueueEmpty} (queues.py).</dd></dl>
 */
public class QueueEmptyException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the queue
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
