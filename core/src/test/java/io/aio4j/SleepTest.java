package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Async#sleep}: the sleep cases of CPython's {@code Lib/test/test_asyncio/test_tasks.py}
 * ({@code test_sleep}, {@code test_sleep_cancel}, {@code test_task_cancel_sleeping_task},
 * {@code SleepTests.test_sleep_zero}), on a virtual-time loop so that no case waits for real.
 */
abstract class SleepTest extends LoopTestBase {
    static final class VirtualThreadsTest extends SleepTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends SleepTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @Test
    void sleep() {
        double t0 = loop.time();
        Task<String> t = loop.createTask(() -> {
            Async.sleep(Duration.ofMillis(50));
            return Async.sleep(Duration.ofMillis(50), "yeah");
        });
        assertThat(loop.runUntilComplete(t)).isEqualTo("yeah");
        assertThat(loop.time() - t0).isGreaterThanOrEqualTo(0.1 - 1e-9).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void sleepZero() {
        AtomicInteger result = new AtomicInteger();
        run(() -> {
            loop.callSoon(() -> result.addAndGet(1));
            assertThat(result).hasValue(0);
            int num = Async.sleep(Duration.ZERO, 10);
            assertThat(result).as("the callback scheduled before sleep(0) ran first").hasValue(1);
            result.addAndGet(num);
            return null;
        });
        assertThat(result).hasValue(11);
    }

    @Test
    void sleepZeroYieldsForExactlyOneIteration() {
        List<String> log = new ArrayList<>();
        loop.callSoon(new Runnable() {
            int iteration;

            @Override
            public void run() {
                log.add("callback " + iteration);
                if (++iteration < 4) {
                    loop.callSoon(this); // one entry per loop iteration
                }
            }
        });
        Task<Object> t = loop.createTask(() -> {
            log.add("task 0");
            Async.sleep(Duration.ZERO);
            log.add("task 1");
            Async.sleep(Duration.ZERO);
            log.add("task 2");
            return null;
        });
        loop.runUntilComplete(t);
        assertThat(log).startsWith("callback 0", "task 0", "callback 1", "task 1", "callback 2", "task 2");
    }

    @Test
    void sleepZeroMakesTwoTasksAlternateStrictly() {
        List<String> log = new ArrayList<>();
        Task<Object> a = loop.createTask(() -> {
            for (int i = 0; i < 4; i++) {
                log.add("a" + i);
                Async.sleep(Duration.ZERO);
            }
            return null;
        });
        Task<Object> b = loop.createTask(() -> {
            for (int i = 0; i < 4; i++) {
                log.add("b" + i);
                Async.sleep(Duration.ZERO);
            }
            return null;
        });
        loop.runUntilComplete(b);
        assertThat(a.done()).isTrue();
        assertThat(log).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3");
    }

    @Test
    void sleepReturnsItsResultAfterTheDelayOnTheLoopClock() {
        Duration d = Duration.ofHours(3);
        double t0 = loop.time();
        Object marker = new Object();
        assertThat(run(() -> Async.sleep(d, marker))).isSameAs(marker);
        assertThat(loop.time() - t0).isGreaterThanOrEqualTo(3 * 3600 - 1e-6);
    }

    @Test
    void sleepRejectsANegativeDelayNamingIt() {
        Throwable thrown = run(() -> catchThrowable(() -> Async.sleep(Duration.ofSeconds(-1))));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> Async.sleep(Duration.ofMillis(-5), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
    }

    @Test
    void sleepCancel() {
        double t0 = loop.time();
        Task<String> t = loop.createTask(() -> Async.sleep(Duration.ofSeconds(10), "yeah"));
        runOneIteration();
        assertThat(loop.toString()).contains("timers=1");

        t.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        runOneIteration();
        assertThat(loop.toString()).as("the sleep's timer was cancelled and dropped").contains("timers=0");
        assertThat(loop.time()).isEqualTo(t0);
    }

    @Test
    void taskCancelSleepingTask() {
        double t0 = loop.time();
        String outcome = run(() -> {
            Task<Object> sleeper = Async.createTask(() -> {
                Async.sleep(Duration.ofSeconds(5000));
                return null;
            });
            loop.callLater(Duration.ofMillis(100), sleeper::cancel);
            try {
                sleeper.await();
                return "slept in";
            } catch (CancellationException e) {
                return "cancelled";
            }
        });
        assertThat(outcome).isEqualTo("cancelled");
        assertThat(loop.time() - t0).isCloseTo(0.1, within(1e-6));
        assertThat(loop.toString()).contains("timers=0");
    }

    @Test
    void sleepOutsideATaskIsRefused() {
        assertThatThrownBy(() -> Async.sleep(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.sleep()")
                .hasMessageContaining("not running a task");
        assertThatThrownBy(() -> Async.sleep(Duration.ZERO)).isInstanceOf(IllegalStateException.class);

        AtomicReference<Throwable> zero = new AtomicReference<>();
        AtomicReference<Throwable> nonZero = new AtomicReference<>();
        loop.callSoon(() -> {
            zero.set(catchThrowable(() -> Async.sleep(Duration.ZERO)));
            nonZero.set(catchThrowable(() -> Async.sleep(Duration.ofSeconds(1))));
        });
        runOneIteration();
        assertThat(zero.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Async.sleep()");
        assertThat(nonZero.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Async.sleep()");
        assertThat(loop.toString()).as("a refused sleep leaves no timer").contains("timers=0");
    }

    @Test
    void sleepersWakeInDeadlineOrderAndEqualDeadlinesInOrderOfSleeping() {
        List<String> log = new ArrayList<>();
        for (String[] spec : new String[][] {{"c", "300"}, {"a1", "100"}, {"b", "200"}, {"a2", "100"}}) {
            loop.createTask(() -> {
                Async.sleep(Duration.ofMillis(Long.parseLong(spec[1])));
                log.add(spec[0]);
                return null;
            });
        }
        run(() -> Async.sleep(Duration.ofSeconds(1), null));
        assertThat(log).containsExactly("a1", "a2", "b", "c");
    }
}
