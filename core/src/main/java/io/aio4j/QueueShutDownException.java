package io.aio4j;

/**
 * The {@link Queue} was shut down: {@code put} after {@link Queue#shutdown()}, or {@code get} once a shut-down
 * queue is empty.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.QueueShutDown} (queues.py, Python 3.13).</dd></dl>
 */
public class QueueShutDownException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, naming the queue
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
