package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** {@link AioReactor#scheduler}: Reactor work run as callbacks of a loop. */
abstract class LoopSchedulerTest extends BridgeTestBase {
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

    private Scheduler scheduler;

    @BeforeEach
    void runLoopInBackground() {
        startLoop();
        scheduler = AioReactor.scheduler(loop);
    }

    @Test
    void publishOnRunsTheOperatorsDownstreamOnTheLoop() {
        Flux<Boolean> onLoop = Flux.range(1, 5)
                .publishOn(Schedulers.parallel())
                .publishOn(scheduler)
                .map(i -> loop.inEventLoop());

        StepVerifier.create(onLoop).expectNext(true, true, true, true, true).expectComplete().verify(WAIT);
    }

    @Test
    void subscribeOnSubscribesOnTheLoop() {
        Mono<Boolean> onLoop = Mono.fromCallable(loop::inEventLoop).subscribeOn(scheduler);

        StepVerifier.create(onLoop).expectNext(true).expectComplete().verify(WAIT);
    }

    @Test
    void delayedWorkRunsOnTheLoop() {
        Mono<Boolean> onLoop = Mono.delay(Duration.ofMillis(2), scheduler).map(tick -> loop.inEventLoop());

        StepVerifier.create(onLoop).expectNext(true).expectComplete().verify(WAIT);
    }

    @Test
    void intervalTicksOnTheLoop() {
        Flux<String> ticks = Flux.interval(Duration.ofMillis(1), scheduler).take(3)
                .map(i -> i + ":" + loop.inEventLoop());

        StepVerifier.create(ticks).expectNext("0:true", "1:true", "2:true").expectComplete().verify(WAIT);
        assertThat(scheduler.toString()).contains("tracked=0");
    }

    @Test
    void aZeroPeriodRunsAtEveryIterationUntilDisposed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch threeRuns = new CountDownLatch(3);
        Disposable periodic = scheduler.schedulePeriodically(() -> {
            runs.incrementAndGet();
            threeRuns.countDown();
        }, 0, 0, TimeUnit.MILLISECONDS);
        await(threeRuns);

        periodic.dispose();
        drainLoop();
        int afterDispose = runs.get();
        drainLoop();
        drainLoop();
        assertThat(runs).hasValue(afterDispose);
        assertThat(periodic.isDisposed()).isTrue();
    }

    @Test
    void aWorkerRunsItsTasksInOrder() throws Exception {
        Scheduler.Worker worker = scheduler.createWorker();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            int n = i;
            worker.schedule(() -> {
                order.add(n);
                all.countDown();
            });
        }
        await(all);
        assertThat(order).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
        worker.dispose();
    }

    @Test
    void disposingAWorkerCancelsItsPendingTasksAndRefusesNewOnes() throws Exception {
        Scheduler.Worker worker = scheduler.createWorker();
        AtomicBoolean immediateRan = new AtomicBoolean();
        AtomicBoolean delayedRan = new AtomicBoolean();
        onLoop(() -> { // both scheduled and the worker disposed before the loop can run either
            worker.schedule(() -> immediateRan.set(true));
            worker.schedule(() -> delayedRan.set(true), 1, TimeUnit.MILLISECONDS);
            worker.dispose();
            return null;
        });
        awaitLaterWork(20);

        assertThat(immediateRan).isFalse();
        assertThat(delayedRan).isFalse();
        assertThat(worker.isDisposed()).isTrue();
        assertThatThrownBy(() -> worker.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void disposingADelayedTaskKeepsItFromRunning() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Disposable task = onLoop(() -> { // scheduled and disposed before the loop can run it
            Disposable d = scheduler.schedule(() -> ran.set(true), 1, TimeUnit.MILLISECONDS);
            d.dispose();
            return d;
        });
        awaitLaterWork(20);

        assertThat(ran).isFalse();
        assertThat(task.isDisposed()).isTrue();
    }

    @Test
    void disposingATimedTaskFromAnotherThreadFreesTheLoopsTimer() throws Exception {
        Disposable task = scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        drainLoop(); // armed
        assertThat(onLoop(loop::toString)).contains("timers=1");

        task.dispose();
        drainLoop(); // disarmed on the loop
        drainLoop(); // the loop dropped the cancelled timer when it looked for the next deadline
        assertThat(onLoop(loop::toString)).contains("timers=0");
        assertThat(task.isDisposed()).isTrue();
    }

    @Test
    void disposingTheSchedulerRefusesWorkButLeavesTheLoopRunning() throws Exception {
        AtomicBoolean pendingRan = new AtomicBoolean();
        Scheduler other = AioReactor.scheduler(loop);
        onLoop(() -> { // scheduled and disposed before the loop can run it
            scheduler.schedule(() -> pendingRan.set(true), 1, TimeUnit.MILLISECONDS);
            scheduler.dispose();
            return null;
        });

        assertThat(scheduler.isDisposed()).isTrue();
        assertThatThrownBy(() -> scheduler.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(scheduler::createWorker).isInstanceOf(RejectedExecutionException.class);
        CountDownLatch otherRan = new CountDownLatch(1);
        other.schedule(otherRan::countDown, 20, TimeUnit.MILLISECONDS);
        await(otherRan);
        assertThat(pendingRan).isFalse();
        assertThat(loop.isClosed()).isFalse();
        assertThat(onLoop(() -> "the loop still runs")).isEqualTo("the loop still runs");
    }

    @Test
    void aTaskThatThrowsIsReportedToTheLoopsHandlerAndTheLoopGoesOn() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        scheduler.schedule(() -> {
            throw boom;
        });

        ExceptionContext report = awaitReport();
        assertThat(report.exception()).isSameAs(boom);
        assertThat(onLoop(() -> "still running")).isEqualTo("still running");
    }

    @Test
    void aPeriodicTaskStopsAtItsFirstException() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger runs = new AtomicInteger();
        Disposable periodic = scheduler.schedulePeriodically(() -> {
            runs.incrementAndGet();
            throw boom;
        }, 0, 1, TimeUnit.MILLISECONDS);

        assertThat(awaitReport().exception()).isSameAs(boom);
        awaitLaterWork(20); // a tick still scheduled would be due before this
        assertThat(runs).hasValue(1);
        assertThat(periodic.isDisposed()).isTrue();
    }

    @Test
    void tasksPassThroughReactorsOnScheduleHook() throws Exception {
        AtomicInteger decorated = new AtomicInteger();
        Schedulers.onScheduleHook("aio4j-test", task -> () -> {
            decorated.incrementAndGet();
            task.run();
        });
        try {
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.schedule(ran::countDown);
            await(ran);
            assertThat(decorated).hasValue(1);
        } finally {
            Schedulers.resetOnScheduleHook("aio4j-test");
        }
    }

    @Test
    void aClosedLoopRefusesWork() {
        EventLoop closing = newLoop();
        Scheduler onClosing = AioReactor.scheduler(closing);
        closing.close();

        assertThatThrownBy(() -> AioReactor.scheduler(closing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> onClosing.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> onClosing.schedule(() -> { }, 1, TimeUnit.SECONDS))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
        assertThat(onClosing.toString()).contains("tracked=0");
    }

    /**
     * Schedules a marker {@code millis} from now on the loop and waits for it: timers run in deadline order, so
     * any work that was due earlier and not cancelled has run by then.
     */
    private void awaitLaterWork(long millis) throws Exception {
        CountDownLatch marker = new CountDownLatch(1);
        onLoop(() -> loop.callLater(Duration.ofMillis(millis), marker::countDown));
        await(marker);
    }
}
