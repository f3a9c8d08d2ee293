package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Task;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link AioRx#observable}, {@link AioRx#awaitList(Observable)}, {@link AioRx#awaitFirst(Observable)},
 * {@link AioRx#awaitLast(Observable)}, {@link AioRx#iterate(Observable, int)}.
 */
abstract class ObservableBridgeTest extends RxTestBase {
    static final class VirtualThreadsTest extends ObservableBridgeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ObservableBridgeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ generator -> Observable

    @Test
    void observableEmitsTheBodysItemsThenCompletes() throws Exception {
        startLoopThread();
        AioRx.<String>observable(loop, out -> {
            out.emit("a");
            Async.sleep(Duration.ZERO);
            out.emit("b");
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult("a", "b");
    }

    @Test
    void withoutBackpressureEmitNeverSuspends() throws Exception {
        AtomicReference<Boolean> otherTaskRanDuringEmits = new AtomicReference<>();
        startLoopThread();
        TestObserver<Integer> observer = AioRx.<Integer>observable(loop, out -> {
            AtomicBoolean otherRan = new AtomicBoolean();
            Async.createTask(() -> {
                otherRan.set(true);
                return null;
            });
            for (int i = 0; i < 1000; i++) {
                out.emit(i); // the subscription requested everything: no emit waits
            }
            otherTaskRanDuringEmits.set(otherRan.get());
        }).test();
        observer.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertComplete().assertValueCount(1000);
        assertThat(otherTaskRanDuringEmits.get()).as("a suspended emit would have let the other task run").isFalse();
    }

    @Test
    void bodyErrorArrivesAsTheSameObject() throws Exception {
        Boom boom = new Boom("generator failed");
        startLoopThread();
        AioRx.<Integer>observable(loop, out -> {
            out.emit(1);
            throw boom;
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertValues(1).assertError(e -> e == boom);
    }

    @Test
    void disposingCancelsTheBodyAtItsAwait() throws Exception {
        CountDownLatch sawCancellation = new CountDownLatch(1);
        CountDownLatch emitted = new CountDownLatch(1);
        startLoopThread();
        TestObserver<Integer> observer = AioRx.<Integer>observable(loop, out -> {
            out.emit(0);
            emitted.countDown();
            try {
                Async.sleep(Duration.ofHours(1));
            } catch (CancellationException c) {
                sawCancellation.countDown();
                throw c;
            }
        }).test();
        awaitLatch(emitted, "the first item was emitted");
        observer.dispose();
        awaitLatch(sawCancellation, "the body saw CancellationException at its sleep");
        observer.assertValues(0).assertNotComplete().assertNoErrors();
    }

    @Test
    void eachSubscriptionRunsTheBodyAnew() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Observable<Integer> observable = AioRx.observable(loop, out -> out.emit(runs.incrementAndGet()));
        startLoopThread();
        observable.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(1);
        observable.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(2);
    }

    // ------------------------------------------------------------------ awaiting an Observable

    @Test
    void awaitListFirstAndLast() {
        run(() -> {
            assertThat(AioRx.awaitList(Observable.range(1, 4))).containsExactly(1, 2, 3, 4);
            assertThat(AioRx.awaitList(Observable.<Integer>empty())).isEmpty();
            assertThat(AioRx.awaitFirst(Observable.range(5, 4))).isEqualTo(5);
            assertThat(AioRx.awaitLast(Observable.range(5, 4))).isEqualTo(8);
            assertThatThrownBy(() -> AioRx.awaitFirst(Observable.empty())).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> AioRx.awaitLast(Observable.empty())).isInstanceOf(NoSuchElementException.class);
            return null;
        });
    }

    @Test
    void awaitFirstDisposesAfterTheFirstItem() {
        AtomicBoolean disposed = new AtomicBoolean();
        run(() -> AioRx.awaitFirst(Observable.concat(Observable.just(1), Observable.never())
                .doOnDispose(() -> disposed.set(true))));
        assertThat(disposed).isTrue();
    }

    @Test
    void awaitThrowsTheSameExceptionTheObservableFailedWith() {
        Boom boom = new Boom("rx failed");
        run(() -> {
            assertThatThrownBy(() -> AioRx.awaitList(Observable.concat(Observable.just(1), Observable.error(boom))))
                    .isSameAs(boom);
            return null;
        });
    }

    @Test
    void awaitTakesItemsFromAnotherThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> ticks = run(() -> AioRx.awaitList(
                Observable.interval(1, TimeUnit.MILLISECONDS, Schedulers.computation()).take(3)
                        .doOnNext(t -> threads.add(Thread.currentThread().getName()))));
        assertThat(ticks).containsExactly(0L, 1L, 2L);
        assertThat(threads).allMatch(name -> name.startsWith("RxComputation"));
    }

    @Test
    void cancellingTheAwaitingTaskDisposesTheObservableAtOnce() {
        AtomicBoolean disposed = new AtomicBoolean();
        AtomicReference<Boolean> disposedWhenCancellationArrived = new AtomicReference<>();
        run(() -> {
            Task<List<Object>> waiter = Async.createTask(() -> {
                try {
                    return AioRx.awaitList(Observable.never().doOnDispose(() -> disposed.set(true)));
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
    void awaitableListWorksWithGather() {
        List<List<Integer>> lists = run(() -> Async.gather(AioRx.awaitableList(Observable.just(1)),
                AioRx.awaitableList(Observable.<Integer>empty())).await());
        assertThat(lists).containsExactly(List.of(1), List.of());
    }

    // ------------------------------------------------------------------ iterating an Observable

    @Test
    void iterateTakesEveryItemThroughTheBuffer() {
        List<Integer> seen = run(() -> {
            List<Integer> items = new ArrayList<>();
            for (int i : AioRx.iterate(Observable.range(0, 50), 4)) {
                items.add(i);
            }
            return items;
        });
        assertThat(seen).hasSize(50).startsWith(0, 1).endsWith(49);
    }

    @Test
    void closingTheIterableEarlyDisposesTheObservable() {
        AtomicBoolean disposed = new AtomicBoolean();
        int firstTwo = run(() -> {
            int total = 0;
            // never() keeps it open: a synchronous range would have completed into the buffer already
            Observable<Integer> open = Observable.concat(Observable.range(1, 100), Observable.never());
            try (var it = AioRx.iterate(open.doOnDispose(() -> disposed.set(true)), 2)) {
                for (int i : it) {
                    total += i;
                    if (i == 2) {
                        break;
                    }
                }
            }
            return total;
        });
        assertThat(firstTwo).isEqualTo(3);
        assertThat(disposed).isTrue();
    }
}
