package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Future;
import io.aio4j.Task;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link AioRx#maybe(Future)}, {@link AioRx#maybe(io.aio4j.EventLoop, io.aio4j.Coroutine)}, {@link AioRx#await(Maybe)}. */
abstract class MaybeBridgeTest extends RxTestBase {
    static final class VirtualThreadsTest extends MaybeBridgeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends MaybeBridgeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ Future / Coroutine -> Maybe

    @Test
    void maybeOfFutureEmitsItsResultOrCompletesEmptyForNull() throws Exception {
        Future<String> withValue = loop.createFuture();
        Future<String> withNull = loop.createFuture();
        startLoopThread();
        TestObserver<String> valueObserver = AioRx.maybe(withValue).test();
        TestObserver<String> nullObserver = AioRx.maybe(withNull).test();
        loop.callSoonThreadsafe(() -> {
            withValue.setResult("v");
            withNull.setResult(null);
        });
        valueObserver.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult("v");
        nullObserver.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
    }

    @Test
    void maybeOfFailedFutureSignalsTheSameException() throws Exception {
        Boom boom = new Boom("failed");
        Future<String> failed = loop.createFuture();
        failed.setException(boom);
        startLoopThread();
        AioRx.maybe(failed).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == boom);
    }

    @Test
    void disposingMaybeOfTaskCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancellation = new CountDownLatch(1);
        startLoopThread();
        Task<String> task = onLoop(() -> Async.createTask(() -> {
            started.countDown();
            try {
                Async.sleep(Duration.ofHours(1));
                return "never";
            } catch (CancellationException c) {
                sawCancellation.countDown();
                throw c;
            }
        }));
        TestObserver<String> observer = AioRx.maybe(task).test();
        awaitLatch(started, "the task started");
        settleLoop(); // the subscription reached the loop (see hotFutureIsCancelledEvenIfDisposedBeforeTheLoopSawTheRequest)
        observer.dispose();
        awaitLatch(sawCancellation, "the task saw CancellationException at its await");
        assertThat(onLoop(task::cancelled)).isTrue();
        observer.assertEmpty();
    }

    @Test
    void maybeOfCoroutineRunsOneTaskPerSubscriptionAndIsEmptyForNull() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Maybe<Integer> maybe = AioRx.maybe(loop, () -> {
            int n = runs.incrementAndGet();
            return n == 1 ? Integer.valueOf(n) : null;
        });
        startLoopThread();
        maybe.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(1);
        maybe.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
        assertThat(runs).hasValue(2);
    }

    @Test
    void maybeOfCoroutineSignalsWhatTheCoroutineThrew() throws Exception {
        Boom boom = new Boom("coroutine failed");
        startLoopThread();
        AioRx.maybe(loop, () -> {
            throw boom;
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == boom);
    }

    @Test
    void disposingMaybeOfCoroutineCancelsItsTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancellation = new CountDownLatch(1);
        startLoopThread();
        TestObserver<String> observer = AioRx.maybe(loop, () -> {
            started.countDown();
            try {
                Async.sleep(Duration.ofHours(1));
                return "never";
            } catch (CancellationException c) {
                sawCancellation.countDown();
                throw c;
            }
        }).test();
        awaitLatch(started, "the task started");
        observer.dispose();
        awaitLatch(sawCancellation, "the task saw CancellationException at its await");
        observer.assertEmpty();
    }

    // ------------------------------------------------------------------ await(Maybe)

    @Test
    void awaitReturnsTheValueOrNullWhenEmpty() {
        List<String> results = run(() -> Arrays.asList(AioRx.await(Maybe.just("v")), AioRx.await(Maybe.<String>empty())));
        assertThat(results).containsExactly("v", null);
    }

    @Test
    void awaitThrowsTheSameExceptionTheMaybeFailedWith() {
        Boom boom = new Boom("rx failed");
        CheckedBoom checked = new CheckedBoom("checked");
        run(() -> {
            assertThatThrownBy(() -> AioRx.await(Maybe.error(boom))).isSameAs(boom);
            assertThatThrownBy(() -> AioRx.await(Maybe.error(checked)))
                    .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
            return null;
        });
    }

    @Test
    void awaitTakesSignalsFromAnotherThread() {
        AtomicReference<String> signalThread = new AtomicReference<>();
        List<Object> results = run(() -> Arrays.asList(
                AioRx.await(Maybe.timer(2, TimeUnit.MILLISECONDS, Schedulers.computation())
                        .doOnSuccess(zero -> signalThread.set(Thread.currentThread().getName()))
                        .map(zero -> "late value")),
                AioRx.await(Maybe.timer(2, TimeUnit.MILLISECONDS, Schedulers.computation())
                        .filter(zero -> false))));
        assertThat(results).containsExactly("late value", null);
        assertThat(signalThread.get()).startsWith("RxComputation");
    }

    @Test
    void cancellingTheAwaitingTaskDisposesTheMaybeAtOnce() {
        AtomicBoolean disposed = new AtomicBoolean();
        AtomicReference<Boolean> disposedWhenCancellationArrived = new AtomicReference<>();
        run(() -> {
            Task<Object> waiter = Async.createTask(() -> {
                try {
                    return AioRx.await(Maybe.never().doOnDispose(() -> disposed.set(true)));
                } catch (CancellationException c) {
                    disposedWhenCancellationArrived.set(disposed.get());
                    throw c;
                }
            });
            Async.sleep(Duration.ZERO);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(disposedWhenCancellationArrived.get()).isTrue();
    }

    @Test
    void awaitableOfMaybeWorksWithGather() {
        List<String> results = run(() -> Async.gather(AioRx.awaitable(Maybe.just("a")),
                AioRx.awaitable(Maybe.<String>empty())).await());
        assertThat(results).containsExactly("a", null);
    }

    @Test
    void awaitOutsideATaskNamesTheMethod() {
        assertThatThrownBy(() -> AioRx.await(Maybe.just(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioRx.await(Maybe)");
        assertThatThrownBy(() -> AioRx.awaitable(Maybe.just(1)).await()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioRx.awaitable(Maybe).await()");
    }
}
