package io.aio4j;

/**
 * A callback scheduled for a point in loop time by {@link EventLoop#callLater} or {@link EventLoop#callAt}.
 * <p>Timers with the same deadline run in the order they were scheduled. A timer becomes due between loop
 * iterations: it joins the ready queue behind what is already there.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.TimerHandle} (events.py).</dd>
 *   <dt>Threading</dt><dd>on the loop only.</dd>
 * </dl>
 */
public final class TimerHandle extends Handle {
    final long deadlineNanos;
    /** Tie-breaker so that equal deadlines run in scheduling order. */
    final long sequence;
    /** Whether the loop's timer queue still holds this handle (it counts cancelled entries). */
    boolean queued;

    TimerHandle(EventLoop loop, Runnable callback, Object context, long deadlineNanos, long sequence) {
        super(loop, callback, context);
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
    }

    /**
     * The loop time, in seconds on the scale of {@link EventLoop#time()}, at which the callback is due.
     * <dl><dt>asyncio</dt><dd>{@code TimerHandle.when()}.</dd></dl>
     *
     * @return the deadline in loop seconds
     */
    public double when() {
        return loop.clock.toSeconds(deadlineNanos);
    }

    /**
     * Keeps the callback from running and lets the loop drop it from its timer queue.
     * <dl><dt>asyncio</dt><dd>{@code TimerHandle.cancel()}.</dd></dl>
     */
    @Override
    public void cancel() {
        if (!cancelled()) {
            super.cancel();
            loop.timers.onCancelled(this);
        }
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when() + ", " + callback + (cancelled() ? ", cancelled]" : "]");
    }
}
