package io.aio4j;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Callbacks handed to the loop from other threads ({@link EventLoop#callSoonThreadsafe}), the loop's I/O readiness
 * events, and the wake-up of an idle loop. The loop drains it into its ready queue once per iteration.
 *
 * <p>The idle wait is a Dekker handshake on two volatile locations: the waiter publishes itself in
 * {@link #idleWaiter} and then re-checks the queue; a producer enqueues and then reads {@link #idleWaiter}. One of
 * the two always sees the other, so no wake-up is lost.
 *
 * <p>I/O (asyncio's selector in {@code _run_once}): once the loop watches a channel, the {@link LoopSelector} is
 * created and the idle wait becomes its {@code select(timeout)}; the waiter then publishes the selector instead of
 * its thread, and a producer wakes it with {@link LoopSelector#wakeup()} instead of an unpark (the selector's
 * wake-up is sticky: one that arrives before the select makes it return at once). Every drain also collects the
 * ready channels, polling without waiting when the loop did not just select, so readiness callbacks join the ready
 * queue in the same iteration as asyncio's events, before the due timers. A loop that never watched a channel
 * pays one plain null check per iteration for all this.
 */
final class Inbox {
    /** The timeout of {@link #awaitWork} that means no timeout. */
    static final long FOREVER = Long.MAX_VALUE;

    private final ConcurrentLinkedQueue<Handle> queue = new ConcurrentLinkedQueue<>();
    /** Null, or what wakes the idle loop: its parked {@link Thread}, or its {@link LoopSelector}. */
    private volatile Object idleWaiter;
    /** The I/O watcher, made on first use; read and written on the loop only. */
    private LoopSelector io;

    void add(Handle handle) {
        queue.add(handle);
        Object waiter = idleWaiter;
        if (waiter != null) {
            wake(waiter);
        }
    }

    private static void wake(Object waiter) {
        if (waiter instanceof LoopSelector selector) {
            selector.wakeup();
        } else {
            LockSupport.unpark((Thread) waiter);
        }
    }

    boolean hasWork() {
        return !queue.isEmpty();
    }

    /** Moves everything queued so far to {@code ready}, in arrival order, then the channels that are ready. */
    void drainTo(ArrayDeque<Object> ready) {
        Handle h;
        while ((h = queue.poll()) != null) {
            ready.add(h);
        }
        if (io != null) {
            io.drainTo(ready);
        }
    }

    /**
     * Waits until work arrives or {@code timeoutNanos} (> 0, or {@link #FOREVER}) passes: parks the calling thread,
     * or, once the loop watches channels, selects (which also ends when a channel becomes ready). Spurious wake-ups
     * just go round the loop again.
     */
    void awaitWork(long timeoutNanos) {
        if (io != null) {
            selectForWork(timeoutNanos);
            return;
        }
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

    /**
     * One select: unlike a park, it returns for I/O too, and the loop must then run the ready channels' callbacks
     * rather than wait again. On JDK 22+ a virtual thread (the baton holder of the virtual-thread backend) that
     * selects parks instead of pinning its carrier; on JDK 21 it pins it for the wait, compensated by the
     * scheduler.
     */
    private void selectForWork(long timeoutNanos) {
        idleWaiter = io;
        try {
            if (queue.isEmpty()) {
                io.select(timeoutNanos);
            }
        } finally {
            idleWaiter = null;
        }
    }

    /** The loop's I/O watcher, created on first use. Loop only. */
    LoopSelector io() {
        LoopSelector s = io;
        if (s == null) {
            s = new LoopSelector();
            io = s;
        }
        return s;
    }

    /** The I/O watcher if one was made, else null. Loop only. */
    LoopSelector ioIfAny() {
        return io;
    }

    /** Moves the queued callbacks (not the I/O) to {@code out}: the loop is closing and will never run them. */
    void drainHandlesTo(java.util.List<Object> out) {
        Handle h;
        while ((h = queue.poll()) != null) {
            out.add(h);
        }
    }

    /** Takes {@code handle} back out if nobody drained it yet; true if it was still queued. */
    boolean remove(Handle handle) {
        return queue.remove(handle);
    }

    /** Closes the I/O watcher and every channel it watches (the loop is closing); returns what failed. */
    java.util.List<java.io.IOException> closeIo() {
        LoopSelector s = io;
        if (s == null) {
            return java.util.List.of();
        }
        io = null;
        return s.close();
    }
}
