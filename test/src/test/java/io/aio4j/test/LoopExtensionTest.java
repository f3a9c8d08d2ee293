package io.aio4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** {@link RunOnLoop}: runs the sample classes of {@link ExtensionSamples} through JUnit and checks their outcomes. */
class LoopExtensionTest {
    @BeforeEach
    void clear() {
        ExtensionSamples.SEEN.clear();
    }

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    }

    private static Throwable onlyFailure(Events events) {
        List<Event> failed = events.failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    @Test
    void aTestRunsAsATaskOnVirtualTime() {
        Events events = run(ExtensionSamples.PassingSample.class);
        assertThat(events.succeeded().count()).isEqualTo(1);
        assertThat(events.failed().count()).isZero();
        assertThat(ExtensionSamples.SEEN).singleElement().asString()
                .startsWith("passed on test anHourOfTimeoutsTakesNoTime");
    }

    @Test
    void everyParameterizedInvocationGetsItsOwnLoop() {
        Events events = run(ExtensionSamples.ParameterizedSample.class);
        assertThat(events.succeeded().count()).isEqualTo(3);
        assertThat(ExtensionSamples.SEEN).containsExactly("1h on CONTINUATION after PT1H",
                "2h on CONTINUATION after PT2H", "3h on CONTINUATION after PT3H");
    }

    @Test
    void aTaskLeftPendingFailsTheTestByName() {
        Throwable failure = onlyFailure(run(ExtensionSamples.LeavesATaskPendingSample.class));
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("left 1 task(s) pending").hasMessageContaining("the-forgotten-task");
    }

    @Test
    void anExceptionNobodyRetrievedFailsTheTestByTaskName() {
        Throwable failure = onlyFailure(run(ExtensionSamples.NeverRetrievesAnExceptionSample.class));
        assertThat(failure).hasMessageContaining("Task exception was never retrieved: Task the-failing-task")
                .hasMessageContaining("nobody looks at this")
                .hasMessageContaining("created at io.aio4j.test.ExtensionSamples$NeverRetrievesAnExceptionSample");
        assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("nobody looks at this");
    }

    @Test
    void theBodysOwnFailureComesFirstWithTheLeftoversAttached() {
        Throwable failure = onlyFailure(run(ExtensionSamples.FailsAndLeavesATaskSample.class));
        assertThat(failure).hasMessageContaining("the test's own assertion");
        assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
                .contains("the-other-task");
    }

    @Test
    void aRealTimeLoopOnRequestAndNoVirtualTimeParameterThere() {
        Events events = run(ExtensionSamples.RealTimeSample.class);
        assertThat(events.succeeded().count()).isEqualTo(1);
        assertThat(ExtensionSamples.SEEN).containsExactly("real clock moved: true");
        assertThat(onlyFailure(events)).hasMessageContaining("virtualTime = false")
                .hasMessageContaining("take an EventLoop parameter");
    }
}
