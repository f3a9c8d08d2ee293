package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VirtualTimeLoop}: time moves only when every task is blocked, {@code advanceTimeBy} and {@code runUntilIdle}
 * from the test's thread and from a task, and the same program giving the same order every time.
 */
abstract class VirtualTimeLoopTest extends LoopTestBase {
    static final class VirtualThreadsTest extends VirtualTimeLoopTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends VirtualTimeLoopTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private VirtualTimeLoop vt;

    @BeforeEach
    void wrap() {
        vt = new VirtualTimeLoop(loop);
    }

    private static Duration hours(long h) {
        return Duration.ofHours(h);
    }

    @Test
    void anHourLongTimeoutRunsWithoutWaitingAndEndsExactlyOnTime() {
        Task<String> task = loop.createTask(() -> {
            try {
                return Async.waitFor(() -> Async.sleep(hours(2), "late"), hours(1));
            } catch (AsyncTimeoutException e) {
                return "timed out at " + vt.elapsed();
            }
        });
        assertThat(loop.runUntilComplete(task)).isEqualTo("timed out at PT1H");
    }

    @Test
    void advanceTimeByRunsWhatFallsDueIncludingTheEndAndStopsThere() {
        List<String> fired = new ArrayList<>();
        loop.callLater(Duration.ofMinutes(10), () -> fired.add("10m"));
        loop.callLater(Duration.ofMinutes(30), () -> fired.add("30m"));
        loop.callLater(Duration.ofMinutes(31), () -> fired.add("31m"));

        vt.advanceTimeBy(Duration.ofMinutes(29));
        assertThat(fired).containsExactly("10m");
        assertThat(vt.elapsed()).isEqualTo(Duration.ofMinutes(29));

        vt.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(fired).as("a timer due exactly at the target runs").containsExactly("10m", "30m");
        assertThat(vt.elapsed()).isEqualTo(Duration.ofMinutes(30));

        vt.advanceTimeBy(hours(5));
        assertThat(fired).containsExactly("10m", "30m", "31m");
        assertThat(vt.elapsed()).as("time reaches the target even with no timer there").isEqualTo(Duration.ofMinutes(330));
    }

    @Test
    void advanceTimeByZeroRunsOnlyWhatIsReadyNow() {
        List<String> ran = new ArrayList<>();
        Task<Void> task = loop.createTask(() -> {
            ran.add("step 1");
            Async.sleep(Duration.ZERO);
            ran.add("step 2");
            Async.sleep(Duration.ofNanos(1));
            ran.add("after 1 ns");
            return null;
        });
        vt.advanceTimeBy(Duration.ZERO);
        assertThat(ran).containsExactly("step 1", "step 2");
        assertThat(vt.elapsed()).isZero();
        assertThat(task.done()).isFalse();
        vt.advanceTimeBy(Duration.ofNanos(1));
        assertThat(ran).endsWith("after 1 ns");
        assertThat(task.done()).isTrue();
    }

    @Test
    void tasksAdvanceInStepsWithTheClock() {
        List<String> log = new ArrayList<>();
        loop.createTask(() -> {
            for (int i = 1; i <= 3; i++) {
                Async.sleep(Duration.ofSeconds(10));
                log.add("tick " + i + " at " + vt.elapsed().toSeconds() + "s");
            }
            return null;
        });
        vt.advanceTimeBy(Duration.ofSeconds(25));
        assertThat(log).containsExactly("tick 1 at 10s", "tick 2 at 20s");
        vt.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(log).containsExactly("tick 1 at 10s", "tick 2 at 20s", "tick 3 at 30s");
    }

    @Test
    void runUntilIdleJumpsThroughEveryTimerAndLeavesTasksBlockedOnOtherThings() {
        Event never = new Event();
        List<String> log = new ArrayList<>();
        Task<Void> sleeper = loop.createTask(() -> {
            Async.sleep(hours(3));
            log.add("slept 3h");
            return null;
        });
        Task<Void> waiter = loop.createTask(() -> {
            log.add("waiting");
            never.await();
            return null;
        });
        vt.runUntilIdle();
        assertThat(log).containsExactly("waiting", "slept 3h");
        assertThat(sleeper.done()).isTrue();
        assertThat(waiter.done()).as("an event is not something time brings").isFalse();
        assertThat(vt.elapsed()).isEqualTo(hours(3));
        never.set();
        vt.runUntilIdle();
        assertThat(waiter.done()).isTrue();
    }

    @Test
    void fromATaskAdvanceTimeBySleepsAndRunUntilIdleWaitsForTheOthersToBlock() {
        Event gate = new Event();
        List<String> log = new ArrayList<>();
        loop.createTask(() -> {
            Async.sleep(Duration.ofSeconds(10));
            log.add("worker at 10s");
            Async.sleep(Duration.ofSeconds(20));
            log.add("worker at 30s");
            gate.await();
            log.add("worker released");
            return null;
        });
        String result = loop.runUntilComplete(() -> {
            vt.advanceTimeBy(Duration.ofSeconds(15));
            log.add("test at " + vt.elapsed().toSeconds() + "s");
            vt.runUntilIdle();
            log.add("test idle at " + vt.elapsed().toSeconds() + "s");
            gate.set();
            vt.runUntilIdle();
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(log).containsExactly("worker at 10s", "test at 15s", "worker at 30s", "test idle at 30s",
                "worker released");
    }

    @Test
    void theSameProgramRunsInTheSameOrderEveryTime() {
        List<String> first = randomProgramTrace(backend(), 42);
        List<String> second = randomProgramTrace(backend(), 42);
        Backend other = backend() == Backend.VIRTUAL_THREADS ? Backend.CONTINUATION : Backend.VIRTUAL_THREADS;
        assertThat(first).hasSizeGreaterThan(200).isEqualTo(second);
        assertThat(randomProgramTrace(other, 42)).as("and on the other backend").isEqualTo(first);
        assertThat(randomProgramTrace(backend(), 43)).as("a different program differs").isNotEqualTo(first);
    }

    /** 50 tasks sleeping pseudo-random (often equal) delays and passing items through a queue. */
    private static List<String> randomProgramTrace(Backend backend, long seed) {
        List<String> trace = new ArrayList<>();
        try (VirtualTimeLoop v = VirtualTimeLoop.create(backend)) {
            SplittableRandom random = new SplittableRandom(seed);
            Queue<Integer> queue = new Queue<>();
            for (int i = 0; i < 50; i++) {
                int id = i;
                long[] delays = random.ints(5, 0, 4).asLongStream().toArray();
                v.loop().createTask(() -> {
                    for (long d : delays) {
                        Async.sleep(Duration.ofMillis(d * 100));
                        queue.putNowait(id);
                        trace.add(id + "@" + v.elapsed().toMillis() + " got " + queue.get());
                    }
                    return null;
                });
            }
            v.runUntilIdle();
        }
        return trace;
    }

    @Test
    void badCallsAreRefusedWithAReason() {
        assertThatThrownBy(() -> vt.advanceTimeBy(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> vt.advanceTimeBy(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");

        AtomicReference<Throwable> fromCallback = new AtomicReference<>();
        loop.callSoon(() -> {
            try {
                vt.runUntilIdle();
            } catch (Throwable t) {
                fromCallback.set(t);
            }
        });
        vt.advanceTimeBy(Duration.ZERO);
        assertThat(fromCallback.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runUntilIdle()").hasMessageContaining("callback");

        EventLoop other = newTrackedLoop(true);
        Throwable fromOtherLoop = other.runUntilComplete(() -> {
            try {
                vt.advanceTimeBy(Duration.ofSeconds(1));
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(fromOtherLoop).hasMessageContaining("advanceTimeBy()").hasMessageContaining(other.toString().replace("idle", "running"));

        vt.close();
        assertThatThrownBy(() -> vt.runUntilIdle()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aLoopLeftToItselfStillJumpsTimeAfterADriverRanIt() {
        vt.advanceTimeBy(Duration.ofSeconds(1));
        String r = loop.runUntilComplete(() -> Async.sleep(hours(24), "next day"));
        assertThat(r).isEqualTo("next day");
        assertThat(vt.elapsed()).isEqualTo(hours(24).plusSeconds(1));
    }
}
