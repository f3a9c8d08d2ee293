package io.aio4j.reactor;

import io.aio4j.EventLoop;
import io.aio4j.Task;
import io.aio4j.internal.CurrentTask;
import io.aio4j.internal.Errors;
import io.aio4j.internal.FutureSubscription;
import io.aio4j.internal.LoopSubscriber;
import io.aio4j.internal.OutcomeSubscriber;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Publisher;
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
 * {@link CancellationException} (DESIGN §5). Those rules live in the core's {@link LoopSubscriber}, which this
 * extends as the core's own awaiting subscribers do; the TCK verifies it as it verifies them.
 *
 * <p>Two Monos are awaited without a subscription, as Reactor's own operators fuse such sources: a scalar Mono
 * ({@code Mono.just}, {@code Mono.empty}, {@code Mono.error}) is read, and a {@link FutureToMono}
 * ({@code AioReactor.mono(future)}, no operator in between, no {@code Hooks.onLastOperator} wrapping it) of a
 * future of the awaiting task's loop is awaited as a subscriber would await it
 * ({@link FutureSubscription#awaitAsSubscriber}: the same outcome and cancellation, woken without the loop
 * iteration the subscription's done callback costs).
 */
final class MonoAwaiter<T> extends OutcomeSubscriber<T, T> implements CoreSubscriber<T> {
    private final Context context;

    /**
     * @param loop    the loop of the awaiting task, where the signals are handled
     * @param context what {@code currentContext()} shows upstream
     */
    MonoAwaiter(EventLoop loop, Context context) {
        super(loop);
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
        return awaiter.awaitOutcome();
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

    @Override
    public Context currentContext() {
        return context;
    }

    // ------------------------------------------------------------------ the signals, on the loop (LoopSubscriber)

    @Override
    protected void subscribed() {
        // The completion of a Mono that has its item may wait for demand: ask for everything (a second item is
        // refused in next).
        request(Long.MAX_VALUE);
    }

    @Override
    protected void next(T item) {
        if (!settled()) {
            keepSingle(item);
        }
    }

    @Override
    protected void error(Throwable error) {
        settle(null, error);
    }

    @Override
    protected void complete() {
        settle(item(), null);
    }

    @Override
    public String toString() {
        String state = settled() ? (failed() ? "failed" : "done") : isCancelled() ? "cancelled" : "waiting";
        return "MonoAwaiter[" + state + "]";
    }
}
