package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Backend fallback in a JVM started WITHOUT {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}: the
 * build runs this class alone, in a separate Surefire execution ({@code no-continuation-flag} in
 * {@code core/pom.xml}); the normal execution excludes it.
 */
class NoExportsTest extends BackendPropertyIsolation {
    private static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    @Test
    void selectFallsBackToVirtualThreads() {
        assertThat(Backend.select()).isEqualTo(Backend.VIRTUAL_THREADS);
        assertThat(Backend.VIRTUAL_THREADS.isAvailable()).isTrue();
    }

    @Test
    void continuationIsNotAvailable() {
        assertThat(Backend.CONTINUATION.isAvailable()).isFalse();
    }

    @Test
    void newEventLoopWithContinuationIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> EventLoop.newEventLoop(Backend.CONTINUATION))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(FLAG);
    }

    @Test
    void forcingContinuationByPropertyIsRefusedNamingTheFlag() {
        System.setProperty(Backend.PROPERTY, "continuation");
        assertThatThrownBy(Backend::select).isInstanceOf(IllegalStateException.class).hasMessageContaining(FLAG);
    }

    @Test
    void asyncRunWorks() {
        String result = Async.run(() -> {
            Task<String> child = Async.createTask(() -> Async.sleep(Duration.ZERO, "child"));
            return Async.getRunningLoop().backend() + " " + child.await();
        });
        assertThat(result).isEqualTo("VIRTUAL_THREADS child");
    }
}
