package io.aio4j.reactor;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * What the awaitables of {@code io.aio4j.reactive.Reactive} subscribe to when a task awaits or iterates a Flux
 * through {@link AioReactor} (a Mono has its own subscriber, {@link MonoAwaiter}, which shows the same context): it subscribes the Reactor source with the core's own subscriber wrapped in a
 * {@link CoreSubscriber} whose {@code currentContext()} holds the awaiting task's {@link io.aio4j.ContextVar}s
 * ({@link ContextBridge#ofCurrentTask()}), taken when the task subscribes, that is at each await; with
 * {@link AioContextPropagation} on, also the registered thread-locals of the task's step.
 *
 * <p>The wrapper only forwards signals. Being a {@code CoreSubscriber}, it also spares Reactor the
 * {@code StrictSubscriber} it puts in front of a plain Reactive Streams subscriber: the core subscriber already
 * keeps the rules that one enforces: it never requests less than 1, its cancel is idempotent, and it takes
 * signals from any thread (they reach the loop through {@code callSoonThreadsafe}).
 */
final class TaskContextPublisher<T> implements Publisher<T> {
    private final Publisher<T> source;

    TaskContextPublisher(Publisher<T> source) {
        this.source = source;
    }

    /** Called by the core on the awaiting task, so the current context is that task's. */
    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        source.subscribe(new WithContext<>(subscriber, ThreadLocalBridge.withThreadLocals(ContextBridge.ofCurrentTask())));
    }

    @Override
    public String toString() {
        return source.toString();
    }

    private static final class WithContext<T> implements CoreSubscriber<T> {
        private final Subscriber<? super T> actual;
        private final Context context;

        WithContext(Subscriber<? super T> actual, Context context) {
            this.actual = actual;
            this.context = context;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            actual.onSubscribe(s);
        }

        @Override
        public void onNext(T item) {
            actual.onNext(item);
        }

        @Override
        public void onError(Throwable error) {
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public String toString() {
            return actual.toString();
        }
    }
}
