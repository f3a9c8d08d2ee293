package io.aio4j.reactive;

import io.aio4j.EventLoop;
import io.aio4j.Task;
import io.aio4j.internal.LoopSubscriber;
import io.aio4j.tck.LoopHarness;
import io.aio4j.tck.SubscriberFactory;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;

/**
 * Every subscriber core awaits or iterates a publisher with, as {@link SubscriberFactory}s: a
 * {@link ValueSubscriber} per mode (the awaitables of {@link Reactive}) and the iterator of
 * {@link ReactiveIterable} ({@link Reactive#iterate}).
 *
 * <p>Backends: a {@code ValueSubscriber} runs no task (it replays signals on the loop through
 * {@code callSoonThreadsafe} and completes a future), so its verifications run on one backend; the iterator is
 * consumed by a task that suspends in {@code hasNext()}, so its verifications run on both.
 */
final class CoreSubscribers {
    private CoreSubscribers() {}

    /**
     * The prefetch of the iterators under test: small, so that the tests see the iterator replenish its demand
     * (after 3 of 4 items) and not just one big initial request.
     */
    static final int ITERATOR_PREFETCH = 4;

    /**
     * A {@link ValueSubscriber} in {@code mode}, made on the loop as {@link PublisherAwaitable} makes it. Nobody
     * awaits its outcome here; it keeps the outcome in its own fields (no loop future unless a task waits), so an
     * outcome nobody takes is not reported.
     */
    static SubscriberFactory value(ValueSubscriber.Mode mode) {
        return new SubscriberFactory() {
            @Override
            public Subscriber<Long> create(LoopHarness harness) {
                return newValueSubscriber(harness, mode);
            }

            @Override
            public Subscriber<Long> createProbed(LoopHarness harness, WhiteboxSubscriberProbe<Long> probe) {
                return ProbedSubscriber.of(newValueSubscriber(harness, mode), probe);
            }

            @Override
            public String toString() {
                return "ValueSubscriber." + mode;
            }
        };
    }

    private static ValueSubscriber<Long, Object> newValueSubscriber(LoopHarness harness, ValueSubscriber.Mode mode) {
        return harness.onLoop(() -> new ValueSubscriber<>(harness.loop(), mode, false, null));
    }

    /**
     * The iterator of {@link ReactiveIterable}, obtained through the public API only: a task of the loop runs
     * {@code for (Long x : Reactive.iterate(source, prefetch))}, where {@code source} is a publisher that hands
     * the subscriber it is given (the iterator) to the TCK instead of subscribing it to anything. The task keeps
     * consuming, as its user would; with a probe, the probe hears each item, the end and the error from that task
     * (what the user sees), and the puppet's cancel cancels the task, which cancels the subscription.
     *
     * @param prefetch the iterable's prefetch; small, so that replenishing requests happen during the tests
     */
    static SubscriberFactory iterator(int prefetch) {
        return new SubscriberFactory() {
            @Override
            public Subscriber<Long> create(LoopHarness harness) {
                return startConsumer(harness, prefetch, null).subscriber;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Subscriber<Long> createProbed(LoopHarness harness, WhiteboxSubscriberProbe<Long> probe) {
                Consumer c = startConsumer(harness, prefetch, probe);
                Task<Void> task = c.task;
                return new ProbedSubscriber<>((LoopSubscriber<Long>) c.subscriber, probe, false,
                        () -> task.cancel("the TCK puppet cancelled the iteration"));
            }

            @Override
            public String toString() {
                return "ReactiveIterable iterator (prefetch " + prefetch + ")";
            }
        };
    }

    /** The consuming task and the subscriber that {@code Reactive.iterate(...).iterator()} subscribed. */
    private record Consumer(Task<Void> task, Subscriber<Long> subscriber) {}

    @SuppressWarnings("unchecked")
    private static Consumer startConsumer(LoopHarness harness, int prefetch, WhiteboxSubscriberProbe<Long> probe) {
        CompletableFuture<Subscriber<? super Long>> handedOver = new CompletableFuture<>();
        Publisher<Long> handOver = handedOver::complete;
        EventLoop loop = harness.loop();
        Task<Void> task = harness.onLoop(() -> loop.createTask(() -> consume(handOver, prefetch, probe),
                "tck-iterator-consumer"));
        try {
            return new Consumer(task, (Subscriber<Long>) handedOver.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("the iterating task did not subscribe: " + task, e);
        }
    }

    private static Void consume(Publisher<Long> source, int prefetch, WhiteboxSubscriberProbe<Long> probe) {
        try (ReactiveIterable<Long> items = Reactive.iterate(source, prefetch)) {
            Iterator<Long> it = items.iterator();
            while (it.hasNext()) {
                Long item = it.next();
                if (probe != null) {
                    probe.registerOnNext(item);
                }
            }
            if (probe != null) {
                probe.registerOnComplete();
            }
        } catch (CancellationException cancelled) {
            throw cancelled; // the puppet cancelled the task: the end of the iteration, not an error signal
        } catch (Throwable error) {
            if (probe != null) {
                probe.registerOnError(error); // hasNext() rethrew the publisher's error as the very object
            }
        }
        return null;
    }
}
