package io.aio4j;

import io.aio4j.internal.Errors;

/**
 * Binds a synchronization primitive or queue to the event loop of its first wait: asyncio's
 * {@code mixins._LoopBoundMixin}.
 *
 * <p>Such objects are created anywhere (a field initializer, before any loop runs). The first call that has to
 * suspend binds the object to the loop running the calling task; a later wait from a task of another loop is
 * refused with an {@link IllegalStateException} naming both loops. Calls that never suspend (an uncontended
 * acquire, a release, a {@code putNowait}) neither bind nor check, as in asyncio.
 */
abstract class LoopBound {
    /** The loop of the first wait, or null before it (asyncio's {@code _loop}). */
    private EventLoop loop;

    /**
     * The loop of the calling task, for a wait that is about to suspend it (asyncio's {@code _get_loop}): checks
     * that a task of a running loop is calling, binds this object on first use and refuses any other loop.
     *
     * @param method the public method the user called, for error messages ({@code "Lock.acquire()"})
     * @return the loop running the calling task
     * @throws IllegalStateException if no task is calling, or this object is bound to another loop
     */
    final EventLoop loopForWait(String method) {
        EventLoop running = ActiveLoops.current();
        if (running == null) {
            throw Errors.awaitOutsideTask(method);
        }
        running.currentTaskOrThrow(method);
        EventLoop bound = loop;
        if (bound == null) {
            loop = running;
        } else if (bound != running) {
            throw new IllegalStateException(method + ": " + this + " is bound to a different event loop, " + bound
                    + ", than the one running this task, " + running + "; create one "
                    + getClass().getSimpleName() + " per event loop");
        }
        return running;
    }

    /** In debug mode, refuses a call from a thread that is not running the bound loop (asyncio's _check_thread). */
    final void checkThread(String method) {
        EventLoop bound = loop;
        if (bound != null) {
            bound.checkThread(method);
        }
    }
}
