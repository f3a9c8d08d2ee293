package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aio4j.Async;
import io.aio4j.AsyncTimeoutException;
import io.aio4j.Backend;
import io.aio4j.Future;
import io.aio4j.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link AioReactor#await}, {@link AioReactor#awaitable} and {@link AioReactor#awaitOptional}: a Mono in a task. */
abstract class MonoAwaitableTest extends BridgeTestBase {
    static final class VirtualThreadsTest extends MonoAwaitableTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends MonoAwaitableTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @Test
    void returnsTheValue() {
        assertThat(run(() -> AioReactor.await(Mono.just("value")))).isEqualTo("value");
    }

    @Test
    void aValueAlreadyThereIsReturnedWithoutSuspendingTheTask() {
        boolean otherRanMeanwhile = run(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            Task<Void> other = Async.createTask(() -> {
                ran.set(true);
                return null;
            });
            AioReactor.await(Mono.just(1));
            Future<Integer> done = Async.getRunningLoop().createFuture();
            done.setResult(2);
            AioReactor.await(AioReactor.mono(done));
            boolean result = ran.get();
            other.await();
            return result;
        });
        assertThat(otherRanMeanwhile).isFalse();
    }

    @Test
    void anEmptyMonoIsNullOrAnEmptyOptional() {
        run(() -> {
            assertThat(AioReactor.await(Mono.<String>empty())).isNull();
            assertThat(AioReactor.awaitOptional(Mono.<String>empty()).await()).isEmpty();
            assertThat(AioReactor.awaitOptional(Mono.just("v")).await()).isEqualTo(Optional.of("v"));
            return null;
        });
    }

    @Test
    void anErrorIsThrownAsTheVeryExceptionAndACheckedOneWrapped() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");
        Throwable unchecked = run(() -> catchThrowable(() -> AioReactor.await(Mono.error(boom))));
        Throwable wrapped = run(() -> catchThrowable(() -> AioReactor.awaitable(Mono.error(checked)).await()));

        assertThat(unchecked).isSameAs(boom);
        assertThat(wrapped).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
    }

    @Test
    void scalarMonosAreReadWithoutSubscribingAndBehaveAsSubscribedOnes() {
        IOException checked = new IOException("checked");
        Throwable fused = run(() -> catchThrowable(() -> AioReactor.await(Mono.error(checked))));
        Throwable hidden = run(() -> catchThrowable(() -> AioReactor.await(Mono.<String>error(checked).hide())));
        assertThat(fused).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
        assertThat(hidden).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
        assertThat((Object) run(() -> AioReactor.await(Mono.empty()))).isNull();
        assertThat((Object) run(() -> AioReactor.await(Mono.empty().hide()))).isNull();
        assertThat(run(() -> AioReactor.await(Mono.just("v").hide()))).isEqualTo("v");
    }

    @Test
    void aValueSignalledOnAnotherThreadReachesTheTaskOnTheLoop() {
        String result = run(() -> {
            String thread = AioReactor.await(Mono.delay(Duration.ofMillis(1), Schedulers.parallel())
                    .map(tick -> Thread.currentThread().getName()));
            assertThat(Async.getRunningLoop().inEventLoop()).isTrue();
            return thread;
        });
        assertThat(result).startsWith("parallel-");
    }

    @Test
    void waitsForOnCompleteNotJustTheValue() {
        ManualPublisher<String> source = new ManualPublisher<>();
        run(() -> {
            Task<String> awaiting = Async.createTask(() -> AioReactor.await(Mono.fromDirect(source)));
            Async.sleep(Duration.ZERO); // the task subscribes and requests
            source.subscriber.onNext("value");
            Async.sleep(Duration.ZERO);
            assertThat(awaiting.done()).isFalse();
            source.subscriber.onComplete();
            assertThat(awaiting.await()).isEqualTo("value");
            return null;
        });
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheSubscriptionAtOnce() {
        run(() -> {
            AtomicInteger cancels = new AtomicInteger();
            Task<Long> awaiting = Async.createTask(() -> AioReactor.await(
                    Mono.delay(Duration.ofHours(1), Schedulers.parallel()).doOnCancel(cancels::incrementAndGet)));
            Async.sleep(Duration.ZERO);
            awaiting.cancel();

            assertThatThrownBy(awaiting::await).isInstanceOf(CancellationException.class);
            assertThat(cancels).hasValue(1);
            return null;
        });
    }

    @Test
    void cancellingTheTaskCancelsAMonoNever() {
        run(() -> {
            AtomicInteger cancels = new AtomicInteger();
            Task<Object> awaiting = Async.createTask(
                    () -> AioReactor.await(Mono.never().doOnCancel(cancels::incrementAndGet)));
            Async.sleep(Duration.ZERO);
            awaiting.cancel();

            assertThatThrownBy(awaiting::await).isInstanceOf(CancellationException.class);
            assertThat(cancels).hasValue(1);
            return null;
        });
    }

    @Test
    void awaitablesWorkWithGatherAndWaitFor() {
        run(() -> {
            List<Integer> both = Async.gather(AioReactor.awaitable(Mono.just(1)),
                    AioReactor.awaitable(Mono.delay(Duration.ofMillis(1)).thenReturn(2))).await();
            assertThat(both).containsExactly(1, 2);

            AtomicInteger cancels = new AtomicInteger();
            assertThatThrownBy(() -> Async.waitFor(
                    AioReactor.awaitable(Mono.never().doOnCancel(cancels::incrementAndGet)), Duration.ofMillis(5)))
                    .isInstanceOf(AsyncTimeoutException.class);
            assertThat(cancels).hasValue(1);
            return null;
        });
    }

    @Test
    void eachAwaitOfAnAwaitableSubscribesAgain() {
        AtomicInteger subscriptions = new AtomicInteger();
        Mono<Integer> mono = Mono.fromCallable(subscriptions::incrementAndGet);
        var awaitable = AioReactor.awaitable(mono);
        run(() -> List.of(awaitable.await(), awaitable.await()));
        assertThat(subscriptions).hasValue(2);
    }

    @Test
    void aTaskAwaitsTheMonoOfAnotherTaskAndOfACoroutine() {
        List<String> results = run(() -> {
            Task<String> producer = Async.createTask(() -> {
                Async.sleep(Duration.ZERO);
                return "from producer";
            });
            String first = AioReactor.await(AioReactor.mono(producer));
            String second = AioReactor.await(AioReactor.mono(Async.getRunningLoop(), () -> {
                Async.sleep(Duration.ZERO);
                return "from coroutine";
            }));
            return List.of(first, second);
        });
        assertThat(results).containsExactly("from producer", "from coroutine");
    }

    @Test
    void cancellingTheAwaitCancelsTheTaskBehindAMonoOfACoroutine() {
        run(() -> {
            Future<Void> started = Async.getRunningLoop().createFuture();
            Future<Void> unwound = Async.getRunningLoop().createFuture();
            AtomicBoolean innerCancelled = new AtomicBoolean();
            Task<String> awaiting = Async.createTask(() -> AioReactor.await(AioReactor.mono(
                    Async.getRunningLoop(), () -> {
                        started.setResult(null);
                        try {
                            Async.sleep(Duration.ofHours(1));
                            return "never";
                        } catch (CancellationException c) {
                            innerCancelled.set(true);
                            throw c;
                        } finally {
                            unwound.setResult(null);
                        }
                    })));
            started.await();
            awaiting.cancel();
            assertThatThrownBy(awaiting::await).isInstanceOf(CancellationException.class);
            unwound.await();
            assertThat(innerCancelled).isTrue();
            return null;
        });
    }

    @Test
    void awaitOutsideATaskFailsNamingTheMethod() {
        assertThatThrownBy(() -> AioReactor.await(Mono.just(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioReactor.await(mono)");
        assertThatThrownBy(() -> AioReactor.awaitable(Mono.just(1)).await())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AioReactor.awaitable(mono).await()");
    }
}
