package io.aio4j;

/**
 * Receives the errors that have nowhere else to go: a callback that threw, a future's exception that was never
 * retrieved, a task collected while still pending. See {@link EventLoop#setExceptionHandler(ExceptionHandler)}.
 * <dl>
 *   <dt>asyncio</dt><dd>the handler of {@code loop.set_exception_handler(handler)}.</dd>
 *   <dt>Threading</dt><dd>called on the loop, except for reports that arrive after the loop was closed.</dd>
 * </dl>
 */
@FunctionalInterface
public interface ExceptionHandler {
    /**
     * Handles one report. An exception thrown from here is logged and otherwise ignored.
     *
     * @param loop    the loop that received the report
     * @param context what happened
     */
    void handle(EventLoop loop, ExceptionContext context);
}
