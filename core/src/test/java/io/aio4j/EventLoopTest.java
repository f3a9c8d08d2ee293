package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop}: ports of CPython's {@code Lib/test/test_asyncio/test_base_events.py}
 * ({@code BaseEventLoopTests}): scheduling order, iterations, run/stop/close. The exception handler and debug mode
 * are in {@link EventLoopDiagnosticsTest}.
 */
abstract class EventLoopTest extends LoopTestBase {
    static final class VirtualThreadsTest extends EventLoopTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends EventLoopTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void close() {
        Future<Object> f = loop.createFuture();
        assertThat(loop.isClosed()).isFalse();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        loop.close(); // idempotent
        loop.close();

        assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> loop.runUntilComplete(f))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void everyOperationOnAClosedLoopIsRefusedNamingTheMethodAndClosed() {
        loop.close();
        List<Consumer<EventLoop>> operations = List.of(
                l -> l.callSoon(() -> { }),
                l -> l.callSoonThreadsafe(() -> { }),
                l -> l.callLater(Duration.ZERO, () -> { }),
                l -> l.callAt(l.time(), () -> { }),
                l -> l.createTask(() -> null),
                l -> l.createTask(() -> null, "named"),
                EventLoop::createFuture,
                EventLoop::runForever,
                l -> l.runUntilComplete((Coroutine<Object>) () -> null));
        List<String> methods = List.of("callSoon()", "callSoonThreadsafe()", "callLater()", "callAt()",
                "createTask()", "createTask()", "createFuture()", "runForever()", "runUntilComplete()");
        for (int i = 0; i < operations.size(); i++) {
            Consumer<EventLoop> op = operations.get(i);
            assertThatThrownBy(() -> op.accept(loop)).as(methods.get(i))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(methods.get(i))
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void closeOfARunningLoopIsRefused() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        loop.callSoon(() -> caught.set(catchThrowable(loop::close)));
        runOneIteration();
        assertThat(caught.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        assertThat(loop.isClosed()).isFalse();
    }

    @Test
    void isRunningOnlyWhileRunning() {
        AtomicReference<Boolean> inCallback = new AtomicReference<>();
        assertThat(loop.isRunning()).isFalse();
        loop.callSoon(() -> inCallback.set(loop.isRunning()));
        assertThat(run(loop::isRunning)).isTrue();
        assertThat(inCallback.get()).isTrue();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void toStringShowsTheState() {
        assertThat(loop.backend()).isEqualTo(backend());
        assertThat(loop.toString()).startsWith("EventLoop-").contains("idle", backend().toString(), "ready=0",
                "timers=0").doesNotContain("debug");
        loop.callSoon(() -> { });
        loop.callLater(Duration.ofSeconds(1), () -> { });
        assertThat(loop.toString()).contains("ready=1", "timers=1");
        assertThat(run(loop::toString)).contains("running");
        loop.setDebug(true);
        assertThat(loop.toString()).contains("debug");
        loop.close();
        assertThat(loop.toString()).contains("closed");
    }

    // ------------------------------------------------------------------ scheduling

    @Test
    void callSoon() {
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoon(() -> log.add("ran"));
        assertThat(h.cancelled()).isFalse();
        assertThat(log).as("not run inside callSoon").isEmpty();
        runOneIteration();
        runOneIteration();
        assertThat(log).containsExactly("ran");
    }

    @Test
    void callSoonRunsCallbacksInFifoOrder() {
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.callSoon(() -> log.add(n));
        }
        runOneIteration();
        assertThat(log).hasSize(100).isSorted();
    }

    @Test
    void addCallbackCancelledHandle() {
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoon(() -> log.add("cancelled one"));
        loop.callSoon(() -> log.add("other"));
        h.cancel();
        assertThat(h.cancelled()).isTrue();
        runOneIteration();
        assertThat(log).containsExactly("other");
    }

    @Test
    void callLater() {
        List<String> log = new ArrayList<>();
        double t0 = loop.time();
        TimerHandle h = loop.callLater(Duration.ofSeconds(10), () -> log.add("timer"));
        assertThat(h.when()).isCloseTo(t0 + 10, within(1e-6));
        runOneIteration();
        assertThat(log).as("not due yet").isEmpty();

        run(() -> Async.sleep(Duration.ofSeconds(11), null));
        assertThat(log).containsExactly("timer");
    }

    @Test
    void callLaterNegativeDelays() {
        // Deliberate difference from asyncio, which runs negative delays at once: here they are an error.
        assertThatThrownBy(() -> loop.callLater(Duration.ofSeconds(-1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay")
                .hasMessageContaining("PT-1S");
        assertThat(loop.toString()).contains("timers=0");
    }

    @Test
    void timeAndCallAt() {
        double delay = 0.1;
        double when = loop.time() + delay;
        loop.callAt(when, loop::stop);
        double t0 = loop.time();
        loop.runForever();
        assertThat(loop.time() - t0).isGreaterThanOrEqualTo(delay - 1e-6);
        assertThat(loop.time()).isGreaterThanOrEqualTo(when - 1e-6);
    }

    @Test
    void callAtRejectsNaNAndInfinity() {
        assertThatThrownBy(() -> loop.callAt(Double.NaN, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("when").hasMessageContaining("NaN");
        assertThatThrownBy(() -> loop.callAt(Double.POSITIVE_INFINITY, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("when");
    }

    @Test
    void callAtInThePastRunsAtTheNextIteration() {
        List<String> log = new ArrayList<>();
        loop.callAt(loop.time() - 5, () -> log.add("past"));
        loop.callAt(-1e18, () -> log.add("far past"));
        runOneIteration();
        assertThat(log).containsExactly("far past", "past");
    }

    @Test
    void timersRunInDeadlineOrderAndEqualDeadlinesInSchedulingOrder() {
        List<String> log = new ArrayList<>();
        double now = loop.time();
        loop.callLater(Duration.ofSeconds(3), () -> log.add("3s"));
        loop.callAt(now + 1, () -> log.add("1s first"));
        loop.callLater(Duration.ofSeconds(2), () -> log.add("2s"));
        loop.callAt(now + 1, () -> log.add("1s second"));
        loop.callAt(now + 1, () -> log.add("1s third"));
        loop.callLater(Duration.ofSeconds(3), loop::stop);
        loop.runForever();
        assertThat(log).containsExactly("1s first", "1s second", "1s third", "2s", "3s");
    }

    @Test
    void cancelledTimerNeverRunsAndDoesNotMoveTheClock() {
        List<String> log = new ArrayList<>();
        double t0 = loop.time();
        TimerHandle late = loop.callLater(Duration.ofHours(1), () -> log.add("cancelled timer"));
        late.cancel();
        assertThat(late.cancelled()).isTrue();
        run(() -> Async.sleep(Duration.ofSeconds(1), null));
        runOneIteration();
        assertThat(log).isEmpty();
        assertThat(loop.time() - t0).isCloseTo(1.0, within(1e-6));
        assertThat(loop.toString()).contains("timers=0");
    }

    @Test
    void runOnceScheduleHandle() {
        List<String> log = new ArrayList<>();
        loop.callAt(loop.time() - 1, () -> {
            log.add("timer");
            loop.callSoon(() -> log.add("scheduled by the timer"));
        });
        runOneIteration();
        assertThat(log).containsExactly("timer");
        runOneIteration();
        assertThat(log).containsExactly("timer", "scheduled by the timer");
    }

    @Test
    void timerThatBecomesDueDuringAnIterationJoinsTheReadyQueueOnlyAfterIt() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("A");
            loop.callLater(Duration.ZERO, () -> log.add("T"));
            loop.callSoon(() -> log.add("B"));
        });
        loop.callSoon(() -> {
            log.add("C");
            loop.stop();
        });
        loop.runForever();
        assertThat(log).as("T is due at once but waits for the next iteration").containsExactly("A", "C");
        runOneIteration();
        assertThat(log).as("then runs behind what was already ready").containsExactly("A", "C", "B", "T");
    }

    @Test
    void runOnce() {
        int[] count = {0};
        loop.callSoon(() -> count[0]++);
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(count[0]).isEqualTo(1);
    }

    @Test
    void runForeverPreStopped() {
        List<String> log = new ArrayList<>();
        double t0 = loop.time();
        loop.callLater(Duration.ofHours(1), () -> log.add("timer"));
        loop.stop();
        loop.runForever(); // returns at once: no waiting for the timer, virtual or real
        assertThat(log).isEmpty();
        assertThat(loop.time()).isEqualTo(t0);
    }

    @Test
    void stopBeforeRunForeverRunsExactlyOneIteration() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("first iteration");
            loop.callSoon(() -> log.add("second iteration"));
        });
        loop.stop();
        loop.runForever();
        assertThat(log).containsExactly("first iteration");
        assertThat(loop.isRunning()).isFalse();
        runOneIteration();
        assertThat(log).containsExactly("first iteration", "second iteration");
    }

    @Test
    void stopInACallbackLetsTheRestOfTheIterationRun() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("A");
            loop.stop();
            loop.callSoon(() -> log.add("next iteration"));
        });
        loop.callSoon(() -> log.add("B"));
        loop.runForever();
        assertThat(log).containsExactly("A", "B");
        loop.stop();
        loop.runForever();
        assertThat(log).containsExactly("A", "B", "next iteration");
    }

    private void assertCallSoonThreadsafeWakesTheIdleLoop(boolean awaitInATask) throws Exception {
        EventLoop real = newTrackedLoop(false);
        Future<String> fut = real.createFuture();
        CountDownLatch loopStarted = new CountDownLatch(1);
        real.callSoon(loopStarted::countDown);
        Thread waker = new Thread(() -> {
            try {
                if (loopStarted.await(30, TimeUnit.SECONDS)) {
                    String name = Thread.currentThread().getName();
                    real.callSoonThreadsafe(() -> fut.setResult("woken by " + name));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "waker");
        waker.start();
        String result = awaitInATask ? real.runUntilComplete(real.createTask(fut::await))
                : real.runUntilComplete(fut);
        waker.join();
        assertThat(result).isEqualTo("woken by waker");
    }

    @Test
    void callSoonThreadsafeFromAnotherThreadWakesAnIdleLoop() throws Exception {
        assertCallSoonThreadsafeWakesTheIdleLoop(false);
    }

    @Test
    void callSoonThreadsafeWakesALoopIdlingWhileATaskAwaits() throws Exception {
        assertCallSoonThreadsafeWakesTheIdleLoop(true);
    }

    @Test
    void runUntilCompleteReturnsTheResultAndTheLoopCanRunAgain() {
        assertThat(run(() -> Async.sleep(Duration.ofSeconds(1), "first"))).isEqualTo("first");
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.isClosed()).isFalse();
        assertThat(run(() -> "second")).isEqualTo("second");
    }

    @Test
    void runUntilCompleteRunsAPlainAwaitableInANewTask() {
        Awaitable<Task<?>> awaitable = Async::currentTask;
        Task<?> wrapper = loop.runUntilComplete(awaitable);
        assertThat(wrapper).isNotNull();
        assertThat(wrapper.done()).isTrue();
    }

    @Test
    void runUntilCompleteLoop() {
        EventLoop other = newTrackedLoop(true);
        Future<Object> fut = loop.createFuture();
        assertThatThrownBy(() -> other.runUntilComplete(fut))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to");
        assertThat(other.isRunning()).isFalse();
    }

    @Test
    void runUntilCompleteLoopOrphanFutureCloseLoop() {
        Future<Object> orphan = loop.createFuture();
        loop.callSoon(loop::stop);
        assertThatThrownBy(() -> loop.runUntilComplete(orphan))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before");
        // If the first call had left its stop-the-loop callback on the orphan, this run would stop early.
        assertThat(run(() -> {
            orphan.setResult("late");
            Async.sleep(Duration.ofMillis(200));
            return 42;
        })).isEqualTo(42);
    }

    @Test
    void runUntilCompleteAfterStopIsRefusedWhenTheFutureIsNotDone() {
        Future<Object> fut = loop.createFuture();
        loop.stop();
        assertThatThrownBy(() -> loop.runUntilComplete(fut))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before");
    }

    @Test
    void runUntilCompleteFromInsideATaskIsRefused() {
        Throwable thrown = run(() -> catchThrowable(() -> loop.runUntilComplete((Coroutine<Object>) () -> null)));
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        Throwable forever = run(() -> catchThrowable(loop::runForever));
        assertThat(forever).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
    }

    @Test
    void runningAnotherLoopOnTheThreadOfARunningLoopIsRefused() {
        EventLoop other = newTrackedLoop(true);
        Throwable fromTask = run(() -> catchThrowable(() -> other.runUntilComplete((Coroutine<Object>) () -> null)));
        assertThat(fromTask).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot run");
        AtomicReference<Throwable> fromCallback = new AtomicReference<>();
        loop.callSoon(() -> fromCallback.set(catchThrowable(other::runForever)));
        runOneIteration();
        assertThat(fromCallback.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot run");
    }

    @Test
    void createTask() {
        Task<String> task = loop.createTask(() -> "result");
        assertThat(task.getLoop()).isSameAs(loop);
        assertThat(loop.runUntilComplete(task)).isEqualTo("result");
    }

    @Test
    void createNamedTaskWithDefaultFactory() {
        Task<Object> task = loop.createTask(() -> null, "the-name");
        assertThat(task.getName()).isEqualTo("the-name");
        loop.runUntilComplete(task);
    }

    @Test
    void manyCancelledTimersAreDroppedAndTheOthersStillRunInOrder() {
        List<Integer> log = new ArrayList<>();
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            handles.add(loop.callLater(Duration.ofMillis(1000 - i), () -> log.add(n)));
        }
        for (int i = 0; i < 1000; i++) {
            if (i % 10 != 0) {
                handles.get(i).cancel();
            }
        }
        run(() -> Async.sleep(Duration.ofSeconds(2), null));
        assertThat(log).hasSize(100).allMatch(n -> n % 10 == 0).isSortedAccordingTo((a, b) -> b - a);
        assertThat(loop.toString()).contains("timers=0");
    }

    @Test
    void callSoonThreadsafeKeepsFifoOrderWithCallSoon() {
        // asyncio: call_soon_threadsafe() is call_soon() plus a wake-up; both append to the one ready queue. On
        // the loop's own thread (a bridge mixing the two) aio4j keeps that order; from other threads the order is
        // that of arrival, at the next iteration.
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            loop.callSoon(() -> log.add("A"));
            loop.callSoonThreadsafe(() -> log.add("B"));
            loop.callSoon(() -> log.add("C"));
        });
        runIterations(2);
        assertThat(log).containsExactly("A", "B", "C");
    }

    @Test
    void callSoonThreadsafeHandleCanBeCancelled() {
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoonThreadsafe(() -> log.add("cancelled"));
        loop.callSoonThreadsafe(() -> log.add("kept"));
        h.cancel();
        runOneIteration();
        assertThat(log).containsExactly("kept");
    }

    @Test
    void stopThroughCallSoonThreadsafeFromAnotherThread() throws Exception {
        EventLoop real = newTrackedLoop(false);
        CountDownLatch running = new CountDownLatch(1);
        real.callSoon(running::countDown);
        Thread stopper = new Thread(() -> {
            try {
                if (running.await(30, TimeUnit.SECONDS)) {
                    real.callSoonThreadsafe(real::stop);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        real.runForever(); // idles until the other thread stops it
        stopper.join();
        assertThat(real.isRunning()).isFalse();
    }

    @Test
    void runUntilCompleteOfAFutureThatIsAlreadyDone() {
        Future<String> done = loop.createFuture();
        done.setResult("already");
        assertThat(loop.runUntilComplete(done)).isEqualTo("already");
    }

    @Test
    void handleToStringShowsTheCallbackAndWhetherItWasCancelled() {
        Handle h = loop.callSoon(named("the-callback", () -> { }));
        TimerHandle t = loop.callLater(Duration.ofSeconds(5), named("the-timer", () -> { }));
        assertThat(h.toString()).contains("the-callback").doesNotContain("cancelled");
        assertThat(t.toString()).contains("the-timer").contains("when=");
        h.cancel();
        t.cancel();
        assertThat(h.toString()).contains("cancelled");
        assertThat(t.toString()).contains("cancelled");
    }

    @Test
    void twoLoopsOnTwoThreadsRunIndependently() throws Exception {
        EventLoop other = newTrackedLoop(true);
        Coroutine<Integer> pingPong = () -> {
            int sum = 0;
            for (int i = 0; i < 200; i++) {
                Task<Integer> t = Async.createTask(() -> Async.sleep(Duration.ofMillis(1), 1));
                sum += t.await();
            }
            return sum;
        };
        AtomicReference<Object> fromOtherThread = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                fromOtherThread.set(other.runUntilComplete(pingPong));
            } catch (Throwable t) {
                fromOtherThread.set(t);
            }
        });
        thread.start();
        assertThat(run(pingPong)).isEqualTo(200);
        thread.join();
        assertThat(fromOtherThread.get()).isEqualTo(200);
    }
}
