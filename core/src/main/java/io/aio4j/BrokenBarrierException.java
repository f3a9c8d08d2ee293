package io.aio4j;

/**
 * A {@link Barrier} was aborted, or reset while the task was waiting in it.
 *
 * <p>Unchecked, unlike {@link java.util.concurrent.BrokenBarrierException} (same meaning, same simple name):
 * it crosses {@code await} like every other aio4j failure, without a {@code CompletionException} wrapper.
 * Extends {@link IllegalStateException} as asyncio's extends {@code RuntimeError}.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.BrokenBarrierError} (exceptions.py).</dd></dl>
 */
public class BrokenBarrierException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what broke the barrier, naming it and its state
     */
    public BrokenBarrierException(String message) {
        super(message);
    }
}
