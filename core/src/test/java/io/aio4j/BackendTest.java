package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link Backend} selection in a JVM started with the Continuation flag (the normal test run); {@link NoExportsTest}
 * covers a JVM without it. No CPython counterpart: asyncio has one way to suspend.
 */
class BackendTest extends BackendPropertyIsolation {
    @Test
    void withTheFlagBothBackendsAreAvailableAndContinuationIsPreferred() {
        assertThat(Backend.VIRTUAL_THREADS.isAvailable()).isTrue();
        assertThat(Backend.CONTINUATION.isAvailable()).isTrue();
        assertThat(Backend.select()).isEqualTo(Backend.CONTINUATION);
        try (EventLoop loop = EventLoop.newEventLoop()) {
            assertThat(loop.backend()).isEqualTo(Backend.CONTINUATION);
        }
    }

    @Test
    void blankPropertyMeansTheDefault() {
        System.setProperty(Backend.PROPERTY, "  ");
        assertThat(Backend.select()).isEqualTo(Backend.CONTINUATION);
    }

    @Test
    void propertyForcesVirtualThreads() {
        System.setProperty(Backend.PROPERTY, "virtual-threads");
        assertThat(Backend.select()).isEqualTo(Backend.VIRTUAL_THREADS);
        try (EventLoop loop = EventLoop.newEventLoop()) {
            assertThat(loop.backend()).isEqualTo(Backend.VIRTUAL_THREADS);
        }
        assertThat(Async.run(() -> Async.getRunningLoop().backend())).isEqualTo(Backend.VIRTUAL_THREADS);
    }

    @Test
    void propertyForcesContinuation() {
        System.setProperty(Backend.PROPERTY, "continuation");
        assertThat(Backend.select()).isEqualTo(Backend.CONTINUATION);
    }

    @Test
    void unknownPropertyValueIsRefusedNamingPropertyAndValue() {
        System.setProperty(Backend.PROPERTY, "fibers");
        assertThatThrownBy(Backend::select).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Backend.PROPERTY)
                .hasMessageContaining("fibers")
                .hasMessageContaining("virtual-threads");
        assertThatThrownBy(EventLoop::newEventLoop).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void newEventLoopWithAnExplicitBackendIgnoresTheProperty() {
        System.setProperty(Backend.PROPERTY, "continuation");
        try (EventLoop loop = EventLoop.newEventLoop(Backend.VIRTUAL_THREADS)) {
            assertThat(loop.backend()).isEqualTo(Backend.VIRTUAL_THREADS);
            assertThat(loop.runUntilComplete((Coroutine<String>) () -> "ran")).isEqualTo("ran");
        }
    }
}
