package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Future;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.functions.Function;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link AioRx#scheduler}: RxJava work on the loop. */
abstract class LoopSchedulerTest extends RxTestBase {
    static final class VirtualThreadsTest extends LoopSchedulerTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends LoopSchedulerTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** Far enough apart that two timers armed within one loop iteration cannot swap. */
    private static final long SHORT_MS = 5;
    private static final long LONG_MS = 200;

    // ------------------------------------------------------------------ with RxJava operators

    @Test
    void observeOnMovesItemsOntoTheLoop() throws Exception {
        startLoopThread();
        List<Boolean> onLoop = Flowable.range(1, 50)
                .subscribeOn(Schedulers.io())
                .observeOn(AioRx.scheduler(loop))
                .map(i -> loop.inEventLoop())
                .test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS)
                .assertComplete().assertValueCount(50).values();
        assertThat(onLoop).containsOnly(true);
    }

    @Test
    void subscribeOnRunsTheSourceOnTheLoop() throws Exception {
        startLoopThread();
        Single.fromCallable(loop::inEventLoop).subscribeOn(AioRx.scheduler(loop))
                .test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(true);
    }

    @Test
    void timedOperatorsRunTheirTimersOnTheLoop() throws Exception {
        Scheduler scheduler = AioRx.scheduler(loop);
        startLoopThread();
        Single.timer(SHORT_MS, TimeUnit.MILLISECONDS, scheduler).map(zero -> loop.inEventLoop())
                .test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(true);
        AtomicBoolean timeoutOnLoop = new AtomicBoolean();
        Single.never().timeout(SHORT_MS, TimeUnit.MILLISECONDS, scheduler)
                .doOnError(e -> timeoutOnLoop.set(loop.inEventLoop()))
                .test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertError(TimeoutException.class);
        assertThat(timeoutOnLoop).isTrue();
    }

    @Test
    void intervalTicksOnTheLoopThroughSchedulePeriodically() throws Exception {
        startLoopThread();
        Observable.interval(1, TimeUnit.MILLISECONDS, AioRx.scheduler(loop))
                .take(4)
                .map(tick -> loop.inEventLoop() ? tick : -1)
                .test().awaitDone(WAIT_SECONDS, TimeUnit.SECONDS).assertResult(0L, 1L, 2L, 3L);
    }

    @Test
    void aTaskAwaitsATimerOfItsOwnLoop() {
        long result = run(() -> AioRx.await(Single.timer(SHORT_MS, TimeUnit.MILLISECONDS, AioRx.scheduler(loop))
                .map(zero -> loop.inEventLoop() ? 1L : -1L)));
        assertThat(result).isEqualTo(1L);
    }

    // ------------------------------------------------------------------ the Worker contract

    @Test
    void workerRunsWorkInTheOrderItWasScheduled() throws Exception {
        Scheduler.Worker worker = AioRx.scheduler(loop).createWorker();
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicBoolean allOnLoop = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        startLoopThread();
        for (int i = 0; i < 100; i++) {
            int n = i;
            worker.schedule(() -> {
                allOnLoop.compareAndSet(true, loop.inEventLoop());
                order.add(n);
                if (n == 99) {
                    done.countDown();
                }
            });
        }
        awaitLatch(done, "the last piece of work ran");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertThat(order).isEqualTo(expected);
        assertThat(allOnLoop).isTrue();
        worker.dispose();
    }

    @Test
    void delayedWorkRunsInDeadlineOrder() throws Exception {
        Scheduler.Worker worker = AioRx.scheduler(loop).createWorker();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        startLoopThread();
        worker.schedule(() -> {
            order.add("long");
            done.countDown();
        }, LONG_MS, TimeUnit.MILLISECONDS);
        worker.schedule(() -> order.add("short"), SHORT_MS, TimeUnit.MILLISECONDS);
        worker.schedule(() -> order.add("now"));
        worker.schedule(() -> order.add("negative delay means now"), -1, TimeUnit.SECONDS);
        awaitLatch(done, "the long delay ran");
        assertThat(order).containsExactly("now", "negative delay means now", "short", "long");
        worker.dispose();
    }

    @Test
    void workScheduledFromTheLoopItselfRunsLater() {
        Scheduler.Worker worker = AioRx.scheduler(loop).createWorker();
        List<String> order = new ArrayList<>();
        run(() -> {
            Future<Boolean> delayed = loop.createFuture();
            worker.schedule(() -> order.add("immediate"));
            worker.schedule(() -> delayed.setResult(loop.inEventLoop()), SHORT_MS, TimeUnit.MILLISECONDS);
            order.add("schedule returned first");
            assertThat(delayed.await()).isTrue();
            return null;
        });
        assertThat(order).containsExactly("schedule returned first", "immediate");
        worker.dispose();
    }

    @Test
    void disposedWorkNeverRuns() throws Exception {
        Scheduler scheduler = AioRx.scheduler(loop);
        Scheduler.Worker worker = scheduler.createWorker();
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch marker = new CountDownLatch(1);
        startLoopThread();
        Disposable delayed = worker.schedule(() -> ran.set(true), SHORT_MS, TimeUnit.MILLISECONDS);
        Disposable direct = scheduler.scheduleDirect(() -> ran.set(true), SHORT_MS, TimeUnit.MILLISECONDS);
        delayed.dispose();
        direct.dispose();
        assertThat(delayed.isDisposed()).isTrue();
        assertThat(direct.isDisposed()).isTrue();
        worker.schedule(marker::countDown, LONG_MS, TimeUnit.MILLISECONDS); // due well after the disposed ones
        awaitLatch(marker, "the later work ran");
        assertThat(ran).isFalse();
        worker.dispose();
    }

    @Test
    void disposingAWorkerDropsAllItsPendingWork() throws Exception {
        Scheduler scheduler = AioRx.scheduler(loop);
        Scheduler.Worker doomed = scheduler.createWorker();
        AtomicInteger ran = new AtomicInteger();
        // Scheduled while the loop is idle, so nothing can have run before the dispose.
        doomed.schedule(ran::incrementAndGet);
        doomed.schedule(ran::incrementAndGet, SHORT_MS, TimeUnit.MILLISECONDS);
        doomed.dispose();
        assertThat(doomed.isDisposed()).isTrue();
        Disposable afterDispose = doomed.schedule(ran::incrementAndGet);
        assertThat(afterDispose.isDisposed()).isTrue();

        CountDownLatch marker = new CountDownLatch(1);
        Scheduler.Worker other = scheduler.createWorker();
        startLoopThread();
        other.schedule(marker::countDown, LONG_MS, TimeUnit.MILLISECONDS);
        awaitLatch(marker, "the other worker's work ran");
        assertThat(ran).hasValue(0);
        assertThat(loop.isClosed()).as("disposing a worker leaves the loop alone").isFalse();
        other.dispose();
    }

    @Test
    void schedulePeriodicallyRunsUntilDisposed() throws Exception {
        Scheduler.Worker worker = AioRx.scheduler(loop).createWorker();
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Disposable> periodic = new AtomicReference<>();
        CountDownLatch third = new CountDownLatch(1);
        startLoopThread();
        periodic.set(worker.schedulePeriodically(() -> {
            if (runs.incrementAndGet() == 3) {
                periodic.get().dispose(); // from inside the work itself
                third.countDown();
            }
        }, SHORT_MS, 1, TimeUnit.MILLISECONDS));
        awaitLatch(third, "the third run");
        CountDownLatch marker = new CountDownLatch(1);
        worker.schedule(marker::countDown, LONG_MS, TimeUnit.MILLISECONDS);
        awaitLatch(marker, "a run due long after the period");
        assertThat(runs).hasValue(3);
        assertThat(periodic.get().isDisposed()).isTrue();
        worker.dispose();
    }

    @Test
    void shutdownLeavesTheLoopRunning() throws Exception {
        Scheduler scheduler = AioRx.scheduler(loop);
        startLoopThread();
        scheduler.shutdown();
        assertThat(loop.isClosed()).isFalse();
        assertThat(onLoop(() -> "still running")).isEqualTo("still running");
    }

    // ------------------------------------------------------------------ errors and hooks

    @Test
    void workThatThrowsIsReportedToTheLoopHandlerAndTheLoopGoesOn() throws Exception {
        Boom boom = new Boom("work failed");
        Scheduler scheduler = AioRx.scheduler(loop);
        CountDownLatch next = new CountDownLatch(1);
        startLoopThread();
        scheduler.scheduleDirect(() -> {
            throw boom;
        });
        scheduler.scheduleDirect(next::countDown);
        awaitLatch(next, "the next piece of work ran");
        assertThat(takeLoopReport().exception()).isSameAs(boom);
        assertThat(rxReports).isEmpty();
    }

    @Test
    void schedulingOnAClosedLoopReportsRejectionAndReturnsDisposed() {
        Scheduler scheduler = AioRx.scheduler(loop);
        Scheduler.Worker worker = scheduler.createWorker();
        loop.close();
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(scheduler.scheduleDirect(() -> ran.set(true)).isDisposed()).isTrue();
        assertThat(worker.schedule(() -> ran.set(true), SHORT_MS, TimeUnit.MILLISECONDS).isDisposed()).isTrue();
        assertThat(loopReports).hasSize(2).allSatisfy(report -> {
            assertThat(report.exception()).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("is closed");
            assertThat(report.message()).contains("closed event loop");
        });
        loopReports.clear();
        assertThat(ran).isFalse();
    }

    @Test
    void workPassesThroughTheScheduleHook() throws Exception {
        Function<? super Runnable, ? extends Runnable> previous = RxJavaPlugins.getScheduleHandler();
        AtomicInteger hooked = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        RxJavaPlugins.setScheduleHandler(r -> () -> {
            hooked.incrementAndGet();
            r.run();
        });
        try {
            startLoopThread();
            AioRx.scheduler(loop).scheduleDirect(ran::countDown);
            awaitLatch(ran, "the hooked work ran");
        } finally {
            RxJavaPlugins.setScheduleHandler(previous);
        }
        assertThat(hooked).hasValue(1);
    }

    @Test
    void toStringNamesTheLoopAndThePendingWork() {
        Scheduler scheduler = AioRx.scheduler(loop);
        Scheduler.Worker worker = scheduler.createWorker();
        Disposable work = worker.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThat(scheduler.toString()).contains("AioRx.scheduler(").contains(loop.toString());
        assertThat(worker.toString()).contains("pending=1");
        assertThat(work.toString()).contains("waiting");
        worker.dispose();
        assertThat(worker.toString()).contains("disposed");
        assertThat(work.toString()).contains("disposed");
    }
}
