package io.aio4j.streams;

/**
 * A write transport's buffer accounting and its high/low water marks (asyncio's {@code _FlowControlMixin}): the
 * protocol is paused when more than {@code high} bytes wait to be written and resumed once no more than {@code low}
 * do, which is what {@link StreamWriter#drain()} waits on. One per write side; loop only.
 */
final class WriteFlowControl {
    /** asyncio's default high-water mark (64 KiB); the low one is a quarter of the high. */
    static final long DEFAULT_HIGH_WATER = 64 * 1024;

    private long buffered;
    private long highWater = DEFAULT_HIGH_WATER;
    private long lowWater = DEFAULT_HIGH_WATER / 4;
    private boolean protocolPaused;

    /** {@code count} more bytes wait to be written: pauses {@code protocol} above the high-water mark. */
    void added(long count, Protocol protocol) {
        buffered += count;
        if (!protocolPaused && buffered > highWater) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
    }

    /** {@code count} bytes were written: resumes {@code protocol} at or below the low-water mark. */
    void written(long count, Protocol protocol) {
        buffered -= count;
        resumeIfLow(protocol);
    }

    private void resumeIfLow(Protocol protocol) {
        if (protocolPaused && buffered <= lowWater) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
    }

    /**
     * Nothing will be written any more (the connection is lost or aborted): the count drops to zero, and a pause is
     * forgotten without resuming, so that {@code drain()} waiters wake to the loss, not to room.
     */
    void discardAll() {
        buffered = 0;
        protocolPaused = false;
    }

    /** What waits to be written now. */
    long size() {
        return buffered;
    }

    /**
     * Sets the marks and applies them at once.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setLimits(long high, long low, Protocol protocol) {
        if (high < 0 || low < 0 || low > high) {
            throw new IllegalArgumentException("write buffer limits need 0 <= low <= high but were high=" + high
                    + ", low=" + low);
        }
        highWater = high;
        lowWater = low;
        added(0, protocol);
        resumeIfLow(protocol);
    }
}
