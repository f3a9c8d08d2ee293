package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link AioReactor#mono(Future)}: a future or task as a hot Mono. */
abstract class FutureToMonoTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends FutureToMonoTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends FutureToMonoTest {
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
    void emitsTheResultOnTheLoopOnceTheFutureFinishes() throws Exception {
        Future<String> future = onLoop(loop::createFuture);
        AtomicBoolean onLoopThread = new AtomicBoolean();

        StepVerifier.create(AioReactor.mono(future).doOnNext(v -> onLoopThread.set(loop.inEventLoop())))
                .expectSubscription()
                .then(() -> loop.callSoonThreadsafe(() -> future.setResult("value")))
                .expectNext("value")
                .expectComplete()
                .verify(WAIT);
        assertThat(onLoopThread).isTrue();
    }

    @Test
    void everySubscriberGetsTheSameOutcomeOfADoneFuture() throws Exception {
        Future<String> future = onLoop(() -> {
            Future<String> f = loop.createFuture();
            f.setResult("value");
            return f;
        });
        Mono<String> mono = AioReactor.mono(future);

        StepVerifier.create(mono).expectNext("value").expectComplete().verify(WAIT);
        StepVerifier.create(mono).expectNext("value").expectComplete().verify(WAIT);
        assertThat(onLoop(future::cancelled)).isFalse();
    }

    @Test
    void aNullResultIsAnEmptyMono() throws Exception {
        Future<String> future = onLoop(() -> {
            Future<String> f = loop.createFuture();
            f.setResult(null);
            return f;
        });

        StepVerifier.create(AioReactor.mono(future)).expectComplete().verify(WAIT);
    }

    @Test
    void aFailureIsSignalledAsTheVeryException() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");
        Task<String> failing = startTask(() -> {
            throw boom;
        });
        Task<String> failingChecked = startTask(() -> {
            throw checked;
        });

        StepVerifier.create(AioReactor.mono(failing)).expectErrorSatisfies(e -> assertThat(e).isSameAs(boom))
                .verify(WAIT);
        StepVerifier.create(AioReactor.mono(failingChecked))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(checked)).verify(WAIT);
    }

    @Test
    void aCancelledFutureSignalsCancellationWithItsMessage() throws Exception {
        Future<String> future = onLoop(loop::createFuture);

        StepVerifier.create(AioReactor.mono(future))
                .expectSubscription()
                .then(() -> loop.callSoonThreadsafe(() -> future.cancel("stopped")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(CancellationException.class)
                        .hasMessage("stopped"))
                .verify(WAIT);
    }

    @Test
    void cancellingTheSubscriptionCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch unwound = new CountDownLatch(1);
        AtomicBoolean sawCancellation = new AtomicBoolean();
        Task<String> task = startTask(() -> {
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
        await(started);

        StepVerifier.create(AioReactor.mono(task))
                .expectSubscription()
                .then(this::drain) // the loop has taken the request: the subscription watches the task
                .thenCancel()
                .verify(WAIT);

        await(unwound);
        assertThat(sawCancellation).isTrue();
        assertThat(onLoop(task::cancelled)).isTrue();
    }

    @Test
    void aCancelThatOvertakesTheFirstRequestStillCancelsTheTask() {
        EventLoop idle = newLoop();
        Task<String> task = idle.createTask(() -> {
            Async.sleep(Duration.ofHours(1));
            return "never";
        });
        // Subscribed, requested and cancelled from this thread while the loop is not running: both reach it later.
        AioReactor.mono(task).subscribe().dispose();

        boolean cancelled = idle.runUntilComplete(() -> {
            Async.wait(List.of(task), Duration.ofSeconds(10));
            return task.cancelled();
        });
        assertThat(cancelled).isTrue();
    }

    private void drain() {
        try {
            drainLoop();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
