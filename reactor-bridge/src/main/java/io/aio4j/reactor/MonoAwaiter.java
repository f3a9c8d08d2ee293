package io.aio4j.reactor;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.internal.CurrentTask;
import io.aio4j.internal.Errors;
import io.aio4j.internal.FutureSubscription;
import io.aio4j.internal.Wakeup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The subscriber with which a task awaits a Mono ({@link AioReactor#await(Mono)} and its awaitables): Reactor sees a
 * {@link CoreSubscriber} whose {@code currentContext()} holds the awaiting task's {@link io.aio4j.ContextVar}s (so it
 * puts no {@code StrictSubscriber} in front), and the task gets the value, {@code null} for an empty Mono, or the
 * error, from fields of this one object: no wrapper, no outcome object, and no loop future unless the task has to
 * wait.
 *
 * <p>The Mono's signals follow the rule of the core's subscribers ({@code io.aio4j.reactive}): one that arrives on
 * the loop (a value that is already there, delivered inside {@code subscribe}) is handled at once; once one had to
 * cross threads, every later one crosses too, through {@code callSoonThreadsafe}, so none overtakes another. The
 * Mono is asked for everything at once; a second item (a {@code Mono.fromDirect(flux)}) cancels it and fails the
 * await with {@link IllegalArgumentException}, as the core's single-item await does. An error that arrives after
 * the task stopped listening goes to the loop's exception handler, unless it is a
 * {@link CancellationException} (DESIGN §5). It does not extend the core's {@code LoopSubscriber} (package-private,
 * and for any number of items, with the outcome kept apart): for one Mono it keeps the same rules in fewer steps
 * (on the loop, onSubscribe needs no compare-and-set), and the TCK verifies it as it verifies that base.
 *
 * <p>Two Monos are awaited without a subscription, as Reactor's own operators fuse such sources: a scalar Mono
 * ({@code Mono.just}, {@code Mono.empty}, {@code Mono.error}) is read, and a {@link FutureToMono}
 * ({@code AioReactor.mono(future)}, no operator in between, no {@code Hooks.onLastOperator} wrapping it) of a
 * future of the awaiting task's loop is awaited as a subscriber would await it
 * ({@link FutureSubscription#awaitAsSubscriber}: the same outcome and cancellation, woken without the loop
 * iteration the subscription's done callback costs).
 */
final class MonoAwaiter<T> implements CoreSubscriber<T> {
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
            UPSTREAM = MethodHandles.lookup().findVarHandle(MonoAwaiter.class, "upstream", Subscription.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final Context context;
    /** Null until onSubscribe, then the subscription, or {@link #CANCELLED} once we cancelled. */
    private volatile Subscription upstream;
    private volatile boolean crossedThreads;
    // Loop side.
    /** A terminal signal (or a second item) settled the outcome; nothing more is taken. */
    private boolean terminated;
    private boolean hasValue;
    private T value;
    private Throwable failure;
    /** What the awaiting task suspends on while the outcome is not settled; created only if it has to wait. */
    private Future<Void> waiting;

    /**
     * @param loop    the loop of the awaiting task, where the signals are handled
     * @param context what {@code currentContext()} shows upstream
     */
    MonoAwaiter(EventLoop loop, Context context) {
        this.loop = loop;
        this.context = context;
    }

    /**
     * Awaits {@code mono} in the current task: its value, null if it completed empty, or its error thrown as an
     * await throws it. A scalar Mono ({@code Mono.just}, {@code Mono.empty}, {@code Mono.error}) is read without
     * subscribing, as Reactor's own operators fuse it. If the task is cancelled meanwhile, the subscription is
     * cancelled before the {@link CancellationException} leaves.
     *
     * @param method the public method the user called, for the error outside a task
     * @throws IllegalStateException if not called from a task of a running loop
     */
    static <T> T await(Mono<T> mono, String method) {
        Task<?> task = CurrentTask.require(method);
        if (mono instanceof Fuseable.ScalarCallable<?> scalar) {
            return scalarValue(scalar);
        }
        EventLoop loop = task.getLoop();
        CorePublisher<T> source = mono;
        if (mono instanceof FutureToMono<T> ofFuture && ofFuture.future().getLoop() == loop) {
            source = Operators.onLastAssembly(mono); // what mono.subscribe would subscribe: mono, unless hooked
            if (source == mono) {
                return FutureSubscription.awaitAsSubscriber(ofFuture.future());
            }
        }
        MonoAwaiter<T> awaiter = new MonoAwaiter<>(loop,
                ThreadLocalBridge.withThreadLocals(ContextBridge.ofCurrentTask()));
        if (source == mono) {
            Publisher<T> publisher = mono; // Mono.subscribe(Subscriber), with its hooks; not subscribe(CoreSubscriber)
            publisher.subscribe(awaiter);
        } else {
            subscribeHooked(source, awaiter);
        }
        return awaiter.awaitValue();
    }

    /**
     * Subscribes to what {@code Hooks.onLastOperator} made of a Mono, as {@code Mono.subscribe} does after applying
     * the hook (applied once already, by the caller, so not applied again here).
     */
    private static <T> void subscribeHooked(CorePublisher<T> hooked, MonoAwaiter<T> awaiter) {
        try {
            hooked.subscribe(awaiter);
        } catch (Throwable e) {
            Operators.reportThrowInSubscribe(awaiter, e);
        }
    }

    /** A scalar Mono's value (null when empty), or its error thrown as an await throws it. */
    @SuppressWarnings("unchecked")
    private static <T> T scalarValue(Fuseable.ScalarCallable<?> scalar) {
        try {
            return (T) scalar.call();
        } catch (Throwable error) {
            throw Errors.rethrow(error);
        }
    }

    /**
     * Waits (suspending the calling task only if needed) for the outcome and returns it, or throws the failure as
     * an await does. If the task is cancelled meanwhile, upstream is cancelled before the exception leaves.
     */
    T awaitValue() {
        if (!terminated) {
            Future<Void> w = loop.createFuture();
            waiting = w;
            try {
                w.await();
            } catch (CancellationException cancelled) {
                cancelUpstream();
                throw cancelled;
            }
        }
        if (failure != null) {
            throw Errors.rethrow(failure);
        }
        return value;
    }

    @Override
    public Context currentContext() {
        return context;
    }

    // ------------------------------------------------------------------ Subscriber: any thread

    @Override
    public void onSubscribe(Subscription s) {
        if (s == null) {
            throw new NullPointerException("onSubscribe(null): the subscription must not be null (rule 2.13)");
        }
        if (onLoopNow()) {
            // No compare-and-set needed here: every cancelUpstream() runs on the loop too (the awaiting task, a
            // second item) or after the loop closed, and rule 1.3 keeps a second onSubscribe from racing this one.
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
    public void onNext(T item) {
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
    public void onError(Throwable error) {
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
    public void onComplete() {
        if (onLoopNow()) {
            handleComplete();
        } else {
            cross(this::handleComplete, null);
        }
    }

    // ------------------------------------------------------------------ on the loop

    private void handleSubscribe(Subscription s) {
        if (!terminated && upstream == s) {
            // The completion of a Mono that has its item may wait for demand: ask for everything (a second item
            // is refused in handleNext).
            s.request(Long.MAX_VALUE);
        }
    }

    private void handleNext(T item) {
        if (terminated || isCancelled()) {
            return;
        }
        if (hasValue) {
            cancelUpstream();
            settle(null, new IllegalArgumentException(
                    "the publisher emitted more than one item where a single one was expected"));
        } else {
            value = item;
            hasValue = true;
        }
    }

    private void handleError(Throwable error) {
        if (terminated || isCancelled()) {
            reportUndeliverable(error);
            return;
        }
        settle(null, error);
    }

    private void handleComplete() {
        if (!terminated && !isCancelled()) {
            settle(value, null);
        }
    }

    private void settle(T result, Throwable error) {
        terminated = true;
        value = result;
        failure = error;
        Wakeup.wake(waiting);
        waiting = null;
    }

    /** Asks upstream for {@code n} more items, if it subscribed and we did not cancel (the TCK's puppet). */
    void request(long n) {
        Subscription s = upstream;
        if (s != null && s != CANCELLED) {
            s.request(n);
        }
    }

    /** Cancels upstream (now if it subscribed, else as soon as it does); idempotent, any thread. */
    void cancelUpstream() {
        Subscription s = (Subscription) UPSTREAM.getAndSet(this, CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }

    private boolean isCancelled() {
        return upstream == CANCELLED;
    }

    /** The loop the signals are handled on. */
    EventLoop loop() {
        return loop;
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

    @Override
    public String toString() {
        String state = terminated ? (failure != null ? "failed" : "done") : isCancelled() ? "cancelled" : "waiting";
        return "MonoAwaiter[" + state + "]";
    }
}
