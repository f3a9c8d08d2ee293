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
     *
     * @return false when the loop should stop instead, because a test driver runs it only until it is idle
     *         ({@link VirtualTimeLoop}); the real clock always returns true
     */
    abstract boolean idleWait(Inbox inbox, long deadlineNanos);

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
        boolean idleWait(Inbox inbox, long deadlineNanos) {
            if (deadlineNanos == Long.MAX_VALUE) {
                inbox.awaitWork(Inbox.FOREVER);
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) { // an overdue timer must not turn into an endless wait
                inbox.awaitWork(left);
            }
            return true;
        }
    }

    /**
     * Virtual time: starts at the real time of creation and moves only when the loop is idle with a timer
     * pending, straight to that timer. Left to itself ({@link EventLoop#runForever}), a loop with nothing to do
     * and no timer still waits (really) for threadsafe callbacks; driven by {@link VirtualTimeLoop}, it stops
     * there instead, and never lets time pass {@link #limit}.
     */
    static final class Virtual extends LoopClock {
        private long now = System.nanoTime();
        /** Idle time never goes past this: {@link VirtualTimeLoop#advanceTimeBy}'s target. */
        private long limit = Long.MAX_VALUE;
        /** Whether an idle loop stops rather than waits: set while {@link VirtualTimeLoop} drives it. */
        private boolean stopWhenIdle;

        @Override
        long nanoTime() {
            return now;
        }

        @Override
        boolean idleWait(Inbox inbox, long deadlineNanos) {
            if (inbox.hasWork() || deadlineNanos <= now) {
                return true; // work to do now: a threadsafe callback or an overdue timer
            }
            if (deadlineNanos <= limit) {
                if (deadlineNanos != Long.MAX_VALUE) {
                    now = deadlineNanos;
                    return true;
                }
                if (!stopWhenIdle) {
                    inbox.awaitWork(Inbox.FOREVER);
                    return true;
                }
                return false;
            }
            // The next timer lies beyond the limit: everything up to it has run.
            now = limit;
            return !stopWhenIdle;
        }

        /** Moves time by {@code nanos} at once, as a stretch of CPU-bound code would. */
        void advance(long nanos) {
            now += nanos;
        }

        /**
         * Lets the loop run as a test driver: idle time stops at {@code limitNanos} ({@link Long#MAX_VALUE}: no
         * limit), and an idle loop stops instead of waiting.
         */
        void drive(long limitNanos) {
            limit = limitNanos;
            stopWhenIdle = true;
        }

        /** Back to free-running: what {@link EventLoop#runForever} does with a virtual loop by itself. */
        void release() {
            limit = Long.MAX_VALUE;
            stopWhenIdle = false;
        }
    }

}
