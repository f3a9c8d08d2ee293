package io.aio4j.internal;

/** Tuning numbers of the loop, each with the reason for its value. */
public final class Constants {
    private Constants() {}

    /**
     * Below this many queued timers a cancelled one is only dropped when it reaches the head of the heap:
     * rebuilding a small heap costs more than carrying a few dead entries (asyncio's value).
     */
    public static final int MIN_TIMERS_FOR_COMPACTION = 100;

    /**
     * When more than this fraction of queued timers are cancelled, the heap is rebuilt without them, so that a
     * program that keeps re-arming long timeouts (e.g. {@code wait_for} in a loop) does not grow the heap
     * without bound (asyncio's value).
     */
    public static final double CANCELLED_TIMER_FRACTION_FOR_COMPACTION = 0.5;

    /**
     * A timer due within this much of now runs in this iteration rather than after one more idle wait: the
     * platform's timed park is not finer than this, and asyncio adds its clock resolution the same way.
     */
    public static final long CLOCK_RESOLUTION_NANOS = 1_000;

    /** asyncio's default for {@code loop.slow_callback_duration}: 0.1 s. */
    public static final long DEFAULT_SLOW_CALLBACK_NANOS = 100_000_000L;

    /**
     * How many finished virtual-thread strands a loop keeps parked for reuse by the next task that needs one.
     * Starting a virtual thread allocates its continuation and stack; reusing a parked one costs one handoff.
     * A handful covers bursts of short-lived tasks without pinning memory in idle loops.
     */
    public static final int IDLE_STRANDS_KEPT = 16;
}
