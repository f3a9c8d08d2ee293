package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Async#asCompleted}: an iterable of awaitables that yield the results of the given awaitables in the
 * order they complete.
 *
 * <p>Every argument becomes a future at once (coroutines become tasks; an argument passed twice counts once).
 * Iterating does not wait: the {@code n}-th element, whenever and by whichever task it is awaited, waits for the
 * next future to complete and returns its result or throws its exception. After the timeout, the elements not yet
 * awaited throw {@link AsyncTimeoutException}; nothing is cancelled. The iterable is its own iterator and can be
 * iterated once.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.as_completed(aws, timeout=...)} used with a plain {@code for}
 * ({@code _AsCompletedIterator}, Python 3.13).</dd></dl>
 */
final class AsCompleted<T> implements Iterable<Awaitable<T>>, Iterator<Awaitable<T>>, Consumer<Future<?>> {
    /** Queued once per future still pending when the timeout passes (asyncio's {@code None} sentinel). */
    private static final Object TIMED_OUT = new Object();

    private final EventLoop loop;
    private final Duration timeout;
    /** The futures not yet completed; emptied by the timeout. */
    private final Set<Future<? extends T>> todo = new LinkedHashSet<>();
    /** Completed futures, and {@link #TIMED_OUT} markers, in completion order (asyncio's {@code Queue}). */
    private final ArrayDeque<Object> done = new ArrayDeque<>();
    /** Tasks suspended in an element's await because {@link #done} was empty. */
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    private TimerHandle timeoutHandle;
    private int elementsLeft;

    private AsCompleted(EventLoop loop, Duration timeout) {
        this.loop = loop;
        this.timeout = timeout;
    }

    /** Implements {@link Async#asCompleted(Collection, Duration)}; a null {@code timeout} means none. */
    static <T> Iterable<Awaitable<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
            Duration timeout) {
        String method = "Async.asCompleted()";
        Checks.notNull(awaitables, "awaitables");
        int index = 0;
        for (Awaitable<?> aw : awaitables) {
            Checks.notNull(aw, "awaitables[" + index++ + "]");
        }
        EventLoop loop = RunningLoop.get(method);
        AsCompleted<T> iterator = new AsCompleted<>(loop, timeout);
        Map<Awaitable<?>, Boolean> seen = new IdentityHashMap<>();
        for (Awaitable<? extends T> aw : awaitables) {
            if (seen.put(aw, Boolean.TRUE) == null) {
                iterator.todo.add(EnsureFuture.ensureFuture(aw, loop, method));
            }
        }
        for (Future<? extends T> f : iterator.todo) {
            f.addDoneCallback(iterator);
        }
        if (!iterator.todo.isEmpty() && timeout != null) {
            iterator.timeoutHandle = loop.callLater(Timeout.nonNegative(timeout), iterator::handleTimeout);
        }
        iterator.elementsLeft = iterator.todo.size();
        return iterator;
    }

    @Override
    public Iterator<Awaitable<T>> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        return elementsLeft > 0;
    }

    /** The next element: an awaitable for the next result to arrive. Never waits itself. */
    @Override
    public Awaitable<T> next() {
        if (elementsLeft == 0) {
            throw new NoSuchElementException("Async.asCompleted(): every future has been handed out already");
        }
        elementsLeft--;
        return new Next();
    }

    /** A future completed (asyncio's {@code _handle_completion}). */
    @Override
    public void accept(Future<?> f) {
        if (todo.isEmpty()) {
            return; // the timeout came first
        }
        todo.remove(f);
        put(f);
        if (todo.isEmpty() && timeoutHandle != null) {
            timeoutHandle.cancel();
        }
    }

    private void handleTimeout() {
        for (Future<? extends T> f : todo) {
            f.removeDoneCallback(this);
            put(TIMED_OUT);
        }
        todo.clear();
    }

    private void put(Object item) {
        done.add(item);
        wakeUpNextGetter();
    }

    private void wakeUpNextGetter() {
        while (!getters.isEmpty()) {
            Future<Void> getter = getters.poll();
            if (!getter.done()) {
                getter.setResult(null);
                return;
            }
        }
    }

    /** Waits for the next completed future (asyncio's {@code Queue.get}, cancellation-safe in the same way). */
    private Object take() {
        while (done.isEmpty()) {
            Future<Void> getter = loop.createFuture();
            getters.add(getter);
            try {
                getter.await();
            } catch (Throwable e) { // cancelled, typically
                getter.cancel();
                getters.remove(getter);
                if (!done.isEmpty() && !getter.cancelled()) {
                    wakeUpNextGetter(); // we were woken for an item we will not take: pass the turn on
                }
                throw e;
            }
        }
        return done.poll();
    }

    @Override
    public String toString() {
        return "Async.asCompleted(" + (timeout == null ? "" : "timeout=" + timeout + ", ") + "pending="
                + todo.size() + ", completed=" + done.size() + ", elementsLeft=" + elementsLeft + ")";
    }

    /** One element: awaiting it takes the next completed future and returns its result (once). */
    private final class Next implements Awaitable<T> {
        private boolean awaited;

        @Override
        @SuppressWarnings("unchecked")
        public T await() {
            if (awaited) {
                throw new IllegalStateException("an element of Async.asCompleted() can be awaited only once; "
                        + "each element stands for one more result");
            }
            RunningLoop.currentTask("Async.asCompleted() element await()");
            awaited = true;
            Object item = take();
            if (item == TIMED_OUT) {
                throw new AsyncTimeoutException("Async.asCompleted() timed out: " + timeout
                        + " passed before the next awaitable completed");
            }
            return ((Future<? extends T>) item).result();
        }

        @Override
        public String toString() {
            return "next of " + AsCompleted.this;
        }
    }
}
