package io.aio4j;

import io.aio4j.internal.Checks;
import io.aio4j.internal.Errors;
import io.aio4j.internal.Wakeup;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * The eventual result of an operation on an event loop.
 *
 * <p>Lifecycle: PENDING -> FINISHED (with a result or an exception) | CANCELLED, exactly once. Done callbacks are
 * then scheduled on the loop with {@link EventLoop#callSoon}, in registration order; a callback added to a done
 * future is scheduled at once. An exception that nobody retrieved ({@link #result()}, {@link #exception()},
 * {@link #await()}) is reported to the loop's exception handler when the future is garbage-collected.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Future} (futures.py). Differences: not thread-safe like
 *   {@code concurrent.futures.Future}, as in asyncio; a checked exception reaches {@link #result()} and
 *   {@link #await()} wrapped in {@link CompletionException} (Java cannot rethrow it undeclared).</dd>
 *   <dt>Threading</dt><dd>Every method on the loop only; from other threads go through
 *   {@link EventLoop#callSoonThreadsafe}. In debug mode a call from another thread throws. The one exception is
 *   {@link #subscribe(Subscriber)}, the Reactive Streams entry point, which any thread may call.</dd>
 *   <dt>Reactive Streams</dt><dd>A future is a hot {@link Publisher} of its one value: see
 *   {@link #subscribe(Subscriber)}. Reactor's {@code Mono.from(future)}, RxJava's
 *   {@code Flowable.fromPublisher(future)} and {@code io.aio4j.reactive.Reactive.toFlow(future)} accept it.</dd>
 * </dl>
 *
 * @param <T> the type of the result
 */
public class Future<T> implements Awaitable<T>, Publisher<T> {
    /** FAILED is asyncio's FINISHED with an exception: a state of its own so that {@link #outcome} is one field. */
    enum State { PENDING, CANCELLED, FINISHED, FAILED }

    final EventLoop loop;
    State state = State.PENDING;
    /**
     * What the future holds, by {@link #state}: FINISHED its result, FAILED its exception, CANCELLED the cancel
     * message (or null), or for a task the {@link CancellationException} that escaped its body. PENDING: null,
     * except that a task with a cancellation requested keeps the message to throw here
     * ({@link Task#cancel(String)}). One field rather than three: every future and task carries it, and each
     * field costs 4 bytes per object (see HeapPerTask).
     */
    private Object outcome;
    /** null, one callback (a Consumer or a waiting Task), or an ArrayList of them: most futures have one. */
    private Object callbacks;
    /**
     * The weak reference that gets this future reported if it is collected: while a task is pending (set when it
     * first suspends), or while an exception is stored and not yet retrieved. Never both at once, so one field.
     */
    GcReports.Ref gcRef;

    Future(EventLoop loop) {
        this.loop = loop;
        if (loop.getDebug()) {
            loop.recordCreationSite(this); // kept by the loop, not here: no field on every future for debug mode
        }
    }

    /** In debug mode, where this future was created (asyncio's {@code _source_traceback}); else null. */
    final SourceTraceback createdAt() {
        return loop.creationSiteOf(this);
    }

    /**
     * Returns the result, or throws what the future failed with.
     * <dl><dt>asyncio</dt><dd>{@code Future.result()}.</dd></dl>
     *
     * @return the result
     * @throws CancellationException if the future was cancelled (with its cancel message)
     * @throws InvalidStateException if the future is not done yet
     * @throws CompletionException   wrapping a checked exception the future failed with; an unchecked one is
     *                               thrown as it is
     */
    public T result() {
        switch (state) {
            case CANCELLED -> throw newCancellation();
            case PENDING -> throw new InvalidStateException("Result is not ready: " + this);
            default -> { }
        }
        markRetrieved();
        if (state == State.FAILED) {
            throw rethrowable((Throwable) outcome);
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome;
        return value;
    }

    /**
     * Returns the exception the future failed with, or null if it has a result.
     * <dl><dt>asyncio</dt><dd>{@code Future.exception()}.</dd></dl>
     *
     * @return the exception as it was set (a checked one unwrapped), or null
     * @throws CancellationException if the future was cancelled
     * @throws InvalidStateException if the future is not done yet
     */
    public Throwable exception() {
        switch (state) {
            case CANCELLED -> throw newCancellation();
            case PENDING -> throw new InvalidStateException("Exception is not set: " + this);
            default -> { }
        }
        markRetrieved();
        return state == State.FAILED ? (Throwable) outcome : null;
    }

    /**
     * Whether the future has a result, an exception, or was cancelled.
     * <dl><dt>asyncio</dt><dd>{@code Future.done()}.</dd></dl>
     *
     * @return true once done
     */
    public boolean done() {
        return state != State.PENDING;
    }

    /**
     * Whether the future was cancelled.
     * <dl><dt>asyncio</dt><dd>{@code Future.cancelled()}.</dd></dl>
     *
     * @return true if cancelled
     */
    public boolean cancelled() {
        return state == State.CANCELLED;
    }

    /**
     * Cancels the future, as {@link #cancel(String)} with no message.
     *
     * @return true if it was pending and is now cancelled
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future if it is pending and schedules its callbacks. Awaiters get a
     * {@link CancellationException} carrying {@code message}.
     * <dl><dt>asyncio</dt><dd>{@code Future.cancel(msg=None)}.</dd></dl>
     *
     * @param message the cancellation message, or null
     * @return false if the future was already done, else true
     */
    public boolean cancel(String message) {
        loop.checkThread("Future.cancel()");
        markRetrieved();
        if (state != State.PENDING) {
            return false;
        }
        state = State.CANCELLED;
        outcome = message;
        scheduleCallbacks();
        return true;
    }

    /**
     * Completes the future with a result and schedules its callbacks.
     * <dl><dt>asyncio</dt><dd>{@code Future.set_result(result)}.</dd></dl>
     *
     * @param value the result, may be null
     * @throws InvalidStateException if the future is already done
     */
    public void setResult(T value) {
        loop.checkThread("Future.setResult()");
        if (state != State.PENDING) {
            throw new InvalidStateException("setResult() on a future that is already done: " + this);
        }
        outcome = value;
        state = State.FINISHED;
        scheduleCallbacks();
    }

    /**
     * Completes the future with an exception and schedules its callbacks.
     * <dl><dt>asyncio</dt><dd>{@code Future.set_exception(exception)}.</dd></dl>
     *
     * @param error the exception; awaiters get it as it is (checked ones wrapped in {@link CompletionException})
     * @throws InvalidStateException if the future is already done
     * @throws NullPointerException  if {@code error} is null
     */
    public void setException(Throwable error) {
        Checks.notNull(error, "error");
        loop.checkThread("Future.setException()");
        if (state != State.PENDING) {
            throw new InvalidStateException("setException() on a future that is already done: " + this);
        }
        finishWithException(error);
    }

    /**
     * Adds a callback to run, through the loop, once the future is done; at once (at the next iteration) if
     * it already is. Callbacks run in the order they were added, each in a copy of the {@link Context} current
     * when it was added.
     * <dl><dt>asyncio</dt><dd>{@code Future.add_done_callback(fn)}.</dd></dl>
     *
     * @param callback receives this future
     * @throws NullPointerException if {@code callback} is null
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        Checks.notNull(callback, "callback");
        loop.checkThread("Future.addDoneCallback()");
        if (callback instanceof Wakeup.Relay relay) {
            // Only wakes a task: kept as it is and run inside the completion, like a waiting task (Wakeup.relay).
            if (state != State.PENDING) {
                relay.accept(this);
            } else {
                addCallback(relay);
            }
            return;
        }
        DoneCallback<T> entry = new DoneCallback<>(this, callback, Context.current().map);
        if (state != State.PENDING) {
            scheduleCallback(entry);
        } else {
            addCallback(entry);
        }
    }

    /**
     * Removes every registration of {@code callback} (compared with {@code equals}).
     * <dl><dt>asyncio</dt><dd>{@code Future.remove_done_callback(fn)}.</dd></dl>
     *
     * @param callback the callback to remove
     * @return how many registrations were removed
     * @throws NullPointerException if {@code callback} is null
     */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        Checks.notNull(callback, "callback");
        loop.checkThread("Future.removeDoneCallback()");
        return removeCallback(callback);
    }

    /**
     * The loop this future belongs to.
     * <dl><dt>asyncio</dt><dd>{@code Future.get_loop()}.</dd></dl>
     *
     * @return the loop
     */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * Waits for the future: returns or throws at once if it is done, else suspends the calling task until it
     * is. If the calling task is cancelled meanwhile, this future is cancelled too and the
     * {@link CancellationException} is thrown.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await future}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of this future's loop; suspends that task.</dd>
     * </dl>
     *
     * @return the result
     * @throws CancellationException if the future or the calling task was cancelled
     * @throws CompletionException   wrapping a checked exception the future failed with
     * @throws IllegalStateException if not called from a task of this future's loop, or by the task on itself
     */
    @Override
    public T await() {
        if (state == State.PENDING) {
            loop.awaitPending(this);
        }
        return result();
    }

    /**
     * Subscribes to the outcome of this future, as a Reactive Streams publisher of at most one item: once the
     * subscriber has requested, it gets {@code onNext(result)} then {@code onComplete()} when the future finishes
     * with a result ({@code onComplete()} alone for a null result: Reactive Streams has no null items). When the
     * future fails it gets {@code onError} with the exception (the same object), or with a
     * {@link CancellationException} carrying the cancel message if it was cancelled, at once, requested or not
     * (Reactive Streams rules 1.4, 1.9). Any number of subscribers
     * may subscribe, before or after the future is done; each gets the same outcome. Signals are sent on the
     * loop; when the future is already done and {@code request} is called on the loop, they arrive inside that
     * call, without waiting for a loop iteration.
     * <dl>
     *   <dt>Cancellation</dt><dd>The future is hot: it runs whether or not anyone subscribes. Cancelling a
     *   subscription before the outcome is delivered cancels the future (for a task: the task sees a
     *   {@link CancellationException} at its current await), like Reactor's {@code Mono.fromFuture}. If several
     *   parties subscribe to one task and only one of them should stop it, subscribe to
     *   {@code Async.shield(task)} instead.</dd>
     *   <dt>Threading</dt><dd>Any thread; {@code request} and {@code cancel} too. A subscription made after the
     *   loop closed gets the outcome if the future is done, else an {@link IllegalStateException}.</dd>
     *   <dt>asyncio</dt><dd>none; the counterpart of {@code asyncio.wrap_future} in the other direction.</dd>
     * </dl>
     *
     * @param subscriber receives {@code onSubscribe} at once, on the calling thread
     * @throws NullPointerException if {@code subscriber} is null (Reactive Streams rule 1.9)
     */
    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        io.aio4j.internal.FutureSubscription.subscribe(this, subscriber);
    }

    @Override
    public String toString() {
        return describe("Future");
    }

    // ------------------------------------------------------------------ package-private machinery

    /**
     * The futures whose {@link #describe} is running on this thread: a result that holds the future itself (a task
     * returning {@code Async.allTasks()}) prints as {@code ...} instead of recursing without end, like asyncio's
     * {@code reprlib.recursive_repr} (bpo-42183). Per thread, so only toString() pays for it, never a future.
     */
    private static final ThreadLocal<java.util.Set<Future<?>>> DESCRIBING = ThreadLocal.withInitial(
            () -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

    String describe(String prefix) {
        java.util.Set<Future<?>> describing = DESCRIBING.get();
        if (!describing.add(this)) {
            return "...";
        }
        try {
            StringBuilder sb = new StringBuilder(prefix).append('[');
            describeIdentity(sb);
            switch (state) {
                case FINISHED -> sb.append("FINISHED result=").append(abbreviate(String.valueOf(outcome)));
                case FAILED -> sb.append("FINISHED exception=").append(outcome); // asyncio's word for both
                case CANCELLED -> {
                    String message = cancelMessage();
                    sb.append(message == null ? "CANCELLED" : "CANCELLED message=" + message);
                }
                case PENDING -> {
                    sb.append("PENDING");
                    describeWaiting(sb);
                }
            }
            return sb.append(']').toString();
        } finally {
            describing.remove(this);
        }
    }

    /** Subclasses prepend what identifies them (a task's name). */
    void describeIdentity(StringBuilder sb) {
    }

    /** Subclasses append what a pending one waits for (a task's awaited future, asyncio's {@code wait_for=}). */
    void describeWaiting(StringBuilder sb) {
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    final void finishWithResult(T value) {
        outcome = value;
        state = State.FINISHED;
        scheduleCallbacks();
    }

    final void finishWithException(Throwable error) {
        outcome = error;
        state = State.FAILED;
        if (loop.isClosed()) {
            // A task unwound by close(): nobody can await it any more, so report now rather than at GC.
            loop.callExceptionHandler(new ExceptionContext(
                    "Exception in a task unwound by the closing of its loop", error, this, null));
        } else {
            gcRef = loop.reports.trackUnretrieved(this, error);
        }
        scheduleCallbacks();
    }

    final void finishCancelled(String message) {
        state = State.CANCELLED;
        outcome = message;
        scheduleCallbacks();
    }

    /**
     * Cancels with the cancellation that escaped a task's body, kept so that what awaiters get has it as its cause
     * and leads back to the await that was interrupted (asyncio keeps {@code _cancelled_exc} and chains it).
     */
    final void finishCancelled(CancellationException escaped) {
        state = State.CANCELLED;
        outcome = escaped;
        scheduleCallbacks();
    }

    /**
     * The cancel message: of the cancellation, once cancelled; while pending, of a cancellation requested and not
     * yet delivered (tasks only); otherwise null.
     */
    final String cancelMessage() {
        if (state != State.CANCELLED && state != State.PENDING) {
            return null;
        }
        return outcome instanceof CancellationException escaped ? escaped.getMessage() : (String) outcome;
    }

    /** Keeps the message of a cancellation requested while pending, to be thrown later (tasks only). */
    final void requestCancelMessage(String message) {
        assert state == State.PENDING;
        outcome = message;
    }

    final void markRetrieved() {
        if (gcRef != null && !gcRef.pending()) {
            loop.reports.forget(gcRef);
            gcRef = null;
        }
    }

    CancellationException newCancellation() {
        CancellationException cancellation = new CancellationException(cancelMessage());
        if (state == State.CANCELLED && outcome instanceof CancellationException escaped) {
            cancellation.initCause(escaped); // a new one per call (it has the caller's stack), chained like asyncio
        }
        return cancellation;
    }

    static RuntimeException rethrowable(Throwable t) {
        return Errors.rethrow(t);
    }

    /** Registers a task to be resumed when this future is done (asyncio's {@code Task.__wakeup}). */
    final void addWaiter(Task<?> task) {
        addCallback(task);
    }

    final void removeWaiter(Task<?> task) {
        removeCallback(task);
    }

    private void addCallback(Object callback) {
        Object current = callbacks;
        if (current == null) {
            callbacks = callback;
        } else if (current instanceof CallbackList list) {
            list.add(callback);
        } else {
            CallbackList list = new CallbackList();
            list.add(current);
            list.add(callback);
            callbacks = list;
        }
    }

    private int removeCallback(Object callback) {
        Object current = callbacks;
        if (callback instanceof Task<?>) {
            // A waiting task is registered as itself: compare identities only, so no user equals() runs here.
            if (current instanceof CallbackList list) {
                int before = list.size();
                list.removeIf(entry -> entry == callback);
                return before - list.size();
            }
            if (current == callback) {
                callbacks = null;
                return 1;
            }
            return 0;
        }
        if (current instanceof CallbackList list) {
            // First find the matches, then remove them: a callback's equals() may add or remove callbacks of this
            // future while we compare, which must neither fail nor corrupt the list (CPython bpo-28963, bpo-30828).
            Object[] entries = list.toArray();
            boolean[] matches = new boolean[entries.length];
            for (int i = 0; i < entries.length; i++) {
                matches[i] = registers(entries[i], callback);
            }
            int removed = 0;
            for (int i = 0; i < entries.length; i++) {
                if (matches[i] && removeEntry(entries[i])) {
                    removed++;
                }
            }
            return removed;
        }
        if (current != null && registers(current, callback)) {
            return removeEntry(current) ? 1 : 0; // equals() may have turned the one slot into a list meanwhile
        }
        return 0;
    }

    /** Removes {@code entry} (by identity) from the callbacks as they are now; returns whether it was there. */
    private boolean removeEntry(Object entry) {
        Object current = callbacks;
        if (current == entry) {
            callbacks = null;
            return true;
        }
        if (current instanceof CallbackList list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == entry) {
                    list.remove(i);
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a callback-list entry is the registration of {@code callback} (a consumer or a waiting task). */
    private static boolean registers(Object entry, Object callback) {
        return entry == callback || (entry instanceof DoneCallback<?> d && d.callback().equals(callback));
    }

    private void scheduleCallbacks() {
        Object current = callbacks;
        callbacks = null;
        if (current instanceof CallbackList list) {
            for (Object callback : list) {
                scheduleCallback(callback);
            }
        } else if (current != null) {
            scheduleCallback(current);
        }
    }

    private void scheduleCallback(Object callback) {
        if (callback instanceof Task<?> waiter) {
            loop.scheduleStep(waiter);
        } else if (callback instanceof Wakeup.Relay relay) {
            relay.accept(this); // schedules the woken task's step now, as the branch above does
        } else {
            DoneCallback<?> done = (DoneCallback<?>) callback;
            loop.callSoonUnchecked(done, done.context());
        }
    }

    /** A marker type, so that a single registered callback is never mistaken for the list. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        CallbackList() {
            super(4);
        }
    }

    /**
     * One done callback with its future and the context snapshot taken when it was added; its toString names the
     * callback for error reports.
     */
    private record DoneCallback<T>(Future<T> future, Consumer<? super Future<T>> callback, ContextMap context)
            implements Runnable {
        @Override
        public void run() {
            callback.accept(future);
        }

        @Override
        public String toString() {
            return callback + " for " + future;
        }
    }
}
