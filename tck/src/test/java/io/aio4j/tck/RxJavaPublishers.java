package io.aio4j.tck;

import static io.aio4j.tck.CorePublishers.counting;
import static io.aio4j.tck.CorePublishers.failing;
import static io.aio4j.tck.CorePublishers.valueFor;
import static io.aio4j.tck.CorePublishers.yieldingThenFailing;
import static io.aio4j.tck.CorePublishers.yieldingThenReturning;

import io.aio4j.rxjava3.AioRx;
import org.reactivestreams.Publisher;

/**
 * What the RxJava bridge publishes ({@link AioRx}), as {@link PublisherFactory}s over the same sources as
 * {@link CorePublishers}: a generator body as a {@code Flowable} (a Reactive Streams publisher itself), and a
 * coroutine as a {@code Single} and a {@code Maybe}, seen through their {@code toFlowable()} (they are not
 * publishers; {@code toFlowable()} is how RxJava hands them to a Reactive Streams subscriber).
 *
 * <p>The TCK subscribes its own (plain Reactive Streams) subscribers, so RxJava puts its {@code StrictSubscriber}
 * in front of each, as it does for any subscriber that is not a {@code FlowableSubscriber}: the verification covers
 * the Flowable as a foreign subscriber sees it, RxJava's operators ({@code fromPublisher}, {@code toFlowable}) and
 * aio4j's publisher behind them. {@code AioRx.observable(...)} is left out: an {@code Observable} is not a
 * publisher, and through {@code toFlowable(strategy)} the TCK would verify RxJava's buffer, not the bridge.
 */
public final class RxJavaPublishers {
    private RxJavaPublishers() {}

    /**
     * {@link AioRx#flowable(io.aio4j.EventLoop, io.aio4j.AsyncGenerator.Body)}: a cold, backpressured Flowable
     * whose body emits {@code 0 .. n-1}, yielding to the loop after every third item. The failing body emits
     * nothing and throws.
     */
    public static final PublisherFactory FLOWABLE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return AioRx.flowable(harness.loop(), counting(elements));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return AioRx.flowable(harness.loop(), failing("the body of AioRx.flowable(loop, body)"));
        }

        @Override
        public long maxElements() {
            return Long.MAX_VALUE - 1; // the TCK's default: as many as asked, and it completes
        }

        @Override
        public String toString() {
            return "AioRx.flowable(loop, body)";
        }
    };

    /**
     * {@link AioRx#single(io.aio4j.EventLoop, io.aio4j.Coroutine)}{@code .toFlowable()}: a cold Single running a
     * new task per subscription, whose coroutine yields to the loop once before returning. The failing one throws
     * after that yield.
     *
     * <p>A Single has no empty form: asked for zero items, this is the Single of a coroutine returning null, which
     * fails with {@code NoSuchElementException} (RxJava's rule for an empty source, documented on
     * {@code AioRx.single}). The TCK asks for zero items only in its two rule 1.9 tests, which look at
     * {@code onSubscribe} (and allow an {@code onError} after it), and in the optional rule 1.5 test (an empty
     * stream completes), which therefore skips, the Single not implementing that optional rule (with the repair
     * in {@link TckRepairs}: the TCK itself let it pass).
     */
    public static final PublisherFactory SINGLE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return AioRx.single(harness.loop(), yieldingThenReturning(valueFor(elements))).toFlowable();
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return AioRx.single(harness.loop(), yieldingThenFailing("the coroutine of AioRx.single(loop, coro)"))
                    .toFlowable();
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "AioRx.single(loop, coro).toFlowable()";
        }
    };

    /**
     * {@link AioRx#maybe(io.aio4j.EventLoop, io.aio4j.Coroutine)}{@code .toFlowable()}: as {@link #SINGLE}, but a
     * null result is an empty Maybe, so zero items is just {@code onComplete}.
     */
    public static final PublisherFactory MAYBE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return AioRx.maybe(harness.loop(), yieldingThenReturning(valueFor(elements))).toFlowable();
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return AioRx.maybe(harness.loop(), yieldingThenFailing("the coroutine of AioRx.maybe(loop, coro)"))
                    .toFlowable();
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "AioRx.maybe(loop, coro).toFlowable()";
        }
    };
}
