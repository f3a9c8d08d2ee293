package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * {@link Async#gather}: runs awaitables concurrently and collects their results in argument order.
 *
 * <p>Each argument becomes a future through {@link EnsureFuture} (coroutines become tasks, futures are used as
 * they are); an argument passed twice, compared by identity, becomes one future whose result appears twice. The
 * returned {@link GatheringFuture} completes when every child is done, or, without
 * {@link GatherOptions#RETURN_EXCEPTIONS}, as soon as one fails or is cancelled; the other children go on
 * running. Cancelling it cancels every child.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.gather} and {@code _GatheringFuture} (tasks.py).</dd></dl>
 */
final class Gather implements Consumer<Future<?>> {
    private final boolean returnExceptions;
    /** One entry per argument, duplicates included (asyncio's {@code children}). */
    private final List<Future<?>> children;
    private final GatheringFuture<?> outer;
    private final int distinct;
    private int finished;

    private Gather(EventLoop loop, List<Future<?>> children, int distinct, boolean returnExceptions) {
        this.children = children;
        this.distinct = distinct;
        this.returnExceptions = returnExceptions;
        this.outer = new GatheringFuture<>(loop, children);
    }

    /** Implements {@link Async#gather(Collection)}: the first failure or cancellation fails the result. */
    @SuppressWarnings("unchecked")
    static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return (Future<List<T>>) (Future<?>) start(awaitables, false, "Async.gather()");
    }

    /** Implements {@link Async#gather(GatherOptions, Collection)} with {@code RETURN_EXCEPTIONS}. */
    @SuppressWarnings("unchecked")
    static Future<List<Object>> gatherReturningExceptions(Collection<? extends Awaitable<?>> awaitables) {
        return (Future<List<Object>>) (Future<?>) start(awaitables, true, "Async.gather()");
    }

    private static GatheringFuture<?> start(Collection<? extends Awaitable<?>> awaitables, boolean returnExceptions,
            String method) {
        int index = 0;
        for (Awaitable<?> aw : awaitables) {
            Checks.notNull(aw, "awaitables[" + index++ + "]");
        }
        EventLoop loop = RunningLoop.getOrNull();
        if (loop == null) { // like asyncio, futures alone name their loop; coroutines need a running one
            for (Awaitable<?> aw : awaitables) {
                if (aw instanceof Future<?> f) {
                    loop = f.loop;
                    break;
                }
            }
            if (loop == null) {
                loop = RunningLoop.get(method);
            }
        }
        Map<Awaitable<?>, Future<?>> argToFuture = new IdentityHashMap<>();
        List<Future<?>> children = new ArrayList<>(awaitables.size());
        List<Future<?>> alreadyDone = new ArrayList<>();
        for (Awaitable<?> aw : awaitables) {
            Future<?> fut = argToFuture.get(aw);
            if (fut == null) {
                fut = EnsureFuture.ensureFuture(aw, loop, method);
                argToFuture.put(aw, fut);
                if (fut.done()) {
                    alreadyDone.add(fut);
                }
            }
            children.add(fut);
        }
        Gather gather = new Gather(loop, children, argToFuture.size(), returnExceptions);
        if (children.isEmpty()) {
            gather.outer.finishResults(List.of());
            return gather.outer;
        }
        for (Future<?> fut : argToFuture.values()) {
            if (!fut.done()) {
                fut.addDoneCallback(gather);
            }
        }
        // Like asyncio: children that were done already count at once, so that a gather of done futures is done
        // when it is returned.
        for (Future<?> fut : alreadyDone) {
            gather.accept(fut);
        }
        return gather.outer;
    }

    /** A child is done (asyncio's {@code _done_callback}). */
    @Override
    public void accept(Future<?> child) {
        finished++;
        if (outer.done()) {
            if (!child.cancelled()) {
                child.exception(); // mark it retrieved: the gather has already reported its outcome
            }
            return;
        }
        if (!returnExceptions) {
            if (child.cancelled()) {
                outer.failWithCancellation(child.cancelMessage());
                return;
            }
            Throwable error = child.exception();
            if (error != null) {
                outer.setException(error);
                return;
            }
        }
        if (finished < distinct) {
            return;
        }
        List<Object> results = new ArrayList<>(children.size());
        for (Future<?> f : children) {
            if (f.cancelled()) {
                results.add(new CancellationException(f.cancelMessage()));
            } else {
                Throwable error = f.exception();
                results.add(error != null ? error : f.result());
            }
        }
        if (outer.cancelRequested) {
            // The gather itself was cancelled: that wins even with RETURN_EXCEPTIONS (asyncio bpo-32684).
            outer.failWithCancellation(outer.requestedMessage);
        } else {
            outer.finishResults(Collections.unmodifiableList(results));
        }
    }

    @Override
    public String toString() {
        return "gather callback of " + outer;
    }

    /**
     * The future {@link Async#gather} returns (asyncio's {@code _GatheringFuture}): cancelling it cancels the
     * children rather than itself; it then fails with a {@link CancellationException} once they are all done.
     */
    static final class GatheringFuture<T> extends Future<List<T>> {
        private final List<Future<?>> children;
        boolean cancelRequested;
        String requestedMessage;

        GatheringFuture(EventLoop loop, List<Future<?>> children) {
            super(loop);
            this.children = children;
        }

        /**
         * Cancels every child that is not done; returns true if any was. The gather then completes, when they
         * all are, with a {@link CancellationException} carrying {@code message}.
         */
        @Override
        public boolean cancel(String message) {
            loop.checkThread("Future.cancel()");
            if (done()) {
                return false;
            }
            boolean any = false;
            for (Future<?> child : children) {
                if (child.cancel(message)) {
                    any = true;
                }
            }
            if (any) {
                cancelRequested = true;
                requestedMessage = message;
            }
            return any;
        }

        @SuppressWarnings("unchecked")
        void finishResults(List<Object> results) {
            setResult((List<T>) (List<?>) results);
        }

        /**
         * Fails with a cancellation, as asyncio does (the future is not itself cancelled: {@link #cancelled()}
         * stays false, awaiting it throws). A cancellation is never reported as an unretrieved error.
         */
        void failWithCancellation(String message) {
            setException(new CancellationException(message));
            markRetrieved();
        }

        @Override
        public String toString() {
            return describe("Future(gather, children=" + children.size() + ")");
        }
    }
}
