package io.aio4j.tck;

import java.util.concurrent.Flow;

/**
 * Hides which adapter a {@link Flow} object is. The TCK's Flow verifications turn what we give them back into
 * Reactive Streams types with {@code FlowAdapters.toPublisher}/{@code toSubscriber}, and those unwrap an object
 * that {@code FlowAdapters} made itself: given {@code Reactive.toFlow(p)} they would hand the TCK {@code p} again,
 * and the "Flow" verification would silently test the Reactive Streams object a second time. Behind these
 * forwarding wrappers every signal really crosses {@code java.util.concurrent.Flow}, as with a native Flow
 * publisher or subscriber (the JDK's {@code SubmissionPublisher}, say).
 */
public final class FlowOnly {
    private FlowOnly() {}

    /** A Flow.Publisher that forwards to {@code publisher} and is not recognisably an adapter. */
    public static <T> Flow.Publisher<T> publisher(Flow.Publisher<T> publisher) {
        return new Flow.Publisher<>() {
            @Override
            public void subscribe(Flow.Subscriber<? super T> subscriber) {
                publisher.subscribe(subscriber);
            }

            @Override
            public String toString() {
                return "FlowOnly[" + publisher + "]";
            }
        };
    }

    /** A Flow.Subscriber that forwards to {@code subscriber} and is not recognisably an adapter. */
    public static <T> Flow.Subscriber<T> subscriber(Flow.Subscriber<T> subscriber) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(T item) {
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }

            @Override
            public String toString() {
                return "FlowOnly[" + subscriber + "]";
            }
        };
    }
}
