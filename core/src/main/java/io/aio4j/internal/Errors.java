package io.aio4j.internal;

/**
 * The messages that several public methods share, written once so that the same mistake always reads the same.
 * Each names the public method the user called, what was wrong, and what to do instead.
 */
public final class Errors {
    private Errors() {}

    /** {@code await} (or a method that awaits) called on a thread that is not running a task. */
    public static IllegalStateException awaitOutsideTask(String method) {
        Thread t = Thread.currentThread();
        return new IllegalStateException(method + " was called on thread \"" + t.getName()
                + "\", which is not running a task of an event loop: await only inside a task "
                + "(Async.run(main), loop.createTask(coro)), or from a plain thread wait with "
                + "loop.runUntilComplete(...)");
    }

    /** A method that needs a running loop called where none runs. */
    public static IllegalStateException noRunningLoop(String method) {
        return new IllegalStateException(method + " was called on thread \"" + Thread.currentThread().getName()
                + "\", where no event loop is running: call it from a task or callback of a running loop, "
                + "or use the EventLoop method directly");
    }

    /** Any operation on a closed loop. */
    public static IllegalStateException closed(Object loop, String method) {
        return new IllegalStateException(method + ": " + loop + " is closed; create a new loop");
    }

    /** A non-threadsafe method called, in debug mode, from a thread that is not running the loop. */
    public static IllegalStateException wrongThread(Object loop, String method) {
        return new IllegalStateException(method + " was called from thread \"" + Thread.currentThread().getName()
                + "\", which is not running " + loop + ": only methods named ...Threadsafe may be called from "
                + "other threads; use loop.callSoonThreadsafe(...) to get onto the loop");
    }

    /**
     * Throws {@code t} the way an await does (DESIGN §3): an unchecked exception or error as the very object, a
     * checked one wrapped in {@link java.util.concurrent.CompletionException}. Declared to return, so callers can
     * write {@code throw Errors.rethrow(t)} and the compiler sees the path end.
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new java.util.concurrent.CompletionException(t);
    }
}
