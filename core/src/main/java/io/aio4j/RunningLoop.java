package io.aio4j;

import io.aio4j.internal.Errors;

/**
 * Where the combinators find their loop and task: the running loop for those that only schedule
 * ({@code gather}, {@code shield}, {@code ensureFuture}), the calling task for those that await ({@code wait},
 * {@code waitFor}, timeouts, task groups). One place, so that every one of them fails with the same message
 * naming the public method the user called.
 */
final class RunningLoop {
    private RunningLoop() {}

    /** The loop running on this thread, from a task or a callback; else {@link IllegalStateException}. */
    static EventLoop get(String method) {
        EventLoop loop = ActiveLoops.current();
        if (loop == null || !loop.isRunning()) {
            throw Errors.noRunningLoop(method);
        }
        return loop;
    }

    /** The loop running on this thread, or null: for functions that can also find it in their arguments. */
    static EventLoop getOrNull() {
        EventLoop loop = ActiveLoops.current();
        return loop != null && loop.isRunning() ? loop : null;
    }

    /** The task calling a function that awaits; else {@link IllegalStateException} saying where to await. */
    static Task<?> currentTask(String method) {
        EventLoop loop = ActiveLoops.current();
        if (loop == null) {
            throw Errors.awaitOutsideTask(method);
        }
        return loop.currentTaskOrThrow(method);
    }
}
