package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.EventLoop;
import io.aio4j.EventLoopGroup;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Bad arguments fail at once, on the caller's thread, naming the argument. */
class AioReactorArgumentsTest {
    @Test
    void nullArgumentsAreRefusedNamingTheArgument() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            List<Object[]> cases = List.<Object[]>of(
                    new Object[] {"future", (ThrowingCallable) () -> AioReactor.mono(null)},
                    new Object[] {"loop", (ThrowingCallable) () -> AioReactor.mono(null, () -> 1)},
                    new Object[] {"coro", (ThrowingCallable) () -> AioReactor.mono(loop, null)},
                    new Object[] {"loop", (ThrowingCallable) () -> AioReactor.flux(null, out -> { })},
                    new Object[] {"body", (ThrowingCallable) () -> AioReactor.flux(loop, null)},
                    new Object[] {"mono", (ThrowingCallable) () -> AioReactor.await(null)},
                    new Object[] {"mono", (ThrowingCallable) () -> AioReactor.awaitable(null)},
                    new Object[] {"mono", (ThrowingCallable) () -> AioReactor.awaitOptional(null)},
                    new Object[] {"flux", (ThrowingCallable) () -> AioReactor.awaitableList(null)},
                    new Object[] {"flux", (ThrowingCallable) () -> AioReactor.iterate(null)},
                    new Object[] {"flux", (ThrowingCallable) () -> AioReactor.iterate(null, 8)},
                    new Object[] {"flux", (ThrowingCallable) () -> AioReactor.awaitList(null)},
                    new Object[] {"loop", (ThrowingCallable) () -> AioReactor.scheduler((EventLoop) null)},
                    new Object[] {"group", (ThrowingCallable) () -> AioReactor.scheduler((EventLoopGroup) null)});
            for (Object[] c : cases) {
                assertThatThrownBy((ThrowingCallable) c[1]).isInstanceOf(NullPointerException.class)
                        .hasMessage(c[0] + " must not be null");
            }
        }
    }

    @Test
    void aPrefetchBelowOneIsRefused() {
        assertThatThrownBy(() -> AioReactor.iterate(Flux.just(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch must be >= 1 but was 0");
    }

    @Test
    void aNullTaskIsRefusedByTheScheduler() {
        try (EventLoop loop = EventLoop.newEventLoop()) {
            var scheduler = AioReactor.scheduler(loop);
            assertThatThrownBy(() -> scheduler.schedule(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("task must not be null");
            assertThatThrownBy(() -> scheduler.createWorker().schedule(null, 1, null))
                    .isInstanceOf(NullPointerException.class);
        }
    }
}
