package io.aio4j.reactive;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import io.aio4j.Task;
import io.aio4j.internal.Errors;

/** The loop of the task that awaits, or the standard "await only inside a task" error naming the public method. */
final class CurrentTask {
    private CurrentTask() {}

    static EventLoop loop(String method) {
        Task<?> task;
        try {
            task = Async.currentTask();
        } catch (IllegalStateException noLoop) {
            task = null;
        }
        if (task == null) {
            throw Errors.awaitOutsideTask(method);
        }
        return task.getLoop();
    }
}
