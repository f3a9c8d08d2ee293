package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;

/**
 * The tasks waiting to read from (or write to) one channel, served first come, first served: asyncio's
 * {@code sock_recv}/{@code sock_sendto} pattern of "try now, else wait for readiness and try again", for several
 * waiters at once.
 *
 * <p>The channel is watched only while a task waits. Readiness wakes the first waiter that is not already woken
 * and stops the watch; that waiter tries again when it runs, and when it leaves (done, failed or cancelled) the
 * watch resumes for the next one. So no readiness is consumed by a task that will not use it, and a cancelled waiter
 * took nothing from the socket. Loop only.
 */
final class ReadinessQueue {
    /** One non-blocking attempt: the result, or null when the channel is not ready after all. */
    @FunctionalInterface
    interface Attempt<T> {
        T tryOnce() throws IOException;
    }

    /** A waiting task's wake-up; replaced each time the task has to wait again. */
    private static final class Waiter {
        Future<Void> wake;
    }

    private final EventLoop loop;
    private final SelectableChannel channel;
    private final boolean reading;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Runnable onReady = this::onReady;
    private boolean watching;
    private boolean closed;

    /**
     * @param reading true to wait for readability (a reader callback), false for writability
     */
    ReadinessQueue(EventLoop loop, SelectableChannel channel, boolean reading) {
        this.loop = loop;
        this.channel = channel;
        this.reading = reading;
    }

    /**
     * Runs {@code attempt} now if nobody is waiting ahead, else (or if it finds the channel not ready) waits for
     * this caller's turn and readiness, and tries again, until it succeeds or throws.
     *
     * @throws AsynchronousCloseException if {@link #closed()} is called while the caller waits
     */
    <T> T take(Attempt<T> attempt) throws IOException {
        if (waiters.isEmpty()) {
            T result = attempt.tryOnce();
            if (result != null) {
                return result;
            }
        }
        Waiter me = new Waiter();
        me.wake = loop.createFuture();
        waiters.add(me);
        updateWatch();
        try {
            while (true) {
                me.wake.await();
                if (closed) {
                    throw new AsynchronousCloseException();
                }
                T result = attempt.tryOnce();
                if (result != null) {
                    return result;
                }
                me.wake = loop.createFuture(); // another waiter or a spurious readiness got there first
                updateWatch();
            }
        } finally {
            waiters.remove(me);
            updateWatch();
        }
    }

    private void onReady() {
        stopWatching();
        for (Waiter w : waiters) {
            if (!w.wake.done()) {
                w.wake.setResult(null);
                return;
            }
        }
    }

    /** Watches the channel while a task waits, and only then. */
    private void updateWatch() {
        if (closed) {
            return;
        }
        if (!waiters.isEmpty() && !watching) {
            watching = true;
            if (reading) {
                loop.addReader(channel, onReady);
            } else {
                loop.addWriter(channel, onReady);
            }
        } else if (waiters.isEmpty() && watching) {
            stopWatching();
        }
    }

    private void stopWatching() {
        watching = false;
        if (reading) {
            loop.removeReader(channel);
        } else {
            loop.removeWriter(channel);
        }
    }

    /** The channel is being closed: stop watching, and wake every waiter to throw. */
    void closed() {
        if (watching) {
            stopWatching();
        }
        closed = true;
        for (Waiter w : waiters) {
            if (!w.wake.done()) {
                w.wake.setResult(null);
            }
        }
    }

    /** How many tasks wait, for toString(). */
    int size() {
        return waiters.size();
    }
}
