package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.concurrent.CancellationException;

/**
 * A coroutine running concurrently with others on an event loop: a {@link Future} whose result is the coroutine's.
 *
 * <p>Lifecycle: scheduled -> running, suspended at awaits -> FINISHED | CANCELLED. Created by
 * {@link EventLoop#createTask} or {@link Async#createTask}; the body's first step runs at a later loop iteration
 * (or at once with {@link TaskOptions#eagerStart()}). What the body returns is the result; what it throws is the
 * exception; a {@link CancellationException} escaping the body cancels the task.
 *
 * <p>{@link #cancel(String)} asks the task to stop: the await it is suspended in throws
 * {@link CancellationException} (the future it was waiting for is cancelled too). The body may catch it, clean up
 * (awaiting is allowed) and either let it propagate, or, in rare cases, call {@link #uncancel()} and go on.
 * Once it is cancelled, {@link #result()}, {@link #exception()} and {@link #await()} throw a new
 * {@link CancellationException} with the message; when the body ended by throwing one, that one is its cause, so
 * the stack trace shows the await that was interrupted (asyncio chains them the same way).
 *
 * <p>{@link #toString()} shows the name, a pending cancellation, the state and, while suspended, the future the
 * task waits for: {@code Task[name=Task-3, PENDING waitFor=Future[PENDING]]} (asyncio's {@code wait_for=}).
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Task} (tasks.py). Differences: {@link #setResult} and
 *   {@link #setException} throw {@link UnsupportedOperationException} (asyncio: {@code RuntimeError}); default
 *   names count per loop ({@code Task-1} on each loop).</dd>
 *   <dt>Threading</dt><dd>Every method on the loop only, like {@link Future}.</dd>
 * </dl>
 *
 * @param <T> the type of the result
 */
public class Task<T> extends Future<T> {
    private final Coroutine<T> coro;
    /** The context every step of this task runs in. */
    final Context context;
    private String name;
    private final long number;
    /** The future this task is suspended on, while it is (asyncio's {@code _fut_waiter}). */
    Future<?> futWaiter;
    /**
     * {@link #cancel} calls minus {@link #uncancel} calls (asyncio's {@code _num_cancels_requested}) in the low 31
     * bits, and asyncio's {@code _must_cancel} (a cancellation to throw at the next resumption) in the sign bit. One
     * int rather than an int and a boolean keeps a task at 64 bytes instead of 72 (HeapPerTask).
     */
    private int cancelState;
    private static final int MUST_CANCEL = Integer.MIN_VALUE;
    private static final int REQUESTS = ~MUST_CANCEL;
    /** Backend state: the virtual-thread strand or the continuation that carries this task's stack. */
    Object fiber;

    Task(EventLoop loop, Coroutine<T> coro, String name, long number, Context context) {
        super(loop);
        this.coro = coro;
        this.context = context;
        this.name = name;
        this.number = number;
    }

    /**
     * The task's name: the one given at creation or by {@link #setName}, else {@code Task-N}.
     * <dl><dt>asyncio</dt><dd>{@code Task.get_name()}.</dd></dl>
     *
     * @return the name
     */
    public String getName() {
        return name != null ? name : "Task-" + number;
    }

    String explicitName() {
        return name;
    }

    long number() {
        return number;
    }

    /**
     * Renames the task.
     * <dl><dt>asyncio</dt><dd>{@code Task.set_name(value)}.</dd></dl>
     *
     * @param value the new name
     * @throws NullPointerException if {@code value} is null
     */
    public void setName(String value) {
        name = Checks.notNull(value, "value");
    }

    /**
     * The coroutine this task runs.
     * <dl><dt>asyncio</dt><dd>{@code Task.get_coro()}.</dd></dl>
     *
     * @return the coroutine
     */
    public Coroutine<T> getCoro() {
        return coro;
    }

    /**
     * The context this task runs in: a copy of its creator's taken at creation, or the one given in
     * {@link TaskOptions#withContext}.
     * <dl><dt>asyncio</dt><dd>{@code Task.get_context()}.</dd></dl>
     *
     * @return the task's context
     */
    public Context getContext() {
        return context;
    }

    /**
     * Requests cancellation: if the task is suspended, the future it waits for is cancelled and the await throws
     * {@link CancellationException}; if it is scheduled or running, the exception is thrown at its next
     * suspension point. Returns true on every call while the task is not done, and counts the requests.
     * <dl><dt>asyncio</dt><dd>{@code Task.cancel(msg=None)}.</dd></dl>
     *
     * @param message carried by the {@link CancellationException}, or null
     * @return false if the task is already done, else true
     */
    @Override
    public boolean cancel(String message) {
        loop.checkThread("Task.cancel()");
        markRetrieved();
        if (done()) {
            return false;
        }
        if ((cancelState & REQUESTS) != REQUESTS) { // saturates rather than overflow into the flag
            cancelState++;
        }
        if (futWaiter != null && futWaiter.cancel(message)) {
            // Leave futWaiter set: if it is a task that swallows the cancellation, a later cancel() must reach
            // it again.
            return true;
        }
        cancelState |= MUST_CANCEL;
        requestCancelMessage(message);
        return true;
    }

    /**
     * How many cancellation requests are pending: {@link #cancel} calls minus {@link #uncancel} calls.
     * <dl><dt>asyncio</dt><dd>{@code Task.cancelling()}.</dd></dl>
     *
     * @return the count
     */
    public int cancelling() {
        return cancelState & REQUESTS;
    }

    /**
     * Withdraws one cancellation request; once none is left, a cancellation not yet delivered is dropped. For
     * code that handles a cancellation and deliberately goes on (timeouts, task groups).
     * <dl><dt>asyncio</dt><dd>{@code Task.uncancel()}.</dd></dl>
     *
     * @return the remaining count
     */
    public int uncancel() {
        if ((cancelState & REQUESTS) > 0) {
            cancelState--;
            if ((cancelState & REQUESTS) == 0) {
                cancelState = 0; // no request left: drop a cancellation not yet delivered
            }
        }
        return cancelState & REQUESTS;
    }

    /** Whether a cancellation is to be thrown at the next resumption (asyncio's {@code _must_cancel}). */
    boolean mustCancel() {
        return cancelState < 0;
    }

    /** Sets or clears {@link #mustCancel()}, leaving the count of requests as it is. */
    void setMustCancel(boolean mustCancel) {
        cancelState = mustCancel ? cancelState | MUST_CANCEL : cancelState & REQUESTS;
    }

    /**
     * Not supported: a task's result is what its coroutine returns.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult(): " + this
                + " completes when its coroutine returns; use loop.createFuture() for a future you complete");
    }

    /**
     * Not supported: a task's exception is what its coroutine throws.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support setException(): " + this
                + " fails when its coroutine throws; use loop.createFuture() for a future you complete");
    }

    @Override
    public String toString() {
        return describe("Task");
    }

    @Override
    void describeIdentity(StringBuilder sb) {
        sb.append("name=").append(getName()).append(", ");
        if (!done() && cancelling() > 0) {
            sb.append("cancelling, ");
        }
    }

    @Override
    void describeWaiting(StringBuilder sb) {
        Future<?> waiting = futWaiter;
        if (waiting != null) {
            sb.append(" waitFor=").append(waiting); // asyncio's repr shows wait_for=<the future>
        }
    }

    /**
     * Runs the whole body on this task's fiber, with the loop held and this task current, and completes the task.
     * Called once per task by the backend; every await inside suspends and resumes within this call.
     */
    final void runBody() {
        if (mustCancel()) {
            setMustCancel(false);
            finishBody(null, null, true, cancelMessage());
            return;
        }
        T value;
        try {
            value = coro.call();
        } catch (CancellationException c) {
            forgetPendingRef();
            finishCancelled(c); // kept as the cause of what awaiters get: it says where the body was interrupted
            return;
        } catch (Throwable t) {
            finishBody(null, t, false, null);
            return;
        }
        if (mustCancel()) {
            // cancel() was called while the body ran its last step: asyncio cancels rather than finishes.
            setMustCancel(false);
            finishBody(null, null, true, cancelMessage());
            return;
        }
        finishBody(value, null, false, null);
    }

    private void finishBody(T value, Throwable error, boolean cancelled, String message) {
        forgetPendingRef();
        if (cancelled) {
            finishCancelled(message);
        } else if (error != null) {
            finishWithException(error);
        } else {
            finishWithResult(value);
        }
    }

    /** Drops the weak reference that reports this task if it is collected while pending. */
    final void forgetPendingRef() {
        if (gcRef != null) {
            loop.reports.forget(gcRef);
            gcRef = null;
        }
    }

    /** The cancellation thrown into the body when it resumes with a cancellation pending. */
    CancellationException takeCancellation() {
        setMustCancel(false);
        return newCancellation();
    }
}
