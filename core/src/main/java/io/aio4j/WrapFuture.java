package io.aio4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * {@link Async#wrapFuture}: a loop future that mirrors a {@link CompletionStage} completed on any thread, with
 * cancellation both ways (asyncio's {@code wrap_future} and {@code _chain_future}).
 */
final class WrapFuture {
    private WrapFuture() {}

    static <T> Future<T> wrap(CompletionStage<T> stage, EventLoop loop) {
        Future<T> future = loop.createFuture();
        CompletableFuture<T> source = stage.toCompletableFuture();
        // Loop side cancelled -> cancel the source (it may ignore it; a CompletableFuture does not interrupt).
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                source.cancel(true);
            }
        });
        source.whenComplete((value, error) -> completeFromAnyThread(loop, future, value, error));
        return future;
    }

    /** Copies an outcome produced on any thread into {@code future}, through the loop; a late one is dropped. */
    static <T> void completeFromAnyThread(EventLoop loop, Future<T> future, T value, Throwable error) {
        Throwable cause = unwrap(error);
        try {
            loop.callSoonThreadsafe(() -> {
                if (future.done()) {
                    return; // cancelled on the loop side meanwhile
                }
                if (cause instanceof CancellationException c) {
                    future.cancel(c.getMessage());
                } else if (cause != null) {
                    future.setException(cause);
                } else {
                    future.setResult(value);
                }
            });
        } catch (IllegalStateException closed) {
            // The loop closed first: nobody can await the future any more. A failure still must not vanish.
            if (cause != null && !(cause instanceof CancellationException)) {
                loop.callExceptionHandler(new ExceptionContext(
                        "Result of a foreign future arrived after its loop closed", cause, future, null));
            }
        }
    }

    /** The exception as thrown, not the wrapper CompletableFuture adds around it in dependent stages. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
