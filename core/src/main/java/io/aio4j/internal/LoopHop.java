package io.aio4j.internal;

import io.aio4j.EventLoop;

/**
 * How the reactive adapters get onto a loop from a signal that may arrive on any thread (DESIGN §5: every signal
 * crosses threads through {@code callSoonThreadsafe}). A signal that already arrives on the loop runs at once, so
 * a value that is already there never costs a loop iteration or a task switch.
 */
public final class LoopHop {
    private LoopHop() {}

    /**
     * Runs {@code action} on {@code loop}: now if the calling thread is running the loop, else through
     * {@link EventLoop#callSoonThreadsafe(Runnable)}.
     *
     * @return false if the loop is closed and {@code action} was not run: the caller decides what a signal that
     *         can no longer reach the loop becomes
     */
    public static boolean run(EventLoop loop, Runnable action) {
        if (loop.inEventLoop()) {
            action.run();
            return true;
        }
        try {
            loop.callSoonThreadsafe(action);
            return true;
        } catch (IllegalStateException closed) {
            if (!loop.isClosed()) {
                throw closed;
            }
            return false;
        }
    }
}
