package io.aio4j;

import io.aio4j.internal.Checks;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon(Runnable)} or
 * {@link EventLoop#callSoonThreadsafe(Runnable)}; {@link #cancel()} keeps it from running.
 * <p>Lifecycle: scheduled -> run once | cancelled. A callback that throws is reported to the loop's
 * {@linkplain EventLoop#setExceptionHandler exception handler} and the loop goes on.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Handle} (events.py).</dd>
 *   <dt>Threading</dt><dd>{@link #cancel()} on the loop, except for handles returned by
 *   {@link EventLoop#callSoonThreadsafe}, which may be cancelled from any thread.</dd>
 * </dl>
 */
public class Handle {
    final EventLoop loop;
    final Runnable callback;
    /**
     * What the callback runs in: a {@link ContextMap} snapshot (run in a copy, asyncio's default
     * {@code copy_context()}), a {@link Context} given explicitly (run in it, so its sets land there), or null
     * for the loop's own callbacks, which touch no context variable.
     */
    final Object context;
    /** Volatile because a threadsafe handle may be cancelled from another thread than the one that runs it. */
    private volatile boolean cancelled;

    Handle(EventLoop loop, Runnable callback, Object context) {
        this.loop = loop;
        this.callback = Checks.notNull(callback, "callback");
        this.context = context;
    }

    /**
     * Keeps the callback from running. Does nothing if it already ran or was cancelled.
     * <dl><dt>asyncio</dt><dd>{@code Handle.cancel()}.</dd></dl>
     */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Whether {@link #cancel()} was called.
     * <dl><dt>asyncio</dt><dd>{@code Handle.cancelled()}.</dd></dl>
     *
     * @return true if cancelled
     */
    public boolean cancelled() {
        return cancelled;
    }

    /** Runs the callback unless cancelled; an exception goes to the loop's handler. Called by the loop only. */
    void run() {
        if (cancelled) {
            return;
        }
        try {
            callback.run();
        } catch (Throwable t) {
            loop.callExceptionHandler(new ExceptionContext(
                    "Exception in callback " + callback, t, null, this));
        }
    }

    @Override
    public String toString() {
        return "Handle[" + callback + (cancelled ? ", cancelled]" : "]");
    }
}
