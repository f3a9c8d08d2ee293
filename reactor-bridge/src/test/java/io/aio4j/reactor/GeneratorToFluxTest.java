package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link AioReactor#flux}: a cold, backpressured Flux whose items a generator body emits. */
abstract class GeneratorToFluxTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends GeneratorToFluxTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends GeneratorToFluxTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @BeforeEach
    void runLoopInBackground() {
        startLoop();
    }

    @Test
    void emitsTheItemsInOrderOnTheLoopThenCompletes() {
        AtomicBoolean allOnLoop = new AtomicBoolean(true);
        Flux<Integer> flux = AioReactor.<Integer>flux(loop, out -> {
            for (int i = 1; i <= 5; i++) {
                Async.sleep(Duration.ZERO);
                out.emit(i);
            }
        }).doOnNext(i -> allOnLoop.compareAndSet(true, loop.inEventLoop()));

        StepVerifier.create(flux).expectNext(1, 2, 3, 4, 5).expectComplete().verify(WAIT);
        assertThat(allOnLoop).isTrue();
    }

    @Test
    void eachSubscriptionRunsTheBodyAnew() {
        AtomicInteger runs = new AtomicInteger();
        Flux<Integer> flux = AioReactor.flux(loop, out -> out.emit(runs.incrementAndGet()));

        StepVerifier.create(flux).expectNext(1).expectComplete().verify(WAIT);
        StepVerifier.create(flux).expectNext(2).expectComplete().verify(WAIT);
    }

    @Test
    void aBodyThatEmitsNothingIsAnEmptyFlux() {
        StepVerifier.create(AioReactor.flux(loop, out -> { })).expectComplete().verify(WAIT);
    }

    @Test
    void whatTheBodyThrowsFollowsItsItemsAsTheVeryException() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");

        StepVerifier.create(AioReactor.<String>flux(loop, out -> {
            out.emit("a");
            throw boom;
        })).expectNext("a").expectErrorSatisfies(e -> assertThat(e).isSameAs(boom)).verify(WAIT);
        StepVerifier.create(AioReactor.<String>flux(loop, out -> {
            throw checked;
        })).expectErrorSatisfies(e -> assertThat(e).isSameAs(checked)).verify(WAIT);
    }

    @Test
    void theBodyEmitsOnlyAsRequested() throws Exception {
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch atThirdItem = new CountDownLatch(1);
        Flux<Integer> flux = AioReactor.<Integer>flux(loop, out -> {
            started.incrementAndGet();
            for (int i = 0; ; i++) {
                if (i == 2) {
                    atThirdItem.countDown();
                }
                out.emit(i);
            }
        }).doOnNext(i -> delivered.incrementAndGet());

        StepVerifier.create(flux, 0)
                .expectSubscription()
                .then(() -> {
                    drain();
                    assertThat(started).as("the body starts at subscription").hasValue(1);
                    assertThat(delivered).as("but emits nothing without demand").hasValue(0);
                })
                .thenRequest(2)
                .expectNext(0, 1)
                .then(() -> {
                    awaitLatch(atThirdItem);
                    drain(); // the body is now suspended in emit(2), demand zero
                    assertThat(delivered).hasValue(2);
                })
                .thenRequest(1)
                .expectNext(2)
                .thenCancel()
                .verify(WAIT);
        assertThat(started).hasValue(1);
    }

    @Test
    void limitRateBoundsWhatTheBodyRunsAheadOfTheConsumer() {
        int items = 1_000;
        AtomicLong requested = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong largestRequest = new AtomicLong();
        List<String> violations = new CopyOnWriteArrayList<>();
        Flux<Integer> flux = AioReactor.<Integer>flux(loop, out -> {
            for (int i = 0; i < items; i++) {
                out.emit(i);
            }
        })
                .doOnNext(i -> {
                    if (delivered.incrementAndGet() > requested.get()) {
                        violations.add("item " + i + " beyond demand " + requested.get());
                    }
                })
                .doOnRequest(n -> {
                    requested.addAndGet(n);
                    largestRequest.accumulateAndGet(n, Math::max);
                })
                .limitRate(8);

        StepVerifier.create(flux).expectNextCount(items).expectComplete().verify(WAIT);
        assertThat(violations).isEmpty();
        assertThat(largestRequest).hasValue(8);
        assertThat(delivered).hasValue(items);
    }

    @Test
    void cancellingTheSubscriptionStopsTheBodyAtItsEmit() throws Exception {
        CountDownLatch unwound = new CountDownLatch(1);
        AtomicBoolean emitThrewCancellation = new AtomicBoolean();
        Flux<Integer> flux = AioReactor.flux(loop, out -> {
            try {
                for (int i = 0; ; i++) {
                    out.emit(i);
                }
            } catch (CancellationException c) {
                emitThrewCancellation.set(true);
                throw c;
            } finally {
                unwound.countDown();
            }
        });

        StepVerifier.create(flux, 3).expectNext(0, 1, 2).thenCancel().verify(WAIT);

        await(unwound);
        assertThat(emitThrewCancellation).isTrue();
    }

    @Test
    void cancellingTheSubscriptionCancelsABodySuspendedElsewhere() throws Exception {
        CountDownLatch unwound = new CountDownLatch(1);
        AtomicBoolean sawCancellation = new AtomicBoolean();
        Flux<Integer> flux = AioReactor.flux(loop, out -> {
            out.emit(1);
            try {
                Async.sleep(Duration.ofHours(1));
            } catch (CancellationException c) {
                sawCancellation.set(true);
                throw c;
            } finally {
                unwound.countDown();
            }
        });

        StepVerifier.create(flux).expectNext(1).thenCancel().verify(WAIT);

        await(unwound);
        assertThat(sawCancellation).isTrue();
    }

    @Test
    void takeStopsAnEndlessBody() throws Exception {
        CountDownLatch unwound = new CountDownLatch(1);
        Flux<Integer> flux = AioReactor.flux(loop, out -> {
            try {
                for (int i = 0; ; i++) {
                    out.emit(i);
                }
            } finally {
                unwound.countDown();
            }
        });

        StepVerifier.create(flux.take(3)).expectNext(0, 1, 2).expectComplete().verify(WAIT);
        await(unwound);
    }

    private void drain() {
        try {
            drainLoop();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            await(latch);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
