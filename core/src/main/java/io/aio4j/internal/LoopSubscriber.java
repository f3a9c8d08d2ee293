package io.aio4j.internal;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of every subscriber with which a task awaits or iterates a publisher: it takes the Reactive Streams
 * signals on whatever thread the publisher sends them and replays them on the loop, in order, where the subclass
 * handles them as plain loop code ({@link #subscribed}, {@link #next}, {@link #error}, {@link #complete}).
 *
 * <p>A signal that arrives on the loop itself (a {@code Mono.just} subscribed from a task, a future that is already
 * done) is handled at once, so a value that is already there costs no loop iteration and no task switch. Once one
 * signal had to cross threads, every later one crosses too, so none overtakes another.
 *
 * <p>After {@link #cancelUpstream()}, items are dropped; an error is reported to the loop's exception handler,
 * unless it is a {@link CancellationException} (DESIGN §5: an error nobody can receive is never silent). A signal
 * that arrives after the loop closed cancels the subscription and, if it is an error, is reported the same way.
 *
 * <p>Internal: public only so that the bridges' own awaiting subscribers (the Reactor bridge's {@code MonoAwaiter})
 * keep these rules in this one place; not part of aio4j's API.
 */
public abstract class LoopSubscriber<T> implements Subscriber<T> {
    /** Stands in {@link #upstream} once we cancelled, so a late onSubscribe is cancelled at once. */
    private static final Subscription CANCELLED = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private static final VarHandle UPSTREAM;

    static {
        try {
            UPSTREAM = MethodHandles.lookup().findVarHandle(LoopSubscriber.class, "upstream", Subscription.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The loop the signals are handled on. */
    protected final EventLoop loop;
    /** Null until onSubscribe, then the subscription, or {@link #CANCELLED} once we cancelled. */
    private volatile Subscription upstream;
    private volatile boolean crossedThreads;
    /** Loop side: a terminal signal was handled; nothing more reaches the subclass. */
    private boolean terminated;

    /**
     * @param loop the loop of the awaiting task, where the signals are handled
     */
    protected LoopSubscriber(EventLoop loop) {
        this.loop = loop;
    }

    // ------------------------------------------------------------------ Subscriber: any thread
    // Each signal is handled in place when it arrives on the loop (no allocation: the common case of a value that
    // is already there), else wrapped in a callback that crosses through callSoonThreadsafe.

    @Override
    public final void onSubscribe(Subscription s) {
        if (s == null) {
            throw new NullPointerException("onSubscribe(null): the subscription must not be null (rule 2.13)");
        }
        if (onLoopNow()) {
            // No compare-and-set on the loop (it showed in the cost of awaiting a Mono): cancelUpstream() runs on
            // the loop too while the loop runs (its contract), and rule 1.3 keeps a second onSubscribe from racing
            // this one.
            if (upstream != null) {
                s.cancel(); // a second subscription (rule 2.5), or we cancelled before the first arrived
                return;
            }
            UPSTREAM.setRelease(this, s);
            handleSubscribe(s);
            return;
        }
        if (!UPSTREAM.compareAndSet(this, null, s)) {
            s.cancel();
            return;
        }
        cross(() -> handleSubscribe(s), null);
    }

    @Override
    public final void onNext(T item) {
        if (item == null) {
            throw new NullPointerException("onNext(null): Reactive Streams items must not be null (rule 2.13)");
        }
        if (onLoopNow()) {
            handleNext(item);
        } else {
            cross(() -> handleNext(item), null);
        }
    }

    @Override
    public final void onError(Throwable error) {
        if (error == null) {
            throw new NullPointerException("onError(null): the error must not be null (rule 2.13)");
        }
        if (onLoopNow()) {
            handleError(error);
        } else {
            cross(() -> handleError(error), error);
        }
    }

    @Override
    public final void onComplete() {
        if (onLoopNow()) {
            handleComplete();
        } else {
            cross(this::handleComplete, null);
        }
    }

    private void handleSubscribe(Subscription s) {
        if (!terminated && upstream == s) {
            subscribed();
        }
    }

    private void handleNext(T item) {
        if (!terminated && !isCancelled()) {
            next(item);
        }
    }

    private void handleError(Throwable error) {
        if (terminated || isCancelled()) {
            reportUndeliverable(error);
            return;
        }
        terminated = true;
        error(error);
    }

    private void handleComplete() {
        if (!terminated && !isCancelled()) {
            terminated = true;
            complete();
        }
    }

    // ------------------------------------------------------------------ for subclasses, on the loop

    /** The subscription arrived; ask for the first items. */
    protected abstract void subscribed();

    /**
     * An item, unless a terminal signal was handled or we cancelled.
     *
     * @param item the item
     */
    protected abstract void next(T item);

    /**
     * The error, unless a terminal signal was handled or we cancelled (then it is reported instead).
     *
     * @param error the error
     */
    protected abstract void error(Throwable error);

    /** The completion, unless a terminal signal was handled or we cancelled. */
    protected abstract void complete();

    /**
     * Asks upstream for {@code n} more items, if it subscribed and we did not cancel.
     *
     * @param n how many
     */
    public final void request(long n) {
        Subscription s = upstream;
        if (s != null && s != CANCELLED) {
            s.request(n);
        }
    }

    /**
     * Cancels upstream (now if it subscribed, else as soon as it does); idempotent. On the loop while the loop
     * runs; from any thread once it is closed.
     */
    public final void cancelUpstream() {
        Subscription s = (Subscription) UPSTREAM.getAndSet(this, CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }

    /**
     * The loop the signals are handled on.
     *
     * @return the awaiting task's loop
     */
    public final EventLoop loop() {
        return loop;
    }

    /**
     * Whether we cancelled upstream.
     *
     * @return true after {@link #cancelUpstream()}
     */
    protected final boolean isCancelled() {
        return upstream == CANCELLED;
    }

    // ------------------------------------------------------------------ crossing threads

    /** Whether this signal may be handled in place: it arrives on the loop, and none before it had to cross. */
    private boolean onLoopNow() {
        return !crossedThreads && loop.inEventLoop();
    }

    private void cross(Runnable signal, Throwable error) {
        crossedThreads = true;
        try {
            loop.callSoonThreadsafe(signal);
        } catch (IllegalStateException closed) {
            // The loop closed: nobody on it can receive this any more.
            cancelUpstream();
            if (error != null) {
                reportUndeliverable(error);
            }
        }
    }

    private void reportUndeliverable(Throwable error) {
        if (!(error instanceof CancellationException)) {
            loop.callExceptionHandler(new ExceptionContext("An error arrived from a publisher after its awaiting "
                    + "task stopped listening (cancelled, or its loop closed)", error, null, null));
        }
    }
}
