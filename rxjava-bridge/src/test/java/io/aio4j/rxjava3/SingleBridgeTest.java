package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.AsyncTimeoutException;
import io.aio4j.Backend;
import io.aio4j.Future;
import io.aio4j.Task;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link AioRx#single(io.aio4j.Future)}, {@link AioRx#single(io.aio4j.EventLoop, io.aio4j.Coroutine)}, {@link AioRx#await(Single)}. */
abstract class SingleBridgeTest extends RxTestBase {
    static final class VirtualThreadsTest extends SingleBridgeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends SingleBridgeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ Future -> Single (hot)

    @Test
    void singleOfFutureEmitsItsResultOnceSet() throws Exception {
        Future<String> future = loop.createFuture();
        startLoopThread();
        TestObserver<String> observer = AioRx.single(future).test();
        loop.callSoonThreadsafe(() -> future.setResult("done"));
        observer.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult("done");
    }

    @Test
    void singleOfDoneFutureGivesEverySubscriberTheSameResult() throws Exception {
        Future<String> future = loop.createFuture();
        future.setResult("done");
        startLoopThread();
        AioRx.single(future).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult("done");
        AioRx.single(future).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult("done");
    }

    @Test
    void singleOfFutureWithNullResultFailsWithNoSuchElement() throws Exception {
        Future<String> future = loop.createFuture();
        future.setResult(null);
        startLoopThread();
        AioRx.single(future).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS)
                .assertError(NoSuchElementException.class);
    }

    @Test
    void singleOfFailedFutureSignalsTheSameException() throws Exception {
        Boom boom = new Boom("failed");
        CheckedBoom checked = new CheckedBoom("checked");
        Future<String> failed = loop.createFuture();
        failed.setException(boom);
        Future<String> failedChecked = loop.createFuture();
        failedChecked.setException(checked);
        startLoopThread();
        AioRx.single(failed).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == boom);
        AioRx.single(failedChecked).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == checked);
    }

    @Test
    void singleOfCancelledFutureSignalsCancellationWithItsMessage() throws Exception {
        Future<String> future = loop.createFuture();
        future.cancel("not needed");
        startLoopThread();
        AioRx.single(future).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS)
                .assertError(e -> e instanceof CancellationException && "not needed".equals(e.getMessage()));
    }

    @Test
    void disposingSingleOfTaskCancelsTheTaskAtItsAwait() throws Exception {
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
        TestObserver<String> observer = AioRx.single(task).test();
        awaitLatch(started, "the task started");
        settleLoop(); // the subscription reached the loop (see hotFutureIsCancelledEvenIfDisposedBeforeTheLoopSawTheRequest)
        observer.dispose();
        awaitLatch(sawCancellation, "the task saw CancellationException at its await");
        assertThat(onLoop(() -> {
            assertThatThrownBy(task::await).isInstanceOf(CancellationException.class);
            return task.cancelled();
        })).isTrue();
        observer.assertEmpty();
    }

    /**
     * Future.subscribe documents that cancelling before the outcome is delivered cancels the future, also when the
     * cancel comes before the loop has seen the subscription at all (a regression test for a core bug this test
     * found).
     */
    @Test
    void hotFutureIsCancelledEvenIfDisposedBeforeTheLoopSawTheRequest() throws Exception {
        Future<String> future = loop.createFuture();
        TestObserver<String> observer = AioRx.single(future).test(); // the request waits on the idle loop
        observer.dispose();
        startLoopThread();
        settleLoop();
        assertThat(onLoop(future::cancelled)).as("disposing before the outcome cancels the hot future").isTrue();
    }

    // ------------------------------------------------------------------ Coroutine -> Single (cold)

    @Test
    void singleOfCoroutineRunsOneTaskPerSubscription() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Single<Integer> single = AioRx.single(loop, () -> {
            assertThat(loop.inEventLoop()).isTrue();
            Async.sleep(Duration.ZERO);
            return runs.incrementAndGet();
        });
        startLoopThread();
        settleLoop();
        assertThat(runs).as("nothing runs before a subscription").hasValue(0);
        single.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(1);
        single.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(2);
    }

    @Test
    void singleOfCoroutineSignalsWhatTheCoroutineThrew() throws Exception {
        Boom boom = new Boom("coroutine failed");
        CheckedBoom checked = new CheckedBoom("checked");
        startLoopThread();
        AioRx.single(loop, () -> {
            Async.sleep(Duration.ZERO);
            throw boom;
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == boom);
        AioRx.single(loop, () -> {
            throw checked;
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(e -> e == checked);
    }

    @Test
    void singleOfCoroutineReturningNullFailsWithNoSuchElement() throws Exception {
        startLoopThread();
        AioRx.single(loop, () -> null).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS)
                .assertError(NoSuchElementException.class);
    }

    @Test
    void disposingSingleOfCoroutineCancelsItsTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancellation = new CountDownLatch(1);
        AtomicReference<Task<?>> taskRef = new AtomicReference<>();
        startLoopThread();
        TestObserver<String> observer = AioRx.single(loop, () -> {
            taskRef.set(Async.currentTask());
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
        assertThat(onLoop(() -> {
            Task<?> task = taskRef.get();
            assertThatThrownBy(task::await).isInstanceOf(CancellationException.class);
            return task.cancelled();
        })).isTrue();
        observer.assertEmpty();
    }

    @Test
    void disposingBeforeTheLoopRunsNeverStartsTheCoroutine() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        TestObserver<String> observer = AioRx.single(loop, () -> {
            ran.set(true);
            return "x";
        }).test();
        observer.dispose(); // the request is still queued on the idle loop
        startLoopThread();
        settleLoop();
        assertThat(ran).isFalse();
        observer.assertEmpty();
    }

    // ------------------------------------------------------------------ await(Single)

    @Test
    void awaitReturnsTheValue() {
        assertThat(run(() -> AioRx.await(Single.just(42)))).isEqualTo(42);
    }

    @Test
    void awaitThrowsTheSameExceptionTheSingleFailedWith() {
        Boom boom = new Boom("rx failed");
        CheckedBoom checked = new CheckedBoom("checked");
        run(() -> {
            assertThatThrownBy(() -> AioRx.await(Single.error(boom))).isSameAs(boom);
            assertThatThrownBy(() -> AioRx.await(Single.error(checked)))
                    .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
            return null;
        });
    }

    @Test
    void awaitTakesASignalFromAnotherThreadOnTheLoop() {
        AtomicReference<Thread> signalThread = new AtomicReference<>();
        String result = run(() -> {
            String value = AioRx.await(Single.timer(5, TimeUnit.MILLISECONDS, Schedulers.computation())
                    .map(zero -> {
                        signalThread.set(Thread.currentThread());
                        return "ticked";
                    }));
            assertThat(loop.inEventLoop()).as("the task resumes on the loop").isTrue();
            assertThat(Thread.currentThread()).isNotSameAs(signalThread.get());
            return value;
        });
        assertThat(result).isEqualTo("ticked");
        assertThat(signalThread.get().getName()).startsWith("RxComputation");
    }

    @Test
    void cancellingTheAwaitingTaskDisposesTheSingleAtOnce() {
        AtomicBoolean disposed = new AtomicBoolean();
        AtomicReference<Boolean> disposedWhenCancellationArrived = new AtomicReference<>();
        run(() -> {
            Task<Object> waiter = Async.createTask(() -> {
                try {
                    return AioRx.await(Single.never().doOnDispose(() -> disposed.set(true)));
                } catch (CancellationException c) {
                    disposedWhenCancellationArrived.set(disposed.get());
                    throw c;
                }
            });
            Async.sleep(Duration.ZERO); // the waiter subscribes and suspends
            assertThat(disposed).isFalse();
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(disposedWhenCancellationArrived.get()).as("disposed before the await threw").isTrue();
    }

    @Test
    void awaitableSubscribesAnewAtEachAwaitAndWorksWithGather() {
        AtomicInteger subscriptions = new AtomicInteger();
        Single<Integer> counted = Single.fromCallable(subscriptions::incrementAndGet);
        List<Integer> results = run(() -> Async.gather(
                AioRx.awaitable(counted),
                AioRx.awaitable(Single.timer(1, TimeUnit.MILLISECONDS).map(zero -> 100)),
                AioRx.awaitable(counted)).await());
        assertThat(results).containsExactlyInAnyOrder(1, 100, 2);
        assertThat(subscriptions).hasValue(2);
    }

    @Test
    void waitForTimingOutDisposesTheSingle() {
        CountDownLatch disposed = new CountDownLatch(1);
        run(() -> {
            assertThatThrownBy(() -> Async.waitFor(
                    AioRx.awaitable(Single.never().doOnDispose(disposed::countDown)), Duration.ofMillis(5)))
                    .isInstanceOf(AsyncTimeoutException.class);
            assertThat(disposed.getCount()).isZero();
            return null;
        });
    }

    @Test
    void awaitOutsideATaskFailsBeforeSubscribing() {
        AtomicBoolean subscribed = new AtomicBoolean();
        assertThatThrownBy(() -> AioRx.await(Single.just(1).doOnSubscribe(d -> subscribed.set(true))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioRx.await(Single)")
                .hasMessageContaining("not running a task");
        assertThat(subscribed).isFalse();
    }
}
