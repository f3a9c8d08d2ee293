package io.aio4j.reactive;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
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
 */
abstract class LoopSubscriber<T> implements Subscriber<T> {
    /** Stands in {@link #upstream} once we cancelled, so a late onSubscribe is cancelled at once. */
    private static final Subscription CANCELLED = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    final EventLoop loop;
    private final AtomicReference<Subscription> upstream = new AtomicReference<>();
    private volatile boolean crossedThreads;
    /** Loop side: a terminal signal was handled; nothing more reaches the subclass. */
    private boolean terminated;

    LoopSubscriber(EventLoop loop) {
        this.loop = loop;
    }

    // ------------------------------------------------------------------ Subscriber: any thread

    @Override
    public final void onSubscribe(Subscription s) {
        if (s == null) {
            throw new NullPointerException("onSubscribe(null): the subscription must not be null (rule 2.13)");
        }
        if (!upstream.compareAndSet(null, s)) {
            s.cancel(); // a second subscription (rule 2.5), or we cancelled before the first arrived
            return;
        }
        deliver(() -> {
            if (!terminated && upstream.get() == s) {
                subscribed();
            }
        }, null);
    }

    @Override
    public final void onNext(T item) {
        if (item == null) {
            throw new NullPointerException("onNext(null): Reactive Streams items must not be null (rule 2.13)");
        }
        deliver(() -> {
            if (!terminated && !isCancelled()) {
                next(item);
            }
        }, null);
    }

    @Override
    public final void onError(Throwable error) {
        if (error == null) {
            throw new NullPointerException("onError(null): the error must not be null (rule 2.13)");
        }
        deliver(() -> {
            if (terminated || isCancelled()) {
                reportUndeliverable(error);
                return;
            }
            terminated = true;
            error(error);
        }, error);
    }

    @Override
    public final void onComplete() {
        deliver(() -> {
            if (!terminated && !isCancelled()) {
                terminated = true;
                complete();
            }
        }, null);
    }

    // ------------------------------------------------------------------ for subclasses, on the loop

    /** The subscription arrived; ask for the first items. */
    abstract void subscribed();

    abstract void next(T item);

    abstract void error(Throwable error);

    abstract void complete();

    /** Asks upstream for {@code n} more items. */
    final void request(long n) {
        Subscription s = upstream.get();
        if (s != null && s != CANCELLED) {
            s.request(n);
        }
    }

    /** Cancels upstream (now if it subscribed, else as soon as it does); idempotent, any thread. */
    final void cancelUpstream() {
        Subscription s = upstream.getAndSet(CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }

    final boolean isCancelled() {
        return upstream.get() == CANCELLED;
    }

    // ------------------------------------------------------------------ crossing threads

    private void deliver(Runnable signal, Throwable error) {
        if (!crossedThreads && loop.inEventLoop()) {
            signal.run();
            return;
        }
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
