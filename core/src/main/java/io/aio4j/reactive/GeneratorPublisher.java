package io.aio4j.reactive;

import io.aio4j.AsyncGenerator;
import io.aio4j.EventLoop;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A cold multi-item publisher whose items an async generator body emits: each subscription runs the body anew, as
 * a task of the loop, started at the first request. See {@link Reactive#fromGenerator}.
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
        subscriber.onSubscribe(new GeneratorSubscription<>(loop, body, subscriber));
    }

    @Override
    public String toString() {
        return "GeneratorPublisher[" + body + " on " + loop + "]";
    }
}
