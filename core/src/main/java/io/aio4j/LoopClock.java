package io.aio4j;

/**
 * The loop's notion of time and of waiting for it. The real clock reads {@link System#nanoTime()} and parks;
 * the virtual clock (for tests) jumps to the next deadline instead of waiting for it whenever the loop is idle.
 * Times are nanoseconds on one JVM-wide scale, so deadlines from different loops compare.
 */
abstract class LoopClock {
    /** All loops measure from here, so that {@link EventLoop#time()} stays small and precise as a double. */
    private static final long EPOCH = System.nanoTime();

    abstract long nanoTime();

    /**
     * Waits until {@code deadlineNanos} (or forever when it is {@link Long#MAX_VALUE}) or until
     * {@code inbox} has work, whichever comes first.
     */
    abstract void idleWait(Inbox inbox, long deadlineNanos);

    double toSeconds(long nanos) {
        return (nanos - EPOCH) / 1e9;
    }

    long fromSeconds(double seconds) {
        double nanos = seconds * 1e9;
        if (nanos >= Long.MAX_VALUE - (double) EPOCH) {
            return Long.MAX_VALUE;
        }
        return EPOCH + (long) nanos;
    }

    static final class Real extends LoopClock {
        @Override
        long nanoTime() {
            return System.nanoTime();
        }

        @Override
        void idleWait(Inbox inbox, long deadlineNanos) {
            if (deadlineNanos == Long.MAX_VALUE) {
                inbox.awaitWork(Inbox.FOREVER);
                return;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) { // an overdue timer must not turn into an endless wait
                inbox.awaitWork(left);
            }
        }
    }

    /**
     * Virtual time: starts at the real time of creation and moves only when the loop is idle with a timer
     * pending, straight to that timer. A loop with nothing to do and no timer still waits (really) for
     * threadsafe callbacks.
     */
    static final class Virtual extends LoopClock {
        private long now = System.nanoTime();

        @Override
        long nanoTime() {
            return now;
        }

        @Override
        void idleWait(Inbox inbox, long deadlineNanos) {
            if (deadlineNanos == Long.MAX_VALUE) {
                inbox.awaitWork(Inbox.FOREVER);
            } else if (!inbox.hasWork() && deadlineNanos > now) {
                now = deadlineNanos;
            }
        }

        void advance(long nanos) {
            now += nanos;
        }
    }

}
