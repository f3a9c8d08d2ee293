package io.aio4j.reactive;

import io.aio4j.AsyncGenerator;
import io.aio4j.EventLoop;
import io.aio4j.internal.LoopHop;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A cold multi-item publisher whose items an async generator body emits: each subscription runs the body anew, as
 * a task of the loop, started when {@code onSubscribe} has returned. See {@link Reactive#fromGenerator}.
 */
final class GeneratorPublisher<T> implements Publisher<T> {
    private final EventLoop loop;
    private final AsyncGenerator.Body<T> body;

    GeneratorPublisher(EventLoop loop, AsyncGenerator.Body<T> body) {
        this.loop = loop;
        this.body = body;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber must not be null (Reactive Streams rule 1.9)");
        }
        GeneratorSubscription<T> subscription = new GeneratorSubscription<>(loop, body, subscriber);
        subscriber.onSubscribe(subscription);
        // Start the body only once onSubscribe has returned, so that its first onNext cannot overlap onSubscribe
        // (rule 1.3); it runs up to its first emit, so a body that fails before emitting signals onError without
        // demand (rules 1.4, 1.9).
        if (!LoopHop.run(loop, subscription::start)) {
            subscription.loopClosed();
        }
    }

    @Override
    public String toString() {
        return "GeneratorPublisher[" + body + " on " + loop + "]";
    }
}
