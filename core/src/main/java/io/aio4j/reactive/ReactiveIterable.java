package io.aio4j.reactive;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.internal.CurrentTask;
import io.aio4j.internal.Errors;
import io.aio4j.internal.LoopSubscriber;
import io.aio4j.internal.Wakeup;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Publisher;

/**
 * The items of a publisher for a plain {@code for} loop inside a task: {@code hasNext()} awaits the next item,
 * suspending the task (never blocking a thread) while none has arrived. Created by
 * {@link Reactive#iterate(Publisher, int)}.
 *
 * <p>Backpressure: the iterator asks for {@code prefetch} items when it starts and, each time three quarters of
 * them have been consumed, for that many again (Reactor's {@code limitRate} rule), so at most {@code prefetch}
 * items are ever buffered.
 * {@snippet :
 * try (var prices = Reactive.iterate(priceFlux, 64)) {
 *     for (Price p : prices) {               // each step may await
 *         if (p.value() > limit) break;      // close() cancels the subscription
 *         record(p);
 *     }
 * }
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code async for item in aiter}.</dd>
 *   <dt>Threading</dt><dd>Iterate from one task of one loop; the publisher may signal from any thread.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling the task while it waits in {@code hasNext()} cancels the subscription
 *   before the {@link CancellationException} leaves {@code hasNext()}; so does {@link #close()}, and leaving the
 *   loop early without closing leaves the subscription open, so use try-with-resources.</dd>
 *   <dt>Errors</dt><dd>An error signal is thrown by {@code hasNext()} as the very object (a checked one wrapped in
 *   {@link java.util.concurrent.CompletionException}), after the items that preceded it.</dd>
 * </dl>
 *
 * @param <T> the type of the items
 */
public final class ReactiveIterable<T> implements Iterable<T>, AutoCloseable {
    private final Publisher<T> publisher;
    private final int prefetch;
    private Buffer<T> buffer;
    private boolean closed;

    ReactiveIterable(Publisher<T> publisher, int prefetch) {
        this.publisher = publisher;
        this.prefetch = prefetch;
    }

    /**
     * Subscribes to the publisher and returns the iterator over its items.
     *
     * @return the iterator; there is one per iterable
     * @throws IllegalStateException if not called from a task, or if the iterable was already iterated or closed
     */
    @Override
    public Iterator<T> iterator() {
        EventLoop loop = CurrentTask.require("Reactive.iterate(...).iterator()").getLoop();
        if (buffer != null || closed) {
            throw new IllegalStateException("ReactiveIterable.iterator(): a publisher's iterable can be iterated "
                    + "once; call Reactive.iterate(publisher) again to subscribe again");
        }
        Buffer<T> b = new Buffer<>(loop, prefetch);
        buffer = b;
        publisher.subscribe(b);
        return b;
    }

    /**
     * Stops iterating: cancels the subscription and drops buffered items. Idempotent.
     * <dl><dt>asyncio</dt><dd>{@code await agen.aclose()}, or leaving {@code async for} early.</dd></dl>
     */
    @Override
    public void close() {
        closed = true;
        if (buffer != null) {
            buffer.stop();
        }
    }

    @Override
    public String toString() {
        return "ReactiveIterable[prefetch=" + prefetch + ", " + (buffer != null ? buffer : "not started") + "]";
    }

    /** The subscriber and the iterator in one: items arrive on the loop, the task takes them. */
    private static final class Buffer<T> extends LoopSubscriber<T> implements Iterator<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private final long prefetch;
        /** How many consumed items trigger the next request (Reactor's limitRate: 75% of prefetch). */
        private final long replenishAt;
        private long consumedSinceRequest;
        private boolean completed;
        private Throwable failure;
        /** What hasNext() awaits while nothing is buffered; completed by the next signal. */
        private Future<Void> waiting;

        Buffer(EventLoop loop, int prefetch) {
            super(loop);
            this.prefetch = prefetch == Integer.MAX_VALUE ? Long.MAX_VALUE : prefetch;
            this.replenishAt = prefetch == Integer.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, prefetch - (prefetch >> 2));
        }

        @Override
        protected void subscribed() {
            request(prefetch);
        }

        @Override
        protected void next(T item) {
            items.add(item);
            wake();
        }

        @Override
        protected void error(Throwable error) {
            failure = error;
            wake();
        }

        @Override
        protected void complete() {
            completed = true;
            wake();
        }

        private void wake() {
            Wakeup.wake(waiting);
            waiting = null;
        }

        @Override
        public boolean hasNext() {
            while (items.isEmpty()) {
                if (failure != null) {
                    throw Errors.rethrow(failure);
                }
                if (completed || isCancelled()) {
                    return false;
                }
                Future<Void> w = loop.createFuture();
                waiting = w;
                try {
                    w.await();
                } catch (CancellationException cancelled) {
                    stop();
                    throw cancelled;
                }
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the publisher has no more items");
            }
            T item = items.poll();
            if (++consumedSinceRequest == replenishAt) {
                consumedSinceRequest = 0;
                request(replenishAt);
            }
            return item;
        }

        void stop() {
            waiting = null;
            cancelUpstream();
            items.clear();
        }

        @Override
        public String toString() {
            return "buffered=" + items.size() + (completed ? ", completed" : "")
                    + (failure != null ? ", failed" : "") + (isCancelled() ? ", cancelled" : "");
        }
    }
}
