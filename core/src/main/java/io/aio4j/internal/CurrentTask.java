package io.aio4j.internal;

import io.aio4j.Async;
import io.aio4j.Task;

/**
 * The task calling an awaiting method, or the one "await only inside a task" error naming the public method the
 * user called ({@link Errors#awaitOutsideTask}). Shared by the reactive awaitables of core and of the bridges, so
 * that each names its own entry point and all of them read the same.
 */
public final class CurrentTask {
    private CurrentTask() {}

    /**
     * The task running on this thread now.
     *
     * @param method the public method the user called, for the error message
     * @return the task
     * @throws IllegalStateException if no task of a running loop is running on this thread
     */
    public static Task<?> require(String method) {
        Task<?> task;
        try {
            task = Async.currentTask();
        } catch (IllegalStateException noLoop) {
            task = null; // no running loop here: the same mistake as a plain callback, so the same message
        }
        if (task == null) {
            throw Errors.awaitOutsideTask(method);
        }
        return task;
    }
}
