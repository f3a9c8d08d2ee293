package io.aio4j.reactive;

import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.internal.FutureSubscription;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/** A cold publisher of a coroutine's result: one new task per subscription, created when it subscribes. */
final class CoroutinePublisher<T> implements Publisher<T> {
    private final EventLoop loop;
    private final Coroutine<T> coro;

    CoroutinePublisher(EventLoop loop, Coroutine<T> coro) {
        this.loop = loop;
        this.coro = coro;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        FutureSubscription.subscribeLazily(loop, () -> loop.createTask(coro), subscriber);
    }

    @Override
    public String toString() {
        return "CoroutinePublisher[" + coro + " on " + loop + "]";
    }
}
