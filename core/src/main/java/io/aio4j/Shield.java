package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.function.Consumer;

/**
 * {@link Async#shield}: a future that mirrors an inner one but whose cancellation does not reach it.
 *
 * <p>The inner awaitable becomes a future through {@link EnsureFuture}. If it is done already it is returned as
 * it is. Otherwise a new outer future copies its outcome when it completes; cancelling the outer future only
 * detaches it. An exception the inner one raises after that has no receiver: it is reported to the loop's
 * exception handler, once however many cancelled shields it had. Cancelling the inner future (or task) directly
 * still cancels the outer one.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.shield(aw)} and {@code _log_on_exception} (tasks.py, 3.12+).</dd></dl>
 */
final class Shield {
    private Shield() {}

    /** One shared instance, so that an inner future with several cancelled shields reports once. */
    private static final Consumer<Future<?>> LOG_ON_EXCEPTION = new Consumer<>() {
        @Override
        public void accept(Future<?> inner) {
            if (inner.cancelled()) {
                return;
            }
            Throwable error = inner.exception();
            if (error != null) {
                inner.loop.callExceptionHandler(new ExceptionContext(error.getClass().getSimpleName()
                        + " exception in shielded future (its shield was cancelled, so nobody awaits it)",
                        error, inner, null));
            }
        }

        @Override
        public String toString() {
            return "report the exception of a future whose shield was cancelled";
        }
    };

    /** Implements {@link Async#shield}. */
    static <T> Future<T> shield(Awaitable<T> awaitable) {
        Checks.notNull(awaitable, "awaitable");
        Future<T> inner = EnsureFuture.ensureFuture(awaitable, null, "Async.shield()");
        if (inner.done()) {
            return inner;
        }
        Future<T> outer = new Shielded<>(inner);
        Consumer<Future<T>> innerDone = i -> {
            if (outer.cancelled()) {
                return;
            }
            if (i.cancelled()) {
                outer.cancel(i.cancelMessage());
                return;
            }
            Throwable error = i.exception();
            if (error != null) {
                outer.setException(error);
            } else {
                outer.setResult(i.result());
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
                inner.removeDoneCallback(LOG_ON_EXCEPTION);
                inner.addDoneCallback(LOG_ON_EXCEPTION);
            }
        });
        return outer;
    }

    /** The outer future, named in reports after what it shields. */
    private static final class Shielded<T> extends Future<T> {
        private final Future<T> inner;

        Shielded(Future<T> inner) {
            super(inner.loop);
            this.inner = inner;
        }

        @Override
        public String toString() {
            return describe("Future(shield of " + inner + ")");
        }
    }
}
