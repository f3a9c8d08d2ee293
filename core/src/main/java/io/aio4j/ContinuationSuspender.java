package io.aio4j;

import io.aio4j.internal.suspend.Continuations;

/**
 * The Continuation backend: every task's body runs in a JDK continuation on the thread that runs the loop. A step
 * mounts the continuation until the body awaits (yields) or returns; nesting (an eager task started from inside
 * another task) mounts the child inside the parent and returns to it when the child yields.
 */
final class ContinuationSuspender extends EventLoop.Suspender {
    /**
     * Every continuation's body: it starts the task that {@link #step} made current just before running the
     * continuation for the first time. One object per loop instead of a {@code task::runBody} per task, which
     * would cost 16 bytes beside every suspended task (HeapPerTask).
     */
    private final Runnable startCurrentTask;

    ContinuationSuspender(EventLoop loop) {
        this.startCurrentTask = () -> loop.currentTask.runBody();
    }

    @Override
    void runForever(EventLoop loop) {
        for (;;) {
            Object item = loop.nextItem();
            if (item == EventLoop.STOP) {
                return;
            }
            if (item instanceof Task<?> task) {
                step(loop, task);
            } else {
                loop.runHandle((Handle) item);
            }
        }
    }

    private void step(EventLoop loop, Task<?> task) {
        if (task.done()) {
            return;
        }
        Object continuation = task.fiber;
        if (continuation == null) {
            continuation = Continuations.create(startCurrentTask);
            task.fiber = continuation;
        }
        loop.stepBegins(task);
        try {
            Continuations.run(continuation);
        } finally {
            loop.stepEnds(task);
        }
        if (task.done()) {
            task.fiber = null; // drop the finished stack
        }
    }

    @Override
    void suspend(EventLoop loop, Task<?> task) {
        try {
            Continuations.yieldNow();
        } catch (IllegalStateException pinned) {
            throw new IllegalStateException("Task " + task.getName() + " cannot suspend here: its stack is pinned "
                    + "to the thread (" + pinned.getMessage() + "). This happens when await is called inside a "
                    + "native frame or a class initializer (static { } or a static field's initialiser), or inside "
                    + "a synchronized block on JDK < 24; move the await out of it", pinned);
        }
    }

    @Override
    void startEagerly(EventLoop loop, Task<?> task) {
        step(loop, task);
    }

    @Override
    void unwind(EventLoop loop, Task<?> task) {
        // The closing thread plays the loop's thread for this last step, so that what the body calls finds its
        // loop (and is told that it is closed) rather than finding no loop at all.
        EventLoop previous = ActiveLoops.DRIVER.get();
        Thread previousOwner = loop.owner;
        ActiveLoops.DRIVER.set(loop);
        loop.owner = Thread.currentThread();
        try {
            step(loop, task);
        } finally {
            loop.owner = previousOwner;
            if (previous == null) {
                ActiveLoops.DRIVER.remove();
            } else {
                ActiveLoops.DRIVER.set(previous);
            }
        }
    }
}
