package io.aio4j;

import java.util.concurrent.CompletableFuture;

/**
 * {@link Async#runCoroutineThreadsafe}: submits a coroutine to a loop from any thread and returns a
 * {@link CompletableFuture} for its result. Completing that future from outside first (cancel, {@code orTimeout},
 * {@code completeExceptionally}) cancels the task.
 */
final class RunCoroutineThreadsafe {
    private RunCoroutineThreadsafe() {}

    static <T> CompletableFuture<T> submit(Coroutine<T> coro, EventLoop loop) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(new Start<>(coro, loop, result));
        return result;
    }

    /** The callback that starts the task on the loop; if the loop closes first, it cancels the future instead. */
    private record Start<T>(Coroutine<T> coro, EventLoop loop, CompletableFuture<T> result)
            implements Runnable, DroppedAtClose {
        @Override
        public void run() {
            if (result.isDone()) {
                return; // cancelled before the loop got to it: never start the task
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                return;
            }
            task.addDoneCallback(t -> copyOutcome(t, result));
            result.whenComplete((value, error) -> {
                if (error != null) {
                    cancelFromAnyThread(loop, task);
                }
            });
        }

        @Override
        public void droppedAtClose(EventLoop closed) {
            // As a task pending at close() ends: cancelled, saying why.
            result.completeExceptionally(new java.util.concurrent.CancellationException(
                    "event loop closed before the coroutine submitted by runCoroutineThreadsafe() started"));
        }
    }

    private static <T> void copyOutcome(Future<T> task, CompletableFuture<T> result) {
        if (task.cancelled()) {
            result.cancel(false);
            return;
        }
        Throwable error = task.exception();
        if (error != null) {
            result.completeExceptionally(error);
        } else {
            result.complete(task.result());
        }
    }

    private static void cancelFromAnyThread(EventLoop loop, Task<?> task) {
        try {
            loop.callSoonThreadsafe(() -> task.cancel("the CompletableFuture of runCoroutineThreadsafe() was "
                    + "completed from outside"));
        } catch (IllegalStateException closed) {
            // The loop closed: close() already reported and unwound the task.
        }
    }
}
