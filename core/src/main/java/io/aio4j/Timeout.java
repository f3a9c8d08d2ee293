package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * A deadline on a block of code running in a task: when it passes, the task is cancelled, and the
 * {@link CancellationException} that unwinds the block comes out of {@link #run} as {@link AsyncTimeoutException}.
 * {@snippet :
 * String page = Async.timeout(Duration.ofSeconds(2)).run(() -> fetch(url));
 *
 * Timeout limit = Async.timeout(Duration.ofSeconds(10));
 * limit.run(() -> {
 *     for (Chunk c : stream) {
 *         handle(c);
 *         limit.reschedule(Async.getRunningLoop().time() + 10); // 10 s per chunk
 *     }
 *     return null;
 * });
 * }
 *
 * <p>Lifecycle: CREATED -> ENTERED by {@link #run} -> EXITED when the block ends in time; or ENTERED -> EXPIRING
 * when the deadline passes (the task is cancelled) -> EXPIRED when the block ends. A timeout is entered once.
 *
 * <p><b>Which scope raises.</b> On exit after expiry the scope withdraws its own cancellation
 * ({@link Task#uncancel()}), and converts the block's {@link CancellationException} into
 * {@link AsyncTimeoutException} only if no other cancellation of the task is pending: the task's
 * {@link Task#cancelling()} count is back where it was on entry. So with nested scopes whose deadlines pass
 * together only the outermost raises {@code AsyncTimeoutException} (the inner ones let the cancellation through),
 * a cancellation of the task from elsewhere is never turned into a timeout, and a handled timeout leaves no
 * cancellation behind on the task. If the block catches the cancellation and returns normally, {@link #run}
 * returns its value and {@link #expired()} tells what happened; if it throws some other exception instead, that
 * exception passes unchanged.
 *
 * <p><b>Why {@code run(body)} and not try-with-resources.</b> asyncio's {@code __aexit__} receives the block's
 * exception and replaces {@code CancelledError} with {@code TimeoutError}. A Java {@code close()} sees no
 * exception and cannot replace one: an exception it throws is only added as suppressed to the block's. A
 * try-with-resources timeout would therefore let the {@link CancellationException} escape after a handled
 * expiry, which callers would take for a cancellation of their task. The scope is a method taking the block.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Timeout} (timeouts.py), entered by {@code async with}. Differences:
 *   {@code async with} is {@link #run}; "no deadline" is {@link Double#POSITIVE_INFINITY} rather than
 *   {@code None}; when the block raises another exception after expiry, asyncio chains a {@code TimeoutError}
 *   into its context, while here it passes unchanged.</dd>
 *   <dt>Threading</dt><dd>On the loop only: {@link #run} from a task, the other methods from its tasks and
 *   callbacks.</dd>
 * </dl>
 */
public final class Timeout {
    /** The lifecycle, with asyncio's display names. */
    enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private State state = State.CREATED;
    private double when;
    /** Known at creation for {@link Async#timeout(Duration)}, else bound on entry. */
    private EventLoop loop;
    private Task<?> task;
    /** The task's {@link Task#cancelling()} count on entry. */
    private int cancellingOnEntry;
    private Handle timeoutHandle;
    private final Runnable expire = new Runnable() {
        @Override
        public void run() {
            onTimeout();
        }

        @Override
        public String toString() {
            return "expiry of " + Timeout.this;
        }
    };

    Timeout(EventLoop loop, double when) {
        this.loop = loop;
        this.when = when;
    }

    /**
     * The deadline, in loop seconds on the scale of {@link EventLoop#time()}.
     * <dl><dt>asyncio</dt><dd>{@code Timeout.when()}; {@code None} there is {@link Double#POSITIVE_INFINITY}
     * here.</dd></dl>
     *
     * @return the deadline, or {@link Double#POSITIVE_INFINITY} if there is none
     */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline of an active scope. A deadline not later than the loop's current time expires at the next
     * loop iteration; {@link Double#POSITIVE_INFINITY} removes it.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code Timeout.reschedule(when)}.</dd>
     *   <dt>Threading</dt><dd>On the loop only.</dd>
     * </dl>
     *
     * @param when the new deadline in loop seconds, or {@link Double#POSITIVE_INFINITY} for none
     * @throws IllegalArgumentException if {@code when} is NaN
     * @throws IllegalStateException    if the scope is not active: not entered yet, expiring, expired or finished
     */
    public void reschedule(double when) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must be a loop time or Double.POSITIVE_INFINITY but was NaN");
        }
        if (state != State.ENTERED) {
            throw new IllegalStateException(state == State.CREATED
                    ? "Timeout has not been entered: " + this + "; reschedule() works inside run()"
                    : "Cannot change state of " + state.label + " Timeout: " + this);
        }
        this.when = when;
        if (timeoutHandle != null) {
            timeoutHandle.cancel();
        }
        if (when == Double.POSITIVE_INFINITY) {
            timeoutHandle = null;
        } else if (when <= loop.time()) {
            timeoutHandle = loop.callSoon(expire);
        } else {
            timeoutHandle = loop.callAt(when, expire);
        }
    }

    /**
     * Whether the deadline passed while the scope was active.
     * <dl><dt>asyncio</dt><dd>{@code Timeout.expired()}.</dd></dl>
     *
     * @return true once expired, also after {@link #run} returned
     */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Runs {@code body} inline on the calling task with this deadline: enters the scope, runs the body, exits.
     * See the class description for what happens on expiry.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code async with timeout:} around the body.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task where the body awaits.</dd>
     *   <dt>Cancellation</dt><dd>On expiry the calling task is cancelled: the body's current await throws
     *   {@link CancellationException}. A cancellation of the task from elsewhere passes through as it is.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param body the block to limit
     * @return what {@code body} returned
     * @throws AsyncTimeoutException if the deadline passed and the body ended with the resulting cancellation
     * @throws CancellationException if the calling task was cancelled otherwise
     * @throws java.util.concurrent.CompletionException wrapping a checked exception thrown by {@code body}
     * @throws IllegalStateException if not called from a task of a running loop, or if this timeout was entered
     *                               before
     * @throws NullPointerException  if {@code body} is null
     */
    public <T> T run(Coroutine<T> body) {
        Checks.notNull(body, "body");
        enter();
        T value;
        try {
            value = body.await();
        } catch (CancellationException c) {
            if (exit()) {
                throw new AsyncTimeoutException("Timeout expired: the deadline (loop time " + when
                        + ") passed before the block finished", c);
            }
            throw c;
        } catch (Throwable t) {
            exit();
            throw t;
        }
        exit();
        return value;
    }

    /** asyncio's {@code __aenter__}. */
    private void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered: " + this
                    + "; create a new one with Async.timeout() for each run()");
        }
        Task<?> current = RunningLoop.currentTask("Timeout.run()");
        if (loop != null && current.loop != loop) {
            throw new IllegalStateException("Timeout.run(): " + this + " was created for " + loop
                    + ", not for the loop of task " + current.getName() + ", " + current.loop);
        }
        loop = current.loop;
        task = current;
        state = State.ENTERED;
        cancellingOnEntry = current.cancelling();
        reschedule(when);
    }

    /**
     * asyncio's {@code __aexit__}: drops the timer, withdraws the expiry's cancellation, and tells whether a
     * cancellation unwinding the block is this scope's to turn into a timeout.
     */
    private boolean exit() {
        if (timeoutHandle != null) {
            timeoutHandle.cancel();
            timeoutHandle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            return task.uncancel() <= cancellingOnEntry;
        }
        if (state == State.ENTERED) {
            state = State.EXITED;
        }
        return false;
    }

    private void onTimeout() {
        if (state != State.ENTERED) {
            return;
        }
        task.cancel();
        state = State.EXPIRING;
        timeoutHandle = null;
    }

    State state() {
        return state;
    }

    @Override
    public String toString() {
        if (state == State.ENTERED) {
            return "Timeout[" + state.label + ", when="
                    + (when == Double.POSITIVE_INFINITY ? "never" : String.format(Locale.ROOT, "%.3f", when)) + "]";
        }
        return "Timeout[" + state.label + "]";
    }

    /** A timeout in seconds, for deadlines on the scale of {@link EventLoop#time()}. */
    static double seconds(Duration timeout) {
        return timeout.getSeconds() + timeout.getNano() / 1e9;
    }

    /** A limit that may be zero or negative (already expired), as a delay the loop accepts. */
    static Duration nonNegative(Duration timeout) {
        return timeout.isNegative() ? Duration.ZERO : timeout;
    }
}
