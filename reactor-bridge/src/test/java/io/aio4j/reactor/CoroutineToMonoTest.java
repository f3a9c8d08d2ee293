package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link AioReactor#mono(EventLoop, io.aio4j.Coroutine)}: a cold Mono, one task per subscription. */
abstract class CoroutineToMonoTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends CoroutineToMonoTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends CoroutineToMonoTest {
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
    void runsNothingUntilSubscribedThenOneTaskPerSubscription() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Mono<String> mono = AioReactor.mono(loop, () -> {
            assertThat(Async.currentTask()).isNotNull();
            Async.sleep(Duration.ZERO);
            return "run " + runs.incrementAndGet();
        });
        drainLoop();
        assertThat(runs).hasValue(0);

        StepVerifier.create(mono).expectNext("run 1").expectComplete().verify(WAIT);
        StepVerifier.create(mono).expectNext("run 2").expectComplete().verify(WAIT);
        assertThat(runs).hasValue(2);
    }

    @Test
    void signalsOnTheLoop() {
        AtomicBoolean onLoopThread = new AtomicBoolean();
        Mono<String> mono = AioReactor.mono(loop, () -> "value").doOnNext(v -> onLoopThread.set(loop.inEventLoop()));

        StepVerifier.create(mono).expectNext("value").expectComplete().verify(WAIT);
        assertThat(onLoopThread).isTrue();
    }

    @Test
    void aNullResultIsAnEmptyMono() {
        StepVerifier.create(AioReactor.mono(loop, () -> null)).expectComplete().verify(WAIT);
    }

    @Test
    void whatTheCoroutineThrowsIsSignalledAsTheVeryException() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");

        StepVerifier.create(AioReactor.mono(loop, () -> {
            Async.sleep(Duration.ZERO);
            throw boom;
        })).expectErrorSatisfies(e -> assertThat(e).isSameAs(boom)).verify(WAIT);
        StepVerifier.create(AioReactor.mono(loop, () -> {
            throw checked;
        })).expectErrorSatisfies(e -> assertThat(e).isSameAs(checked)).verify(WAIT);
    }

    @Test
    void cancellingTheSubscriptionCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch unwound = new CountDownLatch(1);
        AtomicBoolean sawCancellation = new AtomicBoolean();
        Mono<String> mono = AioReactor.mono(loop, () -> {
            started.countDown();
            try {
                Async.sleep(Duration.ofHours(1));
                return "never";
            } catch (CancellationException c) {
                sawCancellation.set(true);
                throw c;
            } finally {
                unwound.countDown();
            }
        });

        StepVerifier.create(mono)
                .expectSubscription()
                .then(() -> {
                    try {
                        await(started);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                })
                .thenCancel()
                .verify(WAIT);

        await(unwound);
        assertThat(sawCancellation).isTrue();
    }

    @Test
    void aSubscriptionCancelledBeforeItsRequestRunsNoTask() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Mono<Integer> mono = AioReactor.mono(loop, runs::incrementAndGet);

        StepVerifier.create(mono, 0).expectSubscription().thenCancel().verify(WAIT);
        drainLoop();
        assertThat(runs).hasValue(0);
    }

    @Test
    void onAClosedLoopTheSubscriberGetsIllegalStateException() {
        EventLoop closed = newLoop();
        closed.close();

        StepVerifier.create(AioReactor.mono(closed, () -> "never"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closed"))
                .verify(WAIT);
    }
}
