package io.aio4j;

/**
 * What the loop knows about an error that has no receiver: the argument of an {@link ExceptionHandler}.
 *
 * <p>Only {@code message} is always present; the other components are {@code null} when they do not apply.
 * <dl><dt>asyncio</dt><dd>the {@code context} dict of {@code loop.call_exception_handler(context)}, with its
 * keys {@code message}, {@code exception}, {@code future}/{@code task}, {@code handle} and
 * {@code source_traceback}.</dd></dl>
 *
 * @param message         what happened, e.g. "Task exception was never retrieved"
 * @param exception       the error, or null
 * @param future          the future or task concerned, or null
 * @param handle          the callback handle concerned, or null
 * @param sourceTraceback in debug mode, where the future or task concerned was created: a throwable that is only
 *                        a carrier for that stack (never thrown); null outside debug mode
 */
public record ExceptionContext(String message, Throwable exception, Future<?> future, Handle handle,
                               Throwable sourceTraceback) {
    /**
     * Creates a context.
     *
     * @throws NullPointerException if {@code message} is null
     */
    public ExceptionContext {
        io.aio4j.internal.Checks.notNull(message, "message");
    }

    /**
     * Creates a context whose {@link #sourceTraceback()} is the creation site of {@code future}, recorded if its
     * loop was in debug mode when it was created.
     *
     * @param message   what happened
     * @param exception the error, or null
     * @param future    the future or task concerned, or null
     * @param handle    the callback handle concerned, or null
     * @throws NullPointerException if {@code message} is null
     */
    public ExceptionContext(String message, Throwable exception, Future<?> future, Handle handle) {
        this(message, exception, future, handle, future == null ? null : future.createdAt());
    }

    /**
     * A context with only a message and an exception.
     *
     * @param message   what happened
     * @param exception the error, or null
     * @return the context
     */
    public static ExceptionContext of(String message, Throwable exception) {
        return new ExceptionContext(message, exception, null, null);
    }

    /**
     * The task concerned: {@link #future()} when it is a task, else null.
     *
     * @return the task or null
     */
    public Task<?> task() {
        return future instanceof Task<?> t ? t : null;
    }
}
