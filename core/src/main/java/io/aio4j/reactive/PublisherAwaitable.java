package io.aio4j.reactive;

import io.aio4j.Awaitable;
import io.aio4j.EventLoop;
import io.aio4j.internal.CurrentTask;
import org.reactivestreams.Publisher;

/**
 * An awaitable that subscribes to a publisher when awaited (each await subscribes anew, so a cold publisher runs
 * once per await) and returns what a {@link ValueSubscriber} makes of its signals. If the awaiting task is
 * cancelled meanwhile, the subscription is cancelled before the {@code CancellationException} leaves the await.
 */
final class PublisherAwaitable<T, R> implements Awaitable<R> {
    private final Publisher<T> publisher;
    private final ValueSubscriber.Mode mode;
    private final boolean hasDefault;
    private final T defaultValue;

    PublisherAwaitable(Publisher<T> publisher, ValueSubscriber.Mode mode, boolean hasDefault, T defaultValue) {
        this.publisher = publisher;
        this.mode = mode;
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
    }

    @Override
    public R await() {
        EventLoop loop = CurrentTask.require("Reactive." + mode.name().toLowerCase(java.util.Locale.ROOT) + "(...).await()").getLoop();
        ValueSubscriber<T, R> subscriber = new ValueSubscriber<>(loop, mode, hasDefault, defaultValue);
        publisher.subscribe(subscriber);
        return subscriber.awaitOutcome();
    }

    @Override
    public String toString() {
        return "await " + mode.name().toLowerCase(java.util.Locale.ROOT) + " of " + publisher;
    }
}
