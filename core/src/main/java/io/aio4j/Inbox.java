package io.aio4j;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Callbacks handed to the loop from other threads ({@link EventLoop#callSoonThreadsafe}), and the wake-up of an
 * idle loop. The loop drains it into its ready queue once per iteration.
 *
 * <p>The idle wait is a Dekker handshake on two volatile locations: the waiter publishes itself in
 * {@link #idleWaiter} and then re-checks the queue; a producer enqueues and then reads {@link #idleWaiter}. One of
 * the two always sees the other, so no wake-up is lost.
 */
final class Inbox {
    /** The timeout of {@link #awaitWork} that means no timeout. */
    static final long FOREVER = Long.MAX_VALUE;

    private final ConcurrentLinkedQueue<Handle> queue = new ConcurrentLinkedQueue<>();
    private volatile Thread idleWaiter;

    void add(Handle handle) {
        queue.add(handle);
        Thread waiter = idleWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }

    boolean hasWork() {
        return !queue.isEmpty();
    }

    /** Moves everything queued so far to {@code ready}, in arrival order. */
    void drainTo(java.util.ArrayDeque<Object> ready) {
        Handle h;
        while ((h = queue.poll()) != null) {
            ready.add(h);
        }
    }

    /**
     * Parks the calling thread until work arrives or {@code timeoutNanos} (> 0, or {@link #FOREVER}) passes.
     * Spurious wake-ups just go round the loop again.
     */
    void awaitWork(long timeoutNanos) {
        boolean forever = timeoutNanos == FOREVER;
        long deadline = forever ? 0 : System.nanoTime() + timeoutNanos;
        idleWaiter = Thread.currentThread();
        try {
            while (queue.isEmpty()) {
                if (forever) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            idleWaiter = null;
        }
    }

    void clear() {
        queue.clear();
    }
}
