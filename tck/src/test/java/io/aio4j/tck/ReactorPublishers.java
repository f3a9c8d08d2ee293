package io.aio4j.tck;

import static io.aio4j.tck.CorePublishers.counting;
import static io.aio4j.tck.CorePublishers.failing;
import static io.aio4j.tck.CorePublishers.failingTask;
import static io.aio4j.tck.CorePublishers.runningTask;
import static io.aio4j.tck.CorePublishers.valueFor;
import static io.aio4j.tck.CorePublishers.yieldingThenFailing;
import static io.aio4j.tck.CorePublishers.yieldingThenReturning;

import io.aio4j.reactor.AioReactor;
import org.reactivestreams.Publisher;

/**
 * What the Reactor bridge publishes ({@link AioReactor}), as {@link PublisherFactory}s over the same sources as
 * {@link CorePublishers}: a running task as a hot {@code Mono}, a coroutine as a cold {@code Mono}, a generator
 * body as a cold {@code Flux}.
 *
 * <p>The TCK subscribes its own (plain Reactive Streams) subscribers, so Reactor puts its {@code StrictSubscriber}
 * in front of each, as it does for any subscriber that is not a {@code CoreSubscriber}: the verification covers the
 * Mono or Flux as a foreign subscriber sees it, Reactor's operators ({@code Mono.fromDirect},
 * {@code deferContextual}) and aio4j's publisher behind them. A null result is an empty Mono, so the single-value
 * Monos can publish zero items.
 */
public final class ReactorPublishers {
    private ReactorPublishers() {}

    /**
     * {@link AioReactor#mono(io.aio4j.Future)} of a running task (hot; usually still pending when the TCK
     * subscribes). The failing one is the Mono of a task that throws.
     */
    public static final PublisherFactory MONO_FUTURE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return AioReactor.mono(runningTask(harness, valueFor(elements)));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return AioReactor.mono(failingTask(harness, "the task of AioReactor.mono(future)"));
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "AioReactor.mono(future)";
        }
    };

    /**
     * {@link AioReactor#mono(io.aio4j.EventLoop, io.aio4j.Coroutine)}: a cold Mono running a new task per
     * subscription, whose coroutine yields to the loop once before returning. The failing one throws after that
     * yield.
     */
    public static final PublisherFactory MONO_COROUTINE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return AioReactor.mono(harness.loop(), yieldingThenReturning(valueFor(elements)));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return AioReactor.mono(harness.loop(), yieldingThenFailing("the coroutine of AioReactor.mono(loop, coro)"));
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "AioReactor.mono(loop, coro)";
        }
    };

    /**
     * {@link AioReactor#flux(io.aio4j.EventLoop, io.aio4j.AsyncGenerator.Body)}: a cold, backpressured Flux whose
     * body emits {@code 0 .. n-1}, yielding to the loop after every third item. The failing body emits nothing and
     * throws.
     */
    public static final PublisherFactory FLUX = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return AioReactor.flux(harness.loop(), counting(elements));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return AioReactor.flux(harness.loop(), failing("the body of AioReactor.flux(loop, body)"));
        }

        @Override
        public long maxElements() {
            return Long.MAX_VALUE - 1; // the TCK's default: as many as asked, and it completes
        }

        @Override
        public String toString() {
            return "AioReactor.flux(loop, body)";
        }
    };
}
