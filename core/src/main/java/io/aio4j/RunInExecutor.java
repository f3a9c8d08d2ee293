package io.aio4j;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link EventLoop#runInExecutor}: runs a blocking callable on an executor and completes a loop future with its
 * outcome, through {@link EventLoop#callSoonThreadsafe}. Cancelling the loop future cancels the callable,
 * interrupting it if it has started (asyncio cannot interrupt a thread; Java can, and blocking JDK calls honour
 * it).
 */
final class RunInExecutor {
    private RunInExecutor() {}

    static <T> Future<T> submit(EventLoop loop, Executor executor, Callable<T> callable) {
        Future<T> future = loop.createFuture();
        Job<T> job = new Job<>(loop, future, callable);
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                job.cancel(true);
            }
        });
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            future.setException(e);
        }
        return future;
    }

    /** The callable as a FutureTask whose completion, normal or not, is copied into the loop future. */
    private static final class Job<T> extends FutureTask<T> {
        private final EventLoop loop;
        private final Future<T> future;

        Job(EventLoop loop, Future<T> future, Callable<T> callable) {
            super(callable);
            this.loop = loop;
            this.future = future;
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                return; // only the loop side cancels it, and that future is already cancelled
            }
            T value = null;
            Throwable error = null;
            try {
                value = get();
            } catch (Throwable t) {
                error = t;
            }
            WrapFuture.completeFromAnyThread(loop, future, value, error);
        }
    }
}
