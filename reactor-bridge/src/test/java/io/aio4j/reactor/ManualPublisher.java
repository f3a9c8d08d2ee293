package io.aio4j.reactor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A bare publisher for one subscriber, whose signals the test sends by hand (on any thread), including the ones a
 * compliant publisher would not send after a cancel: the way to reach the bridge's undeliverable-error path.
 */
final class ManualPublisher<T> implements Publisher<T> {
    volatile Subscriber<? super T> subscriber;
    final AtomicLong requested = new AtomicLong();
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public void subscribe(Subscriber<? super T> s) {
        subscriber = s;
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        });
        subscribed.countDown();
    }

    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }
}
