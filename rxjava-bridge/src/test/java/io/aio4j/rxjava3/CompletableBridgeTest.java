package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Future;
import io.aio4j.Task;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link AioRx#completable(Future)}, {@link AioRx#completable(io.aio4j.EventLoop, io.aio4j.Coroutine)}, {@link AioRx#await(Completable)}. */
abstract class CompletableBridgeTest extends RxTestBase {
    static final class VirtualThreadsTest extends CompletableBridgeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends CompletableBridgeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ Future / Coroutine -> Completable

    @Test
    void completableOfFutureCompletesWhateverTheResult() throws Exception {
        Future<String> withValue = loop.createFuture();
        Future<Void> withNull = loop.createFuture();
        startLoopThread();
        TestObserver<Void> valueObserver = AioRx.completable(withValue).test();
        TestObserver<Void> nullObserver = AioRx.completable(withNull).test();
        valueObserver.assertNotComplete();
        loop.callSoonThreadsafe(() -> {
            withValue.setResult("ignored");
            withNull.setResult(null);
        });
        valueObserver.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
        nullObserver.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
    }

    @Test
    void completableOfFailedFutureSignalsTheSameException() throws Exception {
        Boom boom = new Boom("failed");
        Future<String> failed = loop.createFuture();
        failed.setException(boom);
        startLoopThread();
        AioRx.completable(failed).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == boom);
    }

    @Test
    void disposingCompletableOfTaskCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancellation = new CountDownLatch(1);
        startLoopThread();
        Task<Void> task = onLoop(() -> Async.createTask(() -> {
            started.countDown();
            try {
                Async.sleep(Duration.ofHours(1));
                return null;
            } catch (CancellationException c) {
                sawCancellation.countDown();
                throw c;
            }
        }));
        TestObserver<Void> observer = AioRx.completable(task).test();
        awaitLatch(started, "the task started");
        settleLoop(); // the subscription reached the loop (see hotFutureIsCancelledEvenIfDisposedBeforeTheLoopSawTheRequest)
        observer.dispose();
        awaitLatch(sawCancellation, "the task saw CancellationException at its await");
        assertThat(onLoop(task::cancelled)).isTrue();
        observer.assertEmpty();
    }

    @Test
    void completableOfCoroutineRunsOneTaskPerSubscription() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Completable completable = AioRx.completable(loop, () -> {
            Async.sleep(Duration.ZERO);
            return runs.incrementAndGet();
        });
        startLoopThread();
        settleLoop();
        assertThat(runs).hasValue(0);
        completable.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
        completable.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
        assertThat(runs).hasValue(2);
    }

    @Test
    void completableOfCoroutineSignalsWhatTheCoroutineThrew() throws Exception {
        Boom boom = new Boom("coroutine failed");
        startLoopThread();
        AioRx.completable(loop, () -> {
            throw boom;
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == boom);
    }

    @Test
    void disposingCompletableOfCoroutineCancelsItsTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancellation = new CountDownLatch(1);
        startLoopThread();
        TestObserver<Void> observer = AioRx.completable(loop, () -> {
            started.countDown();
            try {
                Async.sleep(Duration.ofHours(1));
                return null;
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

    // ------------------------------------------------------------------ await(Completable)

    @Test
    void awaitReturnsWhenTheCompletableCompletesOnAnotherThread() {
        AtomicReference<String> signalThread = new AtomicReference<>();
        AtomicBoolean afterAwait = new AtomicBoolean();
        run(() -> {
            AioRx.await(Completable.timer(2, TimeUnit.MILLISECONDS, Schedulers.computation())
                    .doOnComplete(() -> signalThread.set(Thread.currentThread().getName())));
            afterAwait.set(loop.inEventLoop());
            AioRx.await(Completable.complete());
            return null;
        });
        assertThat(afterAwait).isTrue();
        assertThat(signalThread.get()).startsWith("RxComputation");
    }

    @Test
    void awaitThrowsTheSameExceptionTheCompletableFailedWith() {
        Boom boom = new Boom("rx failed");
        CheckedBoom checked = new CheckedBoom("checked");
        run(() -> {
            assertThatThrownBy(() -> AioRx.await(Completable.error(boom))).isSameAs(boom);
            assertThatThrownBy(() -> AioRx.await(Completable.error(checked)))
                    .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
            return null;
        });
    }

    @Test
    void cancellingTheAwaitingTaskDisposesTheCompletableAtOnce() {
        AtomicBoolean disposed = new AtomicBoolean();
        AtomicReference<Boolean> disposedWhenCancellationArrived = new AtomicReference<>();
        run(() -> {
            Task<Void> waiter = Async.createTask(() -> {
                try {
                    AioRx.await(Completable.never().doOnDispose(() -> disposed.set(true)));
                    return null;
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
    void awaitableOfCompletableWorksWithGather() {
        AtomicInteger completed = new AtomicInteger();
        List<Void> results = run(() -> Async.gather(
                AioRx.awaitable(Completable.fromAction(completed::incrementAndGet)),
                AioRx.awaitable(Completable.timer(1, TimeUnit.MILLISECONDS).doOnComplete(completed::incrementAndGet)))
                .await());
        assertThat(results).containsExactly(null, null);
        assertThat(completed).hasValue(2);
    }

    @Test
    void awaitOutsideATaskNamesTheMethod() {
        assertThatThrownBy(() -> AioRx.await(Completable.complete())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioRx.await(Completable)");
    }
}
