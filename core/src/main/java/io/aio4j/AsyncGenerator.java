package io.aio4j;

import io.aio4j.internal.Checks;
import io.aio4j.internal.Wakeup;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * An asynchronous generator: a body that {@linkplain Emitter#emit emits} items, consumed with a plain Java
 * {@code for} loop inside a task, whose iteration awaits each item.
 * {@snippet :
 * AsyncGenerator<Integer> ticks = AsyncGenerator.of(out -> {
 *     for (int i = 0; i < 3; i++) {
 *         Async.sleep(Duration.ofSeconds(1));
 *         out.emit(i);                       // suspends until the consumer asks for the next item
 *     }
 * });
 * try (ticks) {
 *     for (int tick : ticks) {               // each step awaits
 *         System.out.println(tick);
 *     }
 * }
 * }
 * <p>Lifecycle: created -> running (the body starts at the first request for an item) -> finished | failed |
 * closed. {@code emit} hands the item over and suspends until the consumer asks for another, so the body never
 * runs ahead of the loop that consumes it; a consumer that asks for several items at once (a reactive bridge's
 * {@code request(n)}) lets the body emit that many without suspending. A generator can be iterated once.
 * <dl>
 *   <dt>asyncio</dt><dd>an {@code async def} with {@code yield}, consumed by {@code async for}; {@link #close()}
 *   is {@code aclose()}. Differences: the body runs as a task of its own (started lazily), so what it sets in
 *   {@link ContextVar}s stays in its own copy of the consumer's context, and cancelling the consuming task
 *   cancels the body.</dd>
 *   <dt>Threading</dt><dd>On the loop only: created, iterated and closed from tasks of one loop.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling the consumer while it waits for an item cancels the body; closing the
 *   generator early cancels the body at its {@code emit} (or wherever it is suspended) and waits for it to
 *   unwind, running its {@code finally} blocks.</dd>
 * </dl>
 *
 * @param <T> the type of the items
 */
public final class AsyncGenerator<T> implements Iterable<T>, AutoCloseable {
    /**
     * The body of a generator: asyncio's {@code async def} with {@code yield}.
     *
     * @param <T> the type of the items
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Produces the items, emitting each; may await.
         *
         * @param out where the items go
         * @throws Exception anything; the consumer's iteration rethrows it
         */
        void run(Emitter<T> out) throws Exception;
    }

    /**
     * What a generator's body emits items through.
     *
     * @param <T> the type of the items
     */
    @FunctionalInterface
    public interface Emitter<T> {
        /**
         * Hands {@code item} to the consumer and suspends until the consumer asks for another.
         * <dl><dt>asyncio</dt><dd>{@code yield item} in an async generator.</dd></dl>
         *
         * @param item the item; may be null
         * @throws CancellationException if the generator was closed or its consumer cancelled
         */
        void emit(T item);
    }

    private enum State { CREATED, RUNNING, FINISHED, FAILED, CLOSED }

    private final Body<T> body;
    private final ArrayDeque<Object> buffer = new ArrayDeque<>();
    private State state = State.CREATED;
    private EventLoop loop;
    private Task<Void> producer;
    private long demand;
    private Throwable failure;
    /** What emit awaits while there is no demand; completed by the next request. */
    private Future<Void> producerWaiting;
    /** What the consumer awaits while no item is buffered; completed by the next emit or the end. */
    private Future<Void> consumerWaiting;
    private boolean iterated;

    private AsyncGenerator(Body<T> body) {
        this.body = body;
    }

    /**
     * A generator that will run {@code body} when its first item is asked for.
     *
     * @param <T>  the type of the items
     * @param body the generator's body
     * @return the generator
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> AsyncGenerator<T> of(Body<T> body) {
        return new AsyncGenerator<>(Checks.notNull(body, "body"));
    }

    /**
     * The items, for a {@code for} loop inside a task: {@code hasNext()} awaits the next item (asking for it
     * first), {@code next()} returns it.
     * <dl><dt>asyncio</dt><dd>{@code async for item in gen}.</dd></dl>
     *
     * @return the iterator; there is one per generator
     * @throws IllegalStateException if the generator was already iterated or closed
     */
    @Override
    public Iterator<T> iterator() {
        if (iterated || state == State.CLOSED) {
            throw new IllegalStateException("AsyncGenerator.iterator(): " + this + " can be iterated once; "
                    + "create a new generator to iterate again");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return awaitItem();
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!awaitItem()) {
                    throw new NoSuchElementException("AsyncGenerator: no more items in " + AsyncGenerator.this);
                }
                Object item = buffer.poll();
                return item == NULL_ITEM ? null : (T) item;
            }
        };
    }

    /**
     * Stops the generator: cancels its body where it is suspended and, when called from a task, waits for it to
     * unwind. Items not yet consumed are dropped. Idempotent.
     * <dl><dt>asyncio</dt><dd>{@code await gen.aclose()}.</dd></dl>
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        buffer.clear();
        if (wasRunning && producer != null && !producer.done()) {
            producer.cancel("the generator was closed");
            if (Async.inTask() && Async.currentTask() != producer) {
                while (!producer.done()) {
                    loop.awaitPending(producer);
                }
            }
        }
    }

    /**
     * Asks for {@code n} more items: starts the body if needed and lets it emit that many without suspending.
     * For consumers that take items as they come (the reactive bridges); the {@code for} loop asks by itself.
     */
    void request(long n) {
        if (state == State.CLOSED || state == State.FINISHED || state == State.FAILED) {
            return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // saturate, as Reactive Streams demand does
        if (state == State.CREATED) {
            start();
        } else {
            Wakeup.wake(producerWaiting);
            producerWaiting = null;
        }
    }

    private void start() {
        state = State.RUNNING;
        loop = Async.getRunningLoop();
        producer = loop.createTask(this::produce, "AsyncGenerator-" + Integer.toHexString(hashCode()));
    }

    private Void produce() throws Exception {
        try {
            body.run(this::emit);
            if (state == State.RUNNING) {
                state = State.FINISHED;
            }
        } catch (CancellationException c) {
            throw c;
        } catch (Throwable t) {
            if (state == State.RUNNING) {
                failure = t;
                state = State.FAILED;
            }
        } finally {
            wakeConsumer();
        }
        return null;
    }

    private void emit(T item) {
        if (state != State.RUNNING) {
            throw new CancellationException("the generator was closed");
        }
        if (Async.currentTask() != producer) {
            throw new IllegalStateException("Emitter.emit() called outside the generator's body; emit only from "
                    + "the body (not from a task it created)");
        }
        buffer.add(item == null ? NULL_ITEM : item);
        demand--;
        wakeConsumer();
        if (demand <= 0) {
            producerWaiting = loop.createFuture();
            producerWaiting.await();
        }
    }

    private void wakeConsumer() {
        Wakeup.wake(consumerWaiting);
        consumerWaiting = null;
    }

    /** Waits until an item is buffered (asking for one if none is coming) or the generator ended. */
    private boolean awaitItem() {
        while (buffer.isEmpty()) {
            switch (state) {
                case FINISHED, CLOSED -> {
                    return false;
                }
                case FAILED -> throw Future.rethrowable(failure);
                default -> { }
            }
            if (demand <= 0) {
                request(1);
            }
            if (!buffer.isEmpty() || state != State.RUNNING) {
                continue;
            }
            Future<Void> wait = loop.createFuture();
            consumerWaiting = wait;
            try {
                wait.await();
            } catch (CancellationException cancelled) {
                consumerWaiting = null;
                close(); // the consumer was cancelled: so is the body (it runs on the consumer's behalf)
                throw cancelled;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "AsyncGenerator[" + state.name().toLowerCase(java.util.Locale.ROOT) + ", buffered=" + buffer.size()
                + ", demand=" + demand + "]";
    }

    /** Stands for a null item in the buffer (ArrayDeque refuses nulls). */
    private static final Object NULL_ITEM = new Object();
}
