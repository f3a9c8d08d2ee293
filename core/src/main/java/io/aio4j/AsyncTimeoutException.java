package io.aio4j;

/**
 * An operation did not finish in time: {@link Async#waitFor}, a {@link Timeout} scope, or an
 * {@link Async#asCompleted(java.util.Collection, java.time.Duration)} iteration whose limit passed.
 *
 * <p>The work that timed out was cancelled (except for {@code asCompleted}, which cancels nothing); the
 * {@link java.util.concurrent.CancellationException} that unwound it is this exception's {@linkplain #getCause()
 * cause} when there was one, like asyncio's {@code raise TimeoutError from exc}.
 * <dl><dt>asyncio</dt><dd>{@code TimeoutError} (builtins; {@code asyncio.TimeoutError} is an alias since 3.11).
 * Unchecked here, so that it passes through coroutine bodies and lambdas undeclared.</dd></dl>
 */
public class AsyncTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out, and when
     */
    public AsyncTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the cancellation that unwound the work.
     *
     * @param message what timed out, and when
     * @param cause   the {@link java.util.concurrent.CancellationException} the timeout caused, or null
     */
    public AsyncTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
