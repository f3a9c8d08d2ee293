package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aio4j.Async;
import io.aio4j.AsyncTimeoutException;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
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

    // ------------------------------------------------------------------ the subscribing path (MonoAwaiter)

    @Test
    void aSubscribedValueAlreadyThereIsReturnedWithoutSuspendingTheTask() {
        List<Object> got = run(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            Task<Void> other = Async.createTask(() -> {
                ran.set(true);
                return null;
            });
            Object hidden = AioReactor.await(Mono.just("hidden").hide());
            Object callable = AioReactor.await(Mono.fromCallable(() -> "callable"));
            Object mapped = AioReactor.await(Mono.just(1).hide().map(i -> i + 1));
            Object empty = AioReactor.await(Mono.empty().hide());
            boolean otherRan = ran.get();
            other.await();
            return java.util.Arrays.asList(hidden, callable, mapped, empty, otherRan);
        });
        assertThat(got).containsExactly("hidden", "callable", 2, null, false);
    }

    @Test
    void anEmptyMonoSignalledOnAnotherThreadIsNullOrAnEmptyOptional() {
        run(() -> {
            Mono<String> later = Mono.delay(Duration.ofMillis(1), Schedulers.parallel()).then(Mono.empty());
            assertThat(AioReactor.await(later)).isNull();
            assertThat(AioReactor.awaitOptional(later).await()).isEmpty();
            return null;
        });
    }

    @Test
    void anErrorSignalledOnAnotherThreadIsThrownAsTheVeryException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = run(() -> catchThrowable(() -> AioReactor.await(
                Mono.delay(Duration.ofMillis(1), Schedulers.parallel()).then(Mono.error(boom)))));
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void signalsFromAnotherThreadAreHandledInOrderOnTheLoop() throws Exception {
        startLoop();
        ManualPublisher<String> source = new ManualPublisher<>();
        Task<String> awaiting = startTask(() -> AioReactor.await(Mono.fromDirect(source)));
        await(source.subscribed);
        source.subscriber.onNext("value"); // from the test thread: crosses to the loop
        source.subscriber.onComplete();
        assertThat(outcomeOf(awaiting)).isEqualTo("value");
        assertThat(source.requested.get()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aSecondItemFailsTheAwaitAndCancelsTheSource() {
        AtomicInteger cancels = new AtomicInteger();
        Throwable thrown = run(() -> catchThrowable(() -> AioReactor.await(
                Mono.fromDirect(Flux.just(1, 2, 3).doOnCancel(cancels::incrementAndGet)))));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one item");
        assertThat(cancels).hasValue(1);
    }

    @Test
    void cancellingTheAwaitingTaskCancelsASubscriptionStillPendingFromAnotherThread() throws Exception {
        startLoop();
        ManualPublisher<String> source = new ManualPublisher<>();
        Task<String> awaiting = startTask(() -> AioReactor.await(Mono.fromDirect(source)));
        await(source.subscribed);
        onLoop(() -> awaiting.cancel("stop"));
        await(source.cancelled);
        source.subscriber.onNext("too late"); // dropped, as a cancelled subscription may still deliver (rule 2.8)
        source.subscriber.onComplete();
        assertThat((Throwable) outcomeOf(awaiting)).isInstanceOf(CancellationException.class).hasMessage("stop");
    }

    @Test
    void upstreamSeesTheAwaitingTasksContextVars() {
        io.aio4j.ContextVar<String> user = io.aio4j.ContextVar.named("user");
        String seen = run(() -> {
            user.set("ada");
            return AioReactor.await(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(user))).hide());
        });
        assertThat(seen).isEqualTo("ada");
    }

    /** Waits for {@code task} (of the started loop) to finish: its result, or what it failed with. */
    private Object outcomeOf(Task<?> task) throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        onLoop(() -> {
            task.addDoneCallback(t -> outcome.complete(t.cancelled() || t.exception() != null
                    ? catchThrowable(t::result) : t.result()));
            return null;
        });
        return outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ AioReactor.mono(future), awaited as it is

    @Test
    void theMonoOfAFutureWakesItsAwaiterAsADirectAwaitDoes() {
        // A task awaiting mono(f) registered on f before a task awaiting f directly: it must resume first, in the
        // same iteration (through a subscription it would resume one iteration later, after the other one).
        List<String> order = run(() -> {
            Future<String> f = Async.getRunningLoop().createFuture();
            List<String> log = new ArrayList<>();
            Task<Void> viaMono = Async.createTask(() -> {
                log.add("mono " + AioReactor.await(AioReactor.mono(f)));
                return null;
            });
            Async.sleep(Duration.ZERO);
            Task<Void> direct = Async.createTask(() -> {
                log.add("direct " + f.await());
                return null;
            });
            Async.sleep(Duration.ZERO);
            f.setResult("v");
            viaMono.await();
            direct.await();
            return log;
        });
        assertThat(order).containsExactly("mono v", "direct v");
    }

    @Test
    void theMonoOfAFutureGivesWhatItsSubscriptionWould() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");
        List<Object> got = run(() -> {
            EventLoop loop = Async.getRunningLoop();
            List<Object> results = new ArrayList<>();
            // Done before the await: read at once.
            Future<String> empty = loop.createFuture();
            empty.setResult(null);
            results.add(AioReactor.await(AioReactor.mono(empty)));
            results.add(AioReactor.awaitOptional(AioReactor.mono(empty)).await());
            Future<String> failed = loop.createFuture();
            failed.setException(boom);
            results.add(catchThrowable(() -> AioReactor.await(AioReactor.mono(failed))));
            Future<String> failedChecked = loop.createFuture();
            failedChecked.setException(checked);
            results.add(catchThrowable(() -> AioReactor.await(AioReactor.mono(failedChecked))));
            Future<String> cancelled = loop.createFuture();
            cancelled.cancel("gone");
            results.add(catchThrowable(() -> AioReactor.await(AioReactor.mono(cancelled))));
            // Done while the task waits (the callbacks run once it suspended).
            Task<String> later = Async.createTask(() -> Async.sleep(Duration.ZERO, "later"));
            results.add(AioReactor.await(AioReactor.mono(later)));
            Future<String> emptyLater = loop.createFuture();
            loop.callSoon(() -> emptyLater.setResult(null));
            results.add(AioReactor.await(AioReactor.mono(emptyLater)));
            Future<String> failsLater = loop.createFuture();
            loop.callSoon(() -> failsLater.setException(boom));
            results.add(catchThrowable(() -> AioReactor.await(AioReactor.mono(failsLater))));
            Future<String> cancelledLater = loop.createFuture();
            loop.callSoon(() -> cancelledLater.cancel("gone later"));
            results.add(catchThrowable(() -> AioReactor.await(AioReactor.mono(cancelledLater))));
            return results;
        });
        assertThat(got.get(0)).isNull();
        assertThat(got.get(1)).isEqualTo(Optional.empty());
        assertThat(got.get(2)).isSameAs(boom);
        assertThat((Throwable) got.get(3)).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
        assertThat((Throwable) got.get(4)).isInstanceOf(CancellationException.class).hasMessage("gone");
        assertThat(got.get(5)).isEqualTo("later");
        assertThat(got.get(6)).isNull();
        assertThat(got.get(7)).isSameAs(boom);
        assertThat((Throwable) got.get(8)).isInstanceOf(CancellationException.class).hasMessage("gone later");
    }

    @Test
    void cancellingATaskAwaitingTheMonoOfAFutureCancelsTheFutureAsItsSubscriptionWould() {
        // Awaited as it is (fused) and behind an operator (subscribed): the same outcome on both sides.
        for (boolean behindAnOperator : new boolean[] {false, true}) {
            List<String> seen = run(() -> {
                Future<String> f = Async.getRunningLoop().createFuture();
                Mono<String> mono = behindAnOperator ? AioReactor.mono(f).map(v -> v) : AioReactor.mono(f);
                Task<String> awaiting = Async.createTask(() -> AioReactor.await(mono));
                Async.sleep(Duration.ZERO);
                awaiting.cancel("stop");
                String awaiterSaw = catchThrowable(awaiting::await).getMessage();
                return List.of(awaiterSaw, String.valueOf(f.cancelled()), catchThrowable(f::result).getMessage());
            });
            assertThat(seen).as("behind an operator: " + behindAnOperator)
                    .containsExactly("stop", "true", "the subscription to this future was cancelled");
        }
    }

    @Test
    void theMonoOfAFutureOfAnotherLoopIsAwaitedThroughASubscription() throws Exception {
        EventLoop other = newLoop();
        Thread otherThread = Thread.ofPlatform().start(other::runForever);
        try {
            CompletableFuture<Future<String>> made = new CompletableFuture<>();
            other.callSoonThreadsafe(() -> made.complete(other.createFuture()));
            Future<String> f = made.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            String got = run(() -> {
                Task<String> awaiting = Async.createTask(() -> AioReactor.await(AioReactor.mono(f)));
                Async.sleep(Duration.ZERO);
                other.callSoonThreadsafe(() -> f.setResult("from the other loop"));
                return awaiting.await();
            });
            assertThat(got).isEqualTo("from the other loop");
        } finally {
            other.callSoonThreadsafe(other::stop);
            otherThread.join(WAIT.toMillis());
        }
    }

    @Test
    void onLastOperatorHooksWrapEveryAwaitedMonoOnce() {
        AtomicInteger hooked = new AtomicInteger();
        AtomicInteger subscribed = new AtomicInteger();
        Hooks.onLastOperator("MonoAwaitableTest", p -> {
            hooked.incrementAndGet();
            if (p instanceof Mono<Object> m) {
                return m.doOnSubscribe(s -> subscribed.incrementAndGet());
            }
            return p;
        });
        try {
            List<String> got = run(() -> {
                Future<String> f = Async.getRunningLoop().createFuture();
                Async.getRunningLoop().callSoon(() -> f.setResult("v"));
                // The hook wraps the Mono of a future, which is then subscribed (not awaited as the future).
                return List.of(AioReactor.await(AioReactor.mono(f)), AioReactor.await(Mono.just("w").hide()));
            });
            assertThat(got).containsExactly("v", "w");
        } finally {
            Hooks.resetOnLastOperator("MonoAwaitableTest");
        }
        assertThat(hooked).hasValue(2);
        assertThat(subscribed).hasValue(2);
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
