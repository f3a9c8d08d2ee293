package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.reactive.ReactiveIterable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** {@link AioReactor#awaitList} and {@link AioReactor#iterate}: a Flux in a task. */
abstract class FluxAwaitableTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends FluxAwaitableTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends FluxAwaitableTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @Test
    void awaitListReturnsEveryItemInOrder() {
        assertThat(run(() -> AioReactor.awaitList(Flux.range(1, 3)))).containsExactly(1, 2, 3);
        assertThat(run(() -> AioReactor.awaitableList(Flux.range(1, 5)).await())).containsExactly(1, 2, 3, 4, 5);
        assertThat(run(() -> AioReactor.awaitableList(Flux.<Integer>empty()).await())).isEmpty();
    }

    @Test
    void awaitListThrowsTheVeryError() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");
        run(() -> {
            assertThatThrownBy(() -> AioReactor.awaitableList(Flux.just(1).concatWith(Flux.error(boom))).await())
                    .isSameAs(boom);
            assertThatThrownBy(() -> AioReactor.awaitableList(Flux.error(checked)).await())
                    .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
            return null;
        });
    }

    @Test
    void awaitListOfItemsFromAnotherThread() {
        List<Integer> items = run(() -> AioReactor.awaitableList(
                Flux.range(0, 1_000).publishOn(Schedulers.parallel())).await());
        assertThat(items).containsExactlyElementsOf(IntStream.range(0, 1_000).boxed().toList());
    }

    @Test
    void iterateRequestsPrefetchThenThreeQuartersOfIt() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        Flux<Integer> flux = Flux.range(0, 100).doOnRequest(requests::add);
        int sum = run(() -> {
            int s = 0;
            try (ReactiveIterable<Integer> items = AioReactor.iterate(flux, 16)) {
                for (int i : items) {
                    s += i;
                }
            }
            return s;
        });
        assertThat(sum).isEqualTo(4950);
        assertThat(requests.get(0)).isEqualTo(16);
        assertThat(requests.subList(1, requests.size())).containsOnly(12L);
    }

    @Test
    void iterateByDefaultPrefetches256() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        run(() -> {
            try (ReactiveIterable<Integer> items = AioReactor.iterate(Flux.range(0, 3).doOnRequest(requests::add))) {
                for (int i : items) {
                    assertThat(i).isBetween(0, 2);
                }
            }
            return null;
        });
        assertThat(requests).first().isEqualTo(256L);
    }

    @Test
    void iterateReceivesItemsFromAnotherThreadInOrder() {
        List<Integer> seen = run(() -> {
            List<Integer> out = new ArrayList<>();
            try (var items = AioReactor.iterate(Flux.range(0, 1_000).publishOn(Schedulers.parallel()), 8)) {
                for (int i : items) {
                    assertThat(Async.getRunningLoop().inEventLoop()).isTrue();
                    out.add(i);
                }
            }
            return out;
        });
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 1_000).boxed().toList());
    }

    @Test
    void iterateThrowsTheErrorAfterTheItemsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Integer> seen = new ArrayList<>();
        Throwable thrown = run(() -> {
            try (var items = AioReactor.iterate(Flux.just(1, 2).concatWith(Flux.error(boom)))) {
                for (int i : items) {
                    seen.add(i);
                }
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(seen).containsExactly(1, 2);
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void cancellingTheIteratingTaskCancelsTheSubscriptionAtOnce() {
        run(() -> {
            AtomicInteger cancels = new AtomicInteger();
            Future<Void> gotTwo = Async.getRunningLoop().createFuture();
            Task<Void> iterating = Async.createTask(() -> {
                int n = 0;
                // Two items from another thread, then nothing: no item races with the cancellation (a core bug
                // makes such a race report an InvalidStateException; see iterateToleratesAnItemArrivingAsItIsCancelled).
                Flux<Long> ticks = Flux.interval(Duration.ofMillis(1)).take(2).concatWith(Flux.never());
                for (long tick : AioReactor.iterate(ticks.doOnCancel(cancels::incrementAndGet))) {
                    if (++n == 2) {
                        gotTwo.setResult(null);
                    }
                }
                return null;
            });
            gotTwo.await();
            iterating.cancel();

            assertThatThrownBy(iterating::await).isInstanceOf(CancellationException.class);
            assertThat(cancels).hasValue(1);
            return null;
        });
    }

    @Test
    void iterateToleratesAnItemArrivingAsItIsCancelled() {
        ManualPublisher<Integer> source = new ManualPublisher<>();
        run(() -> {
            Task<Integer> iterating = Async.createTask(() -> {
                int n = 0;
                for (int i : AioReactor.iterate(Flux.from(source))) {
                    n += i;
                }
                return n;
            });
            Async.sleep(Duration.ZERO); // the task subscribed and waits in hasNext()
            iterating.cancel();
            source.subscriber.onNext(1); // on the loop, before the task resumed: must not throw
            assertThatThrownBy(iterating::await).isInstanceOf(CancellationException.class);
            return null;
        });
    }

    @Test
    void leavingTheLoopEarlyWithTryWithResourcesCancels() {
        AtomicInteger cancels = new AtomicInteger();
        run(() -> {
            try (var items = AioReactor.iterate(Flux.range(0, 1_000).doOnCancel(cancels::incrementAndGet), 4)) {
                for (int i : items) {
                    if (i == 3) {
                        break;
                    }
                }
            }
            return null;
        });
        assertThat(cancels).hasValue(1);
    }

    @Test
    void iterateOutsideATaskFails() {
        var items = AioReactor.iterate(Flux.just(1));
        assertThatThrownBy(items::iterator).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running a task");
        assertThatThrownBy(() -> AioReactor.awaitableList(Flux.just(1)).await())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioReactor.awaitableList(flux).await()");
        assertThatThrownBy(() -> AioReactor.awaitList(Flux.just(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioReactor.awaitList(flux) was called");
    }
}
