package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Task;
import io.aio4j.reactive.ReactiveIterable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link AioRx#flowable}, {@link AioRx#awaitList(Flowable)}, {@link AioRx#awaitFirst(Flowable)},
 * {@link AioRx#awaitLast(Flowable)}, {@link AioRx#iterate(Flowable, int)}.
 */
abstract class FlowableBridgeTest extends RxTestBase {
    static final class VirtualThreadsTest extends FlowableBridgeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends FlowableBridgeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** A TestSubscriber whose items can be waited for one by one, with the test's generous bound. */
    static final class ItemSubscriber<T> extends TestSubscriber<T> {
        private final Semaphore arrived = new Semaphore(0);

        ItemSubscriber(long initialRequest) {
            super(initialRequest);
        }

        @Override
        public void onNext(T t) {
            super.onNext(t);
            arrived.release();
        }

        void awaitItems(int n) throws InterruptedException {
            assertThat(arrived.tryAcquire(n, WAIT_SECONDS, TimeUnit.SECONDS)).as(n + " more item(s) arrived").isTrue();
        }
    }

    // ------------------------------------------------------------------ generator -> Flowable

    @Test
    void flowableEmitsTheBodysItemsThenCompletes() throws Exception {
        startLoopThread();
        AioRx.<Integer>flowable(loop, out -> {
            for (int i = 1; i <= 3; i++) {
                Async.sleep(Duration.ZERO);
                assertThat(loop.inEventLoop()).isTrue();
                out.emit(i);
            }
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(1, 2, 3);
    }

    @Test
    void emptyBodyCompletesWithoutItems() throws Exception {
        startLoopThread();
        AioRx.<Integer>flowable(loop, out -> { }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult();
    }

    @Test
    void bodyErrorArrivesAfterTheItemsAsTheSameObject() throws Exception {
        Boom boom = new Boom("generator failed");
        startLoopThread();
        AioRx.<Integer>flowable(loop, out -> {
            out.emit(1);
            throw boom;
        }).test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertValues(1).assertError(e -> e == boom);
    }

    @Test
    void theBodyEmitsOnlyWhatWasRequested() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Flowable<Integer> numbers = AioRx.flowable(loop, out -> {
            for (int i = 0; i < 10; i++) {
                attempts.incrementAndGet();
                out.emit(i);
            }
        });
        ItemSubscriber<Integer> subscriber = new ItemSubscriber<>(0);
        startLoopThread();
        numbers.subscribe(subscriber);
        settleLoop();
        assertThat(attempts).as("started at subscription, suspended in its first emit: no demand").hasValue(1);

        subscriber.request(2);
        subscriber.awaitItems(2);
        settleLoop();
        subscriber.assertValues(0, 1).assertNotComplete();
        assertThat(attempts).as("suspended in its third emit").hasValue(3);

        subscriber.request(1);
        subscriber.awaitItems(1);
        settleLoop();
        subscriber.assertValues(0, 1, 2);
        assertThat(attempts).hasValue(4);

        subscriber.request(Long.MAX_VALUE);
        subscriber.awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void cancellingStopsTheBodyAtTheEmitItIsSuspendedIn() throws Exception {
        CountDownLatch finallyRan = new CountDownLatch(1);
        AtomicReference<Throwable> thrownByEmit = new AtomicReference<>();
        ItemSubscriber<Integer> subscriber = new ItemSubscriber<>(1);
        startLoopThread();
        AioRx.<Integer>flowable(loop, out -> {
            try {
                out.emit(0);
                out.emit(1); // no demand: suspends here
            } catch (CancellationException c) {
                thrownByEmit.set(c);
                throw c;
            } finally {
                finallyRan.countDown();
            }
        }).subscribe(subscriber);
        subscriber.awaitItems(1);
        subscriber.cancel();
        awaitLatch(finallyRan, "the body's finally ran");
        assertThat(thrownByEmit.get()).isInstanceOf(CancellationException.class);
        subscriber.assertValues(0).assertNotComplete().assertNoErrors();
    }

    @Test
    void cancellingWhileTheBodyAwaitsSomethingElseCancelsThatAwait() throws Exception {
        CountDownLatch sawCancellation = new CountDownLatch(1);
        ItemSubscriber<Integer> subscriber = new ItemSubscriber<>(Long.MAX_VALUE);
        startLoopThread();
        AioRx.<Integer>flowable(loop, out -> {
            out.emit(0);
            try {
                Async.sleep(Duration.ofHours(1));
            } catch (CancellationException c) {
                sawCancellation.countDown();
                throw c;
            }
        }).subscribe(subscriber);
        subscriber.awaitItems(1);
        subscriber.cancel();
        awaitLatch(sawCancellation, "the body saw CancellationException at its sleep");
    }

    @Test
    void eachSubscriptionRunsTheBodyAnew() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Flowable<Integer> flowable = AioRx.flowable(loop, out -> out.emit(runs.incrementAndGet()));
        startLoopThread();
        flowable.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(1);
        flowable.test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(2);
    }

    // ------------------------------------------------------------------ awaiting a Flowable

    @Test
    void awaitListCollectsEveryItemOrNone() {
        run(() -> {
            assertThat(AioRx.awaitList(Flowable.range(1, 5))).containsExactly(1, 2, 3, 4, 5);
            assertThat(AioRx.awaitList(Flowable.<Integer>empty())).isEmpty();
            return null;
        });
    }

    @Test
    void awaitFirstRequestsOneThenCancels() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        int first = run(() -> AioRx.awaitFirst(Flowable.range(7, 100)
                .doOnRequest(requests::add)
                .doOnCancel(() -> cancelled.set(true))));
        assertThat(first).isEqualTo(7);
        assertThat(requests).containsExactly(1L);
        assertThat(cancelled).isTrue();
    }

    @Test
    void awaitFirstAndLastOfEmptyFlowableThrowNoSuchElement() {
        run(() -> {
            assertThatThrownBy(() -> AioRx.awaitFirst(Flowable.empty())).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> AioRx.awaitLast(Flowable.empty())).isInstanceOf(NoSuchElementException.class);
            return null;
        });
    }

    @Test
    void awaitLastWaitsForCompletion() {
        assertThat(run(() -> AioRx.awaitLast(Flowable.range(1, 5)))).isEqualTo(5);
    }

    @Test
    void awaitThrowsTheSameExceptionTheFlowableFailedWith() {
        Boom boom = new Boom("rx failed");
        CheckedBoom checked = new CheckedBoom("checked");
        run(() -> {
            assertThatThrownBy(() -> AioRx.awaitList(Flowable.concat(Flowable.just(1), Flowable.error(boom))))
                    .isSameAs(boom);
            assertThatThrownBy(() -> AioRx.awaitLast(Flowable.error(checked)))
                    .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
            return null;
        });
    }

    @Test
    void awaitTakesItemsFromAnotherThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> ticks = run(() -> AioRx.awaitList(Flowable.interval(1, TimeUnit.MILLISECONDS, Schedulers.computation())
                .take(5)
                .doOnNext(t -> threads.add(Thread.currentThread().getName()))));
        assertThat(ticks).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(threads).allMatch(name -> name.startsWith("RxComputation"));
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheSubscriptionAtOnce() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Boolean> cancelledWhenCancellationArrived = new AtomicReference<>();
        run(() -> {
            Task<List<Object>> waiter = Async.createTask(() -> {
                try {
                    return AioRx.awaitList(Flowable.never().doOnCancel(() -> cancelled.set(true)));
                } catch (CancellationException c) {
                    cancelledWhenCancellationArrived.set(cancelled.get());
                    throw c;
                }
            });
            Async.sleep(Duration.ZERO);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(cancelledWhenCancellationArrived.get()).isTrue();
    }

    @Test
    void awaitableListWorksWithGather() {
        List<List<Integer>> lists = run(() -> Async.gather(AioRx.awaitableList(Flowable.range(1, 2)),
                AioRx.awaitableList(Flowable.range(3, 2))).await());
        assertThat(lists).containsExactly(List.of(1, 2), List.of(3, 4));
    }

    // ------------------------------------------------------------------ iterating a Flowable

    @Test
    void iterateRequestsInBoundedBatches() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        List<Integer> items = run(() -> {
            List<Integer> seen = new ArrayList<>();
            try (ReactiveIterable<Integer> it = AioRx.iterate(Flowable.range(0, 20).doOnRequest(requests::add), 4)) {
                for (int i : it) {
                    seen.add(i);
                }
            }
            return seen;
        });
        assertThat(items).hasSize(20).startsWith(0, 1, 2).endsWith(19);
        assertThat(requests.get(0)).isEqualTo(4L);
        assertThat(requests.subList(1, requests.size())).containsOnly(3L);
    }

    @Test
    void leavingTheLoopEarlyThroughCloseCancelsTheSubscription() {
        AtomicBoolean cancelled = new AtomicBoolean();
        int sum = run(() -> {
            int total = 0;
            try (var it = AioRx.iterate(Flowable.range(1, 1000).doOnCancel(() -> cancelled.set(true)), 8)) {
                for (int i : it) {
                    total += i;
                    if (i == 3) {
                        break;
                    }
                }
            }
            return total;
        });
        assertThat(sum).isEqualTo(6);
        assertThat(cancelled).isTrue();
    }

    @Test
    void iterateThrowsTheErrorAfterThePrecedingItems() {
        Boom boom = new Boom("mid-stream");
        List<Integer> seen = new ArrayList<>();
        run(() -> {
            assertThatThrownBy(() -> {
                for (int i : AioRx.iterate(Flowable.concat(Flowable.range(1, 2), Flowable.error(boom)), 16)) {
                    seen.add(i);
                }
            }).isSameAs(boom);
            return null;
        });
        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void cancellingATaskThatIteratesCancelsTheSubscription() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Boolean> cancelledWhenCancellationArrived = new AtomicReference<>();
        run(() -> {
            Task<Void> iterating = Async.createTask(() -> {
                try {
                    for (Object ignored : AioRx.iterate(Flowable.never().doOnCancel(() -> cancelled.set(true)))) {
                        throw new AssertionError("never() has no item");
                    }
                    return null;
                } catch (CancellationException c) {
                    cancelledWhenCancellationArrived.set(cancelled.get());
                    throw c;
                }
            });
            Async.sleep(Duration.ZERO);
            iterating.cancel();
            assertThatThrownBy(iterating::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(cancelledWhenCancellationArrived.get()).isTrue();
    }

    // ------------------------------------------------------------------ both ways on one loop

    @Test
    void aTaskIteratesAGeneratorFlowableOfItsOwnLoopWithBackpressure() {
        List<String> log = new ArrayList<>();
        run(() -> {
            Flowable<Integer> numbers = AioRx.flowable(loop, out -> {
                for (int i = 0; i < 6; i++) {
                    out.emit(i);
                    log.add("emitted " + i); // delivered to the iterator's buffer
                }
            });
            try (var it = AioRx.iterate(numbers.map(i -> i * 10), 2)) {
                for (int n : it) {
                    log.add("got " + n);
                }
            }
            return null;
        });
        // prefetch 2: the producer is never more than 2 items ahead of the consumer
        int maxAhead = 0;
        int emitted = 0;
        int consumed = 0;
        for (String entry : log) {
            if (entry.startsWith("emitted")) {
                emitted++;
            } else {
                consumed++;
            }
            maxAhead = Math.max(maxAhead, emitted - consumed);
        }
        assertThat(consumed).isEqualTo(6);
        assertThat(maxAhead).isLessThanOrEqualTo(2);
    }

    @Test
    void aTaskAwaitsAListBuiltFromRxOperatorsOverAGenerator() {
        List<Integer> result = run(() -> AioRx.awaitList(AioRx.<Integer>flowable(loop, out -> {
            for (int i = 1; i <= 4; i++) {
                Async.sleep(Duration.ZERO);
                out.emit(i);
            }
        }).filter(i -> i % 2 == 0).map(i -> i * i)));
        assertThat(result).containsExactly(4, 16);
    }
}
