package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.ExceptionContext;
import io.aio4j.Task;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * DESIGN §5: an error that can no longer be delivered (its receiver cancelled) goes to the loop's exception
 * handler, never silently away; a {@code CancellationException} is never reported.
 */
abstract class UndeliverableErrorsTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends UndeliverableErrorsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends UndeliverableErrorsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @Test
    void anErrorAfterTheAwaitingTaskWasCancelledIsReported() throws Exception {
        startLoop();
        ManualPublisher<String> source = new ManualPublisher<>();
        Task<String> awaiting = startTask(() -> AioReactor.await(Mono.fromDirect(source)));
        await(source.subscribed);
        loop.callSoonThreadsafe(awaiting::cancel);
        await(source.cancelled);

        IllegalStateException late = new IllegalStateException("late");
        source.subscriber.onError(late); // from the test thread, as a foreign publisher would

        ExceptionContext report = awaitReport();
        assertThat(report.exception()).isSameAs(late);
        assertThat(report.message()).contains("after its awaiting task stopped listening");
    }

    @Test
    void aLateCancellationExceptionIsNotReported() throws Exception {
        startLoop();
        ManualPublisher<String> source = new ManualPublisher<>();
        Task<String> awaiting = startTask(() -> AioReactor.await(Mono.fromDirect(source)));
        await(source.subscribed);
        loop.callSoonThreadsafe(awaiting::cancel);
        await(source.cancelled);

        source.subscriber.onError(new CancellationException("late"));
        IllegalStateException marker = new IllegalStateException("marker");
        source.subscriber.onError(marker); // signals keep their order: this one comes after the first

        assertThat(awaitReport().exception()).isSameAs(marker);
    }

    @Test
    void anErrorAfterIterationStoppedIsReported() {
        ManualPublisher<Integer> source = new ManualPublisher<>();
        IllegalStateException late = new IllegalStateException("late");
        run(() -> {
            try (var items = AioReactor.iterate(Flux.from(source), 4)) {
                var it = items.iterator();
                source.subscriber.onNext(1);
                assertThat(it.next()).isEqualTo(1);
            }
            assertThat(source.isCancelled()).isTrue();
            source.subscriber.onError(late); // on the loop: handled at once
            return null;
        });
        ExceptionContext report = reports.remove(0);
        assertThat(report.exception()).isSameAs(late);
    }

    @Test
    void whatAGeneratorBodyThrowsAfterTheSubscriberCancelledIsReported() throws Exception {
        startLoop();
        IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed");
        CountDownLatch unwound = new CountDownLatch(1);
        Flux<Integer> flux = AioReactor.flux(loop, out -> {
            try {
                out.emit(1);
                Async.sleep(Duration.ofHours(1));
            } finally {
                unwound.countDown();
                throw cleanupFailed; // nobody listens any more: it must not vanish
            }
        });

        StepVerifier.create(flux).expectNext(1).thenCancel().verify(WAIT);
        await(unwound);

        assertThat(awaitReport().exception()).isSameAs(cleanupFailed);
    }
}
