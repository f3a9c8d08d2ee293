package io.aio4j.internal;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Task;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One subscriber of a {@link Future} seen as a Reactive Streams publisher: at most one {@code onNext} (none for a
 * null result), then {@code onComplete}; or {@code onError} with what the future failed with, a
 * {@link CancellationException} if it was cancelled. Not API: {@link Future#subscribe} and the cold coroutine
 * publisher of {@code io.aio4j.reactive} are its public faces.
 *
 * <p>{@code request} and {@code cancel} may come from any thread; the future is only touched on its loop
 * ({@link LoopHop}), and every signal to the subscriber is sent from the loop, so they are serial (rule 1.3).
 * Watching starts right after {@code onSubscribe} has returned, never during it, so no signal can overtake it.
 * A failure is signalled at once, requested or not (rules 1.4, 1.9); a value waits for the first request. When
 * the future is already done and {@code request} is called on the loop, the signals are sent inside that call: a
 * value that is already there costs no loop iteration.
 *
 * <p>The future may be created by a source, on the loop, right after {@code onSubscribe} (one new task per
 * subscription for a coroutine, as Reactor's {@code Mono.fromCallable} runs its callable at subscription); a
 * subscription cancelled within {@code onSubscribe} then never creates it.
 */
public final class FutureSubscription<T> implements Subscription, Consumer<Future<T>> {
    /** The message a future is cancelled with when its subscriber cancels before its outcome arrived. */
    private static final String CANCELLED_BY_SUBSCRIBER = "the subscription to this future was cancelled";

    private final EventLoop loop;
    private final Supplier<? extends Future<T>> source;
    /** The future when it exists from the start (hot); null for a lazy source (then {@link #source} makes it). */
    private final Future<T> hot;
    /** Set on the loop at the first request. */
    private Future<T> future;
    /** Cleared once the subscriber got its terminal signal or cancelled, so it is not retained (rule 3.13). */
    private volatile Subscriber<? super T> subscriber;
    private volatile boolean cancelled;
    /** One request is enough for the whole (single) value. */
    private volatile boolean requested;

    private FutureSubscription(EventLoop loop, Future<T> hot, Supplier<? extends Future<T>> source,
            Subscriber<? super T> subscriber) {
        this.loop = loop;
        this.hot = hot;
        this.source = source;
        this.subscriber = subscriber;
    }

    /**
     * {@link Future#subscribe}: subscribes to a future that exists (hot).
     *
     * @param <T>        the type of the value
     * @param future     the future
     * @param subscriber the subscriber
     */
    public static <T> void subscribe(Future<T> future, Subscriber<? super T> subscriber) {
        start(future.getLoop(), future, null, subscriber);
    }

    /**
     * Subscribes to a future that {@code source} creates on {@code loop} right after {@code onSubscribe} returned: a
     * task, so that each subscription runs the coroutine anew (cold).
     *
     * @param <T>        the type of the value
     * @param loop       where {@code source} is called and the future lives
     * @param source     creates the future, on the loop
     * @param subscriber the subscriber
     */
    public static <T> void subscribeLazily(EventLoop loop, Supplier<? extends Future<T>> source,
            Subscriber<? super T> subscriber) {
        start(loop, null, source, subscriber);
    }

    private static <T> void start(EventLoop loop, Future<T> hot, Supplier<? extends Future<T>> source,
            Subscriber<? super T> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber must not be null (Reactive Streams rule 1.9)");
        }
        FutureSubscription<T> subscription = new FutureSubscription<>(loop, hot, source, subscriber);
        subscriber.onSubscribe(subscription);
        if (loop.inEventLoop()) {
            subscription.watch(); // the common case on the loop: no hop, no allocation
        } else if (!LoopHop.run(loop, subscription::watch)) {
            subscription.watchOnClosedLoop();
        }
    }

    /**
     * What a task that subscribed to {@code future} and awaited its signals would get, without the subscription:
     * for a bridge that recognises its own Mono of a future of the awaiting task's loop (the Reactor bridge's
     * {@code AioReactor.await(AioReactor.mono(future))}). Returns the result (null for none), or throws what the
     * future failed with, a {@link CancellationException} if it was cancelled. A future that is not done yet is
     * waited for without a loop iteration between its completion and the task's wake-up (a
     * {@link Wakeup#relay}); if the task is cancelled meanwhile, the future is cancelled as a cancelled subscription
     * cancels it, then the task's {@code CancellationException} leaves.
     *
     * @param <T>    the type of the result
     * @param future a future of the loop whose task calls this
     * @return the future's result
     * @throws CancellationException if the future or the awaiting task was cancelled
     * @throws IllegalStateException if not called from a task of the future's loop
     */
    public static <T> T awaitAsSubscriber(Future<T> future) {
        if (!future.done()) {
            Future<Void> waiting = future.getLoop().createFuture();
            Wakeup.Relay relay = Wakeup.relay(waiting);
            future.addDoneCallback(relay);
            try {
                waiting.await();
            } catch (CancellationException cancelled) {
                future.removeDoneCallback(relay);
                if (!future.done()) {
                    future.cancel(CANCELLED_BY_SUBSCRIBER);
                }
                throw cancelled;
            }
        }
        return future.result();
    }

    @Override
    public void request(long n) {
        if (cancelled || subscriber == null) {
            return;
        }
        if (n <= 0) {
            IllegalArgumentException error = new IllegalArgumentException("request(" + n + ") on " + this
                    + ": demand must be positive (Reactive Streams rule 3.9)");
            if (!LoopHop.run(loop, () -> fail(error))) {
                fail(error);
            }
            return;
        }
        if (requested) {
            return;
        }
        requested = true;
        if (loop.inEventLoop()) {
            deliverIfReady();
        } else if (!LoopHop.run(loop, this::deliverIfReady)) {
            deliverIfReady(); // the loop closed: what the future holds now is final
        }
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (subscriber == null) {
            return; // already delivered: nothing left to stop
        }
        subscriber = null;
        LoopHop.run(loop, () -> {
            // A hot future is cancelled even if the loop never got to watch() (cancel came first); a lazy source
            // that was never asked for creates nothing.
            Future<T> f = future != null ? future : hot;
            if (f != null) {
                f.removeDoneCallback(this);
                if (!f.done()) {
                    f.cancel(CANCELLED_BY_SUBSCRIBER);
                }
            }
        });
    }

    /** The future's done callback. */
    @Override
    public void accept(Future<T> done) {
        deliverIfReady();
    }

    /** On the loop, right after onSubscribe returned. */
    private void watch() {
        if (subscriber == null) {
            return; // cancelled within onSubscribe: for a lazy source, nothing is ever created
        }
        if (hot != null) {
            future = hot;
        } else {
            try {
                future = source.get();
            } catch (Throwable t) {
                fail(t);
                return;
            }
        }
        if (future.done()) {
            deliverIfReady();
        } else {
            future.addDoneCallback(this);
        }
    }

    /** Sends the outcome if the future is done and either it failed (no demand needed) or it was requested. */
    private void deliverIfReady() {
        Future<T> f = future;
        if (f == null || !f.done() || subscriber == null) {
            return;
        }
        if (requested || f.cancelled() || f.exception() != null) {
            deliver();
        }
    }

    /** The loop is closed: nothing will complete a future any more, so what one holds now is final. */
    private void watchOnClosedLoop() {
        Future<T> f = sourceOnClosedLoop();
        if (f != null && f.done()) {
            future = f;
            deliverIfReady();
        } else {
            fail(new IllegalStateException("the value can never arrive: its loop " + loop + " is closed"));
        }
    }

    private Future<T> sourceOnClosedLoop() {
        if (hot != null) {
            return hot;
        }
        try {
            return source.get(); // a hot future as it is; creating a task on a closed loop throws
        } catch (IllegalStateException closed) {
            return null;
        }
    }

    /**
     * Sends the outcome. For a task, the subscriber's signals run in a copy of the task's own context, so that
     * downstream code running inside them (a Reactor {@code map}, a subscriber's {@code onNext}) sees the
     * {@link io.aio4j.ContextVar}s the task set, as code after an {@code await} of the task would.
     */
    private void deliver() {
        if (future instanceof Task<?> task && loop.inEventLoop()) {
            task.getContext().copy().run(() -> {
                deliverHere();
                return null;
            });
        } else {
            deliverHere();
        }
    }

    private void deliverHere() {
        Subscriber<? super T> s = subscriber;
        if (s == null) {
            return;
        }
        subscriber = null;
        Throwable error;
        try {
            error = future.exception(); // marks it retrieved: the subscriber is the one who receives it
        } catch (CancellationException c) {
            error = c;
        }
        if (error != null) {
            s.onError(error);
            return;
        }
        T value = future.result();
        if (value != null) {
            s.onNext(value);
        }
        if (!cancelled) {
            s.onComplete();
        }
    }

    private void fail(Throwable error) {
        Subscriber<? super T> s = subscriber;
        subscriber = null;
        cancelled = true;
        Future<T> f = future;
        if (f != null) {
            f.removeDoneCallback(this);
            if (hot == null && !f.done() && !loop.isClosed()) {
                f.cancel("the subscription to this coroutine failed: " + error.getMessage()); // ours alone
            }
        }
        if (s != null) {
            s.onError(error);
        }
    }

    @Override
    public String toString() {
        return "FutureSubscription[" + (future != null ? future : "not started") + "]";
    }
}
