package io.aio4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.AsyncTimeoutException;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.Task;
import io.aio4j.VirtualTimeLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test classes that use {@link RunOnLoop}, run by {@link LoopExtensionTest} through the JUnit engine (their names do
 * not end in "Test", so the build does not run them by themselves).
 */
final class ExtensionSamples {
    private ExtensionSamples() {}

    /** Seen by the samples, read back by the test. */
    static final List<String> SEEN = new ArrayList<>();

    @RunOnLoop
    static class PassingSample {
        @Test
        void anHourOfTimeoutsTakesNoTime(VirtualTimeLoop time, EventLoop loop) {
            assertThat(Async.getRunningLoop()).isSameAs(loop).isSameAs(time.loop());
            assertThat(loop.getDebug()).as("debug mode by default").isTrue();
            assertThatThrownBy(() -> Async.waitFor(() -> Async.sleep(Duration.ofHours(2), "late"), Duration.ofHours(1)))
                    .isInstanceOf(AsyncTimeoutException.class);
            assertThat(time.elapsed()).isEqualTo(Duration.ofHours(1));
            SEEN.add("passed on " + Async.currentTask().getName());
        }
    }

    static class ParameterizedSample {
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        @RunOnLoop(backend = Backend.CONTINUATION)
        void eachInvocationGetsAFreshLoop(int hours, VirtualTimeLoop time) {
            assertThat(time.elapsed()).isZero();
            Async.sleep(Duration.ofHours(hours));
            SEEN.add(hours + "h on " + Async.getRunningLoop().backend() + " after " + time.elapsed());
        }
    }

    @RunOnLoop
    static class LeavesATaskPendingSample {
        @Test
        void forgetsATask() {
            Async.getRunningLoop().createTask(() -> Async.sleep(Duration.ofDays(1), "done"), "the-forgotten-task");
        }
    }

    @RunOnLoop
    static class NeverRetrievesAnExceptionSample {
        @Test
        void dropsAFailedTask() {
            Task<Void> failing = Async.createTask(() -> {
                throw new IllegalStateException("nobody looks at this");
            });
            failing.setName("the-failing-task");
            Async.sleep(Duration.ZERO);
            assertThat(failing.done()).isTrue();
        }
    }

    @RunOnLoop
    static class FailsAndLeavesATaskSample {
        @Test
        void failsItsAssertion() {
            Async.getRunningLoop().createTask(() -> Async.sleep(Duration.ofDays(1), "done"), "the-other-task");
            assertThat(1 + 1).as("the test's own assertion").isEqualTo(3);
        }
    }

    @RunOnLoop(virtualTime = false)
    static class RealTimeSample {
        @Test
        void getsARealLoop(EventLoop loop) {
            double before = loop.time();
            Async.sleep(Duration.ofMillis(1));
            SEEN.add("real clock moved: " + (loop.time() - before >= 0.001));
        }

        @Test
        void cannotHaveVirtualTime(VirtualTimeLoop time) {
            SEEN.add("should not run");
        }
    }
}
