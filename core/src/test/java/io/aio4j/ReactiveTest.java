package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aio4j.internal.FutureSubscription;
import io.aio4j.internal.Wakeup;
import io.aio4j.reactive.Reactive;
import io.aio4j.reactive.ReactiveIterable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reactive Streams in core (DESIGN §5): futures and tasks as publishers, cold publishers from coroutines and
 * generators, and awaiting or iterating any publisher from a task, with cancellation both ways. The TCK module
 * checks the rules; these tests check the asyncio side (what the task sees, when, and on which loop).
 */
abstract class ReactiveTest extends LoopTestBase {
    static final class VirtualThreadsTest extends ReactiveTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ReactiveTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** Records every signal as text; requests {@code initialRequest} in onSubscribe (0: none). */
    static class Recorder<T> implements Subscriber<T> {
        final List<String> log = new CopyOnWriteArrayList<>();
        final long initialRequest;
        volatile Subscription subscription;
        volatile Throwable error;

        Recorder(long initialRequest) {
            this.initialRequest = initialRequest;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            if (initialRequest > 0) {
                s.request(initialRequest);
            }
        }

        @Override
        public void onNext(T item) {
            log.add("next " + item);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            log.add("error " + t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            log.add("complete");
        }
    }

    /** A publisher that signals synchronously, inside request(), on the calling thread (like Mono.just). */
    record Just<T>(List<T> items) implements Publisher<T> {
        @Override
        public void subscribe(Subscriber<? super T> s) {
            s.onSubscribe(new Subscription() {
                boolean done;

                @Override
                public void request(long n) {
                    if (!done) {
                        done = true;
                        items.forEach(s::onNext);
                        s.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    /** A publisher that never signals but records requests and cancellation. */
    static final class Never<T> implements Publisher<T> {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile Subscriber<? super T> subscriber;

        @Override
        public void subscribe(Subscriber<? super T> s) {
            subscriber = s;
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    log.add("request " + n);
                }

                @Override
                public void cancel() {
                    log.add("cancel");
                }
            });
        }
    }

    private Publisher<Integer> range(int n, List<String> log) {
        return Reactive.fromGenerator(loop, out -> {
            try {
                for (int i = 0; i < n; i++) {
                    log.add("emit " + i);
                    out.emit(i);
                }
                log.add("body returns");
            } catch (CancellationException c) {
                log.add("body cancelled");
                throw c;
            } finally {
                log.add("body finally");
            }
        });
    }

    // ------------------------------------------------------------------ a future as a publisher

    @Test
    void doneFutureDeliversInsideRequestOnTheLoop() {
        List<String> log = run(() -> {
            Future<String> f = loop.createFuture();
            f.setResult("x");
            Recorder<String> r = new Recorder<>(1);
            f.subscribe(r);
            return new ArrayList<>(r.log); // already there: no loop iteration was needed
        });
        assertThat(log).containsExactly("next x", "complete");
    }

    @Test
    void pendingFutureDeliversWhenDone() {
        Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
        run(() -> {
            Future<Integer> f = loop.createFuture();
            f.subscribe(r);
            Async.sleep(Duration.ZERO);
            assertThat(r.log).isEmpty();
            loop.callLater(Duration.ofSeconds(1), () -> f.setResult(7));
            Async.sleep(Duration.ofSeconds(2));
            return null;
        });
        assertThat(r.log).containsExactly("next 7", "complete");
    }

    @Test
    void nullResultIsJustCompletion() {
        Recorder<Object> r = new Recorder<>(1);
        run(() -> {
            Future<Object> f = loop.createFuture();
            f.setResult(null);
            f.subscribe(r);
            return null;
        });
        assertThat(r.log).containsExactly("complete");
    }

    @Test
    void failedFutureSignalsTheSameExceptionAndCountsAsRetrieved() {
        IOException boom = new IOException("boom");
        Recorder<Object> r = new Recorder<>(1);
        Future<Object> f = run(() -> {
            Future<Object> fut = loop.createFuture();
            fut.setException(boom);
            fut.subscribe(r);
            return fut;
        });
        assertThat(r.error).isSameAs(boom);
        // The subscriber received it: the future no longer waits to be reported as "never retrieved".
        assertThat(f.gcRef).isNull();
    }

    @Test
    void cancelledFutureSignalsCancellationWithItsMessage() {
        Recorder<Object> r = new Recorder<>(1);
        run(() -> {
            Future<Object> f = loop.createFuture();
            f.cancel("stop");
            f.subscribe(r);
            return null;
        });
        assertThat(r.error).isInstanceOf(CancellationException.class).hasMessage("stop");
    }

    @Test
    void cancellingTheSubscriptionCancelsTheTaskAtItsAwait() {
        List<String> log = new ArrayList<>();
        Task<String> task = run(() -> {
            Task<String> t = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return "never";
                } catch (CancellationException c) {
                    log.add("task saw " + c.getMessage());
                    throw c;
                }
            });
            Recorder<String> r = new Recorder<>(1);
            t.subscribe(r);
            Async.sleep(Duration.ZERO);
            r.subscription.cancel();
            try {
                t.await();
            } catch (CancellationException expected) {
                log.add("awaiter saw cancellation");
            }
            assertThat(r.log).isEmpty(); // a cancelled subscription gets no signal
            return t;
        });
        assertThat(task.cancelled()).isTrue();
        assertThat(log).containsExactly("task saw the subscription to this future was cancelled",
                "awaiter saw cancellation");
    }

    @Test
    void cancellingBeforeTheLoopSawTheRequestStillCancelsAHotFuture() {
        Future<String> f = loop.createFuture();
        Recorder<String> r = new Recorder<>(1);
        f.subscribe(r); // the loop is not running: the request waits in its inbox
        r.subscription.cancel();
        runOneIteration();
        assertThat(f.cancelled()).isTrue();
        assertThat(r.log).isEmpty();
    }

    @Test
    void cancellingAfterDeliveryDoesNotTouchTheFuture() {
        run(() -> {
            Future<String> f = loop.createFuture();
            f.setResult("x");
            Recorder<String> r = new Recorder<>(1);
            f.subscribe(r);
            r.subscription.cancel();
            assertThat(f.cancelled()).isFalse();
            return null;
        });
    }

    @Test
    void everySubscriberGetsTheSameOutcome() {
        Recorder<String> before = new Recorder<>(1);
        Recorder<String> after = new Recorder<>(1);
        run(() -> {
            Future<String> f = loop.createFuture();
            f.subscribe(before);
            f.setResult("v");
            Async.sleep(Duration.ZERO);
            f.subscribe(after);
            return null;
        });
        assertThat(before.log).containsExactly("next v", "complete");
        assertThat(after.log).containsExactly("next v", "complete");
    }

    @Test
    void subscriptionFromAnotherThreadGetsSignalsOnTheLoop() {
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        String value = run(() -> {
            Future<String> f = loop.createFuture();
            Future<String> seen = loop.createFuture();
            Thread foreign = Thread.ofPlatform().start(() -> f.subscribe(new Recorder<>(1) {
                @Override
                public void onNext(String item) {
                    onLoop.set(loop.inEventLoop());
                    seen.setResult(item); // safe: signals arrive on the loop
                }
            }));
            loop.callLater(Duration.ofSeconds(1), () -> f.setResult("crossed"));
            String v = seen.await();
            foreign.join();
            return v;
        });
        assertThat(value).isEqualTo("crossed");
        assertThat(onLoop.get()).isTrue();
    }

    @Test
    void nonPositiveRequestIsAnErrorSignalAndLeavesTheFutureAlone() {
        Recorder<String> r = new Recorder<>(0);
        Future<String> f = run(() -> {
            Future<String> fut = loop.createFuture();
            fut.subscribe(r);
            r.subscription.request(0);
            return fut;
        });
        assertThat(r.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule 3.9");
        assertThat(f.done()).isFalse();
    }

    @Test
    void subscribingAfterTheLoopClosed() {
        Future<String> done = loop.createFuture();
        Future<String> pending = loop.createFuture();
        loop.callSoon(() -> done.setResult("kept"));
        runOneIteration();
        loop.close();
        Recorder<String> r1 = new Recorder<>(1);
        Recorder<String> r2 = new Recorder<>(1);
        done.subscribe(r1);
        pending.subscribe(r2);
        assertThat(r1.log).containsExactly("next kept", "complete");
        assertThat(r2.error).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void subscribeRefusesNull() {
        Future<String> f = loop.createFuture();
        assertThatThrownBy(() -> f.subscribe(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("subscriber");
    }

    // ------------------------------------------------------------------ cold publishers

    @Test
    void coroutinePublisherRunsOneTaskPerSubscription() {
        AtomicInteger runs = new AtomicInteger();
        Publisher<Integer> p = Reactive.fromCoroutine(loop, () -> {
            Async.sleep(Duration.ofMillis(5));
            return runs.incrementAndGet();
        });
        List<Integer> got = run(() -> List.of(Reactive.single(p).await(), Reactive.single(p).await()));
        assertThat(got).containsExactly(1, 2);
    }

    @Test
    void coroutinePublisherRunsAtSubscriptionAndDeliversOnDemand() {
        AtomicInteger runs = new AtomicInteger();
        Recorder<Integer> r = new Recorder<>(0);
        run(() -> {
            Reactive.fromCoroutine(loop, runs::incrementAndGet).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            assertThat(runs).hasValue(1); // started at subscription, as Mono.fromCallable
            assertThat(r.log).isEmpty(); // but a value waits for demand
            r.subscription.request(1);
            return null;
        });
        assertThat(r.log).containsExactly("next 1", "complete");
    }

    @Test
    void cancellingWithinOnSubscribeCreatesNoTask() {
        AtomicInteger runs = new AtomicInteger();
        Recorder<Integer> r = new Recorder<>(0) {
            @Override
            public void onSubscribe(Subscription s) {
                super.onSubscribe(s);
                s.cancel();
            }
        };
        run(() -> {
            Reactive.fromCoroutine(loop, runs::incrementAndGet).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(runs).hasValue(0);
        assertThat(r.log).isEmpty();
    }

    @Test
    void failuresAreSignalledWithoutDemand() {
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<Object> failedFuture = new Recorder<>(0);
        Recorder<Object> failingCoroutine = new Recorder<>(0);
        Recorder<Object> failingGenerator = new Recorder<>(0);
        run(() -> {
            Future<Object> f = loop.createFuture();
            f.setException(boom);
            f.subscribe(failedFuture);
            Reactive.fromCoroutine(loop, () -> {
                throw boom;
            }).subscribe(failingCoroutine);
            Reactive.fromGenerator(loop, out -> {
                throw boom;
            }).subscribe(failingGenerator);
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(List.of(failedFuture.error, failingCoroutine.error, failingGenerator.error))
                .allSatisfy(e -> assertThat(e).isSameAs(boom));
    }

    @Test
    void cancellingACoroutineSubscriptionCancelsItsTask() {
        List<String> log = new CopyOnWriteArrayList<>();
        Recorder<String> r = new Recorder<>(1);
        run(() -> {
            Reactive.fromCoroutine(loop, () -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return "never";
                } finally {
                    log.add("finally");
                }
            }).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            r.subscription.cancel();
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(log).containsExactly("finally");
        assertThat(r.log).isEmpty();
    }

    @Test
    void aTasksSignalsRunInItsContextSoDownstreamSeesItsVariables() {
        ContextVar<String> user = ContextVar.named("user");
        List<String> seen = new CopyOnWriteArrayList<>();
        Recorder<String> r = new Recorder<>(1) {
            @Override
            public void onNext(String item) {
                seen.add(item + " as " + user.get("nobody"));
            }
        };
        run(() -> {
            user.set("main");
            Reactive.fromCoroutine(loop, () -> {
                user.set("ada"); // set inside the task, after it started from main's copy
                Async.sleep(Duration.ofMillis(1));
                return "value";
            }).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            assertThat(user.get()).isEqualTo("main"); // the subscriber's view did not leak into main's context
            return null;
        });
        assertThat(seen).containsExactly("value as ada");
    }

    @Test
    void generatorEmitsOnlyWhatWasRequested() {
        List<String> log = new CopyOnWriteArrayList<>();
        Recorder<Integer> r = new Recorder<>(2);
        run(() -> {
            range(5, log).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            assertThat(r.log).containsExactly("next 0", "next 1");
            assertThat(log).containsExactly("emit 0", "emit 1", "emit 2"); // suspended in emit(2): no demand
            r.subscription.request(10);
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(r.log).containsExactly("next 0", "next 1", "next 2", "next 3", "next 4", "complete");
        assertThat(log).endsWith("body returns", "body finally");
    }

    @Test
    void cancellingAGeneratorStopsItsBodyAtEmit() {
        List<String> log = new CopyOnWriteArrayList<>();
        Recorder<Integer> r = new Recorder<>(1);
        run(() -> {
            range(5, log).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            r.subscription.cancel();
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(log).containsExactly("emit 0", "emit 1", "body cancelled", "body finally");
        assertThat(r.log).containsExactly("next 0");
    }

    @Test
    void generatorFailureIsTheErrorSignal() {
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
        run(() -> {
            Reactive.<Integer>fromGenerator(loop, out -> {
                out.emit(1);
                throw boom;
            }).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(r.log).containsExactly("next 1", "error IllegalStateException");
        assertThat(r.error).isSameAs(boom);
    }

    @Test
    void generatorRefusesNullItemsAndNonPositiveRequests() {
        Recorder<Integer> nulls = new Recorder<>(1);
        Recorder<Integer> zero = new Recorder<>(0);
        List<String> log = new CopyOnWriteArrayList<>();
        run(() -> {
            Reactive.<Integer>fromGenerator(loop, out -> out.emit(null)).subscribe(nulls);
            range(3, log).subscribe(zero);
            zero.subscription.request(1);
            Async.sleep(Duration.ofSeconds(1));
            zero.subscription.request(-1);
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(nulls.error).isInstanceOf(NullPointerException.class).hasMessageContaining("rule 2.13");
        assertThat(zero.log).containsExactly("next 0", "error IllegalArgumentException");
        assertThat(log).containsExactly("emit 0", "emit 1", "body cancelled", "body finally");
    }

    @Test
    void aGeneratorFailingAfterItsSubscriptionWasCancelledIsReported() {
        IllegalStateException failure = new IllegalStateException("finally failed");
        Recorder<Integer> r = new Recorder<>(1);
        run(() -> {
            Reactive.<Integer>fromGenerator(loop, out -> {
                try {
                    out.emit(1);
                    out.emit(2);
                } finally {
                    throw failure;
                }
            }).subscribe(r);
            Async.sleep(Duration.ofSeconds(1));
            r.subscription.cancel();
            Async.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(r.log).containsExactly("next 1");
        assertThat(takeReport().exception()).isSameAs(failure);
    }

    // ------------------------------------------------------------------ awaiting a publisher

    @Test
    void awaitingReducesAPublisher() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<Object> got = run(() -> List.of(
                Reactive.first(range(3, log)).await(),
                Reactive.last(range(3, log)).await(),
                Reactive.toList(range(3, log)).await(),
                Reactive.firstOrDefault(range(0, log), -1).await(),
                Reactive.lastOrDefault(range(0, log), -2).await(),
                Reactive.singleOrDefault(range(0, log), -3).await(),
                Reactive.single(range(1, log)).await(),
                Reactive.toList(range(0, log)).await(),
                String.valueOf(Reactive.completion(range(2, log)).await())));
        assertThat(got).containsExactly(0, 2, List.of(0, 1, 2), -1, -2, -3, 0, List.of(), "null");
    }

    @Test
    void firstCancelsTheRestAndSingleRefusesASecondItem() {
        List<String> firstLog = new CopyOnWriteArrayList<>();
        List<String> singleLog = new CopyOnWriteArrayList<>();
        run(() -> {
            assertThat(Reactive.first(range(5, firstLog)).await()).isZero();
            assertThatThrownBy(() -> Reactive.single(range(5, singleLog)).await())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one item");
            Async.sleep(Duration.ofSeconds(1)); // let the cancelled bodies unwind
            return null;
        });
        // The body logs before each emit; the emit after the cancelling item is the one that throws.
        assertThat(firstLog).containsExactly("emit 0", "emit 1", "body cancelled", "body finally");
        assertThat(singleLog).containsExactly("emit 0", "emit 1", "emit 2", "body cancelled", "body finally");
    }

    @Test
    void emptyPublisherWithoutADefaultIsNoSuchElement() {
        run(() -> {
            assertThatThrownBy(() -> Reactive.first(new Just<String>(List.of())).await())
                    .isInstanceOf(NoSuchElementException.class).hasMessageContaining("OrDefault");
            assertThatThrownBy(() -> Reactive.single(new Just<String>(List.of())).await())
                    .isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> Reactive.last(new Just<String>(List.of())).await())
                    .isInstanceOf(NoSuchElementException.class);
            return null;
        });
    }

    @Test
    void errorsKeepTheirIdentityAndCheckedOnesAreWrapped() {
        IllegalStateException unchecked = new IllegalStateException("u");
        IOException checked = new IOException("c");
        run(() -> {
            assertThatThrownBy(() -> Reactive.single(Reactive.fromCoroutine(loop, () -> {
                throw unchecked;
            })).await()).isSameAs(unchecked);
            assertThatThrownBy(() -> Reactive.single(Reactive.fromCoroutine(loop, () -> {
                throw checked;
            })).await()).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
            return null;
        });
    }

    @Test
    void aValueAlreadyThereCostsNoLoopIteration() {
        List<String> log = new ArrayList<>();
        run(() -> {
            loop.callSoon(() -> log.add("other callback"));
            log.add("got " + Reactive.single(new Just<>(List.of("x"))).await());
            Future<String> done = loop.createFuture();
            done.setResult("y");
            log.add("got " + Reactive.single(done).await());
            return null;
        });
        assertThat(log).containsExactly("got x", "got y", "other callback");
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheSubscriptionAtOnce() {
        Never<String> never = new Never<>();
        List<String> seen = run(() -> {
            Task<String> waiter = Async.createTask(() -> Reactive.single(never).await());
            Async.sleep(Duration.ZERO);
            waiter.cancel();
            List<String> atCancellation = new ArrayList<>();
            waiter.addDoneCallback(t -> atCancellation.addAll(never.log));
            try {
                waiter.await();
            } catch (CancellationException expected) {
                // the waiter's own cancellation
            }
            return atCancellation;
        });
        assertThat(seen).containsExactly("request " + Long.MAX_VALUE, "cancel");
    }

    @Test
    void anErrorNobodyCanReceiveGoesToTheExceptionHandler() {
        Never<String> never = new Never<>();
        IllegalStateException late = new IllegalStateException("late");
        run(() -> {
            Task<String> waiter = Async.createTask(() -> Reactive.single(never).await());
            Async.sleep(Duration.ZERO);
            waiter.cancel();
            Async.sleep(Duration.ZERO);
            never.subscriber.onError(new CancellationException("not reported"));
            never.subscriber.onError(late);
            return null;
        });
        assertThat(takeReport().exception()).isSameAs(late);
    }

    @Test
    void signalsFromAnotherThreadReachTheTask() {
        List<Integer> got = run(() -> {
            try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>()) {
                Task<List<Integer>> all = Async.createTask(() -> Reactive.toList(pub).await());
                Async.sleep(Duration.ZERO); // subscribed
                CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100; i++) {
                        pub.submit(i);
                    }
                    pub.close();
                });
                Async.wrapFuture(producer).await();
                return all.await();
            }
        });
        assertThat(got).hasSize(100).startsWith(0, 1, 2).endsWith(99);
    }

    @Test
    void flowPublishersAndCompletionStagesAreAwaitable() {
        Object[] got = run(() -> {
            Future<String> f = loop.createFuture();
            f.setResult("flow");
            CompletableFuture<String> later = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> later.complete("stage"));
            return new Object[] {Reactive.single(Reactive.toFlow(f)).await(), Reactive.fromStage(later).await()};
        });
        assertThat(got).containsExactly("flow", "stage");
    }

    @Test
    void awaitingOutsideATaskIsRefused() {
        assertThatThrownBy(() -> Reactive.single(new Just<>(List.of(1))).await())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not running a task");
        assertThatThrownBy(() -> Reactive.iterate(new Just<>(List.of(1))).iterator())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not running a task");
    }

    // ------------------------------------------------------------------ awaiting a future as its subscriber would

    @Test
    void awaitingAFutureAsItsSubscriberGetsWhatTheSubscriptionWouldDeliver() {
        Boom boom = new Boom("boom");
        List<Object> got = run(() -> {
            List<Object> results = new ArrayList<>();
            Future<String> value = loop.createFuture();
            value.setResult("v");
            results.add(FutureSubscription.awaitAsSubscriber(value));
            Future<String> failed = loop.createFuture();
            failed.setException(boom);
            results.add(catchThrowable(() -> FutureSubscription.awaitAsSubscriber(failed)));
            results.add(failed.gcRef == null); // retrieved, as a subscriber's onError retrieves it
            Future<String> cancelled = loop.createFuture();
            cancelled.cancel("gone");
            results.add(catchThrowable(() -> FutureSubscription.awaitAsSubscriber(cancelled)).getMessage());
            Future<String> later = loop.createFuture();
            loop.callSoon(() -> later.setResult(null));
            results.add(FutureSubscription.awaitAsSubscriber(later));
            return results;
        });
        assertThat(got).containsExactly("v", boom, true, "gone", null);
    }

    @Test
    void aTaskAwaitingAFutureAsItsSubscriberResumesAsADirectAwaiterDoes() {
        List<String> log = run(() -> {
            List<String> order = new ArrayList<>();
            Future<String> f = loop.createFuture();
            Task<Void> relayed = Async.createTask(() -> {
                order.add("relayed " + FutureSubscription.awaitAsSubscriber(f));
                return null;
            });
            Async.sleep(Duration.ZERO);
            Task<Void> direct = Async.createTask(() -> {
                order.add("direct " + f.await());
                return null;
            });
            Async.sleep(Duration.ZERO);
            f.setResult("x");
            loop.callSoon(() -> order.add("callback scheduled after the completion"));
            relayed.await();
            direct.await();
            return order;
        });
        // Woken in registration order in the next iteration, ahead of what was scheduled after the completion.
        assertThat(log).containsExactly("relayed x", "direct x", "callback scheduled after the completion");
    }

    @Test
    void cancellingATaskAwaitingAFutureAsItsSubscriberCancelsTheFutureAsACancelledSubscriptionDoes() {
        List<String> seen = run(() -> {
            Future<String> f = loop.createFuture();
            Task<String> awaiting = Async.createTask(() -> FutureSubscription.awaitAsSubscriber(f));
            Async.sleep(Duration.ZERO);
            awaiting.cancel("stop");
            String awaiterSaw = catchThrowable(awaiting::await).getMessage();
            return List.of(awaiterSaw, catchThrowable(f::result).getMessage());
        });
        assertThat(seen).containsExactly("stop", "the subscription to this future was cancelled");
    }

    @Test
    void aWakeupRelayWakesItsTaskInsideTheCompletionAndCanBeRemoved() {
        run(() -> {
            Future<String> done = loop.createFuture();
            done.setResult("x");
            Future<Void> wokenAtOnce = loop.createFuture();
            done.addDoneCallback(Wakeup.relay(wokenAtOnce));
            assertThat(wokenAtOnce.done()).as("added to a done future: woken at once").isTrue();

            Future<String> pending = loop.createFuture();
            Future<Void> woken = loop.createFuture();
            Wakeup.Relay relay = Wakeup.relay(woken);
            pending.addDoneCallback(relay);
            pending.setResult("y");
            assertThat(woken.done()).as("woken inside setResult, not in a later iteration").isTrue();

            Future<String> removed = loop.createFuture();
            Future<Void> neverWoken = loop.createFuture();
            Wakeup.Relay gone = Wakeup.relay(neverWoken);
            removed.addDoneCallback(gone);
            assertThat(removed.removeDoneCallback(gone)).isEqualTo(1);
            removed.cancel();
            assertThat(neverWoken.done()).isFalse();
            return null;
        });
    }

    // ------------------------------------------------------------------ iterating a publisher

    @Test
    void iterationKeepsAtMostPrefetchItemsAhead() {
        AtomicInteger emitted = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        List<Integer> consumed = new ArrayList<>();
        run(() -> {
            Publisher<Integer> p = Reactive.fromGenerator(loop, out -> {
                for (int i = 0; i < 50; i++) {
                    out.emit(i);
                    maxAhead.accumulateAndGet(emitted.incrementAndGet() - consumed.size(), Math::max);
                }
            });
            try (ReactiveIterable<Integer> items = Reactive.iterate(p, 4)) {
                for (int i : items) {
                    consumed.add(i);
                    Async.sleep(Duration.ofMillis(1)); // a slow consumer: the body must wait for it
                }
            }
            return null;
        });
        assertThat(consumed).hasSize(50).startsWith(0, 1, 2, 3).endsWith(49);
        assertThat(maxAhead.get()).isBetween(1, 4);
    }

    @Test
    void leavingTheLoopEarlyCancelsTheSubscription() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<Integer> got = run(() -> {
            List<Integer> items = new ArrayList<>();
            try (ReactiveIterable<Integer> it = Reactive.iterate(range(100, log), 8)) {
                for (int i : it) {
                    items.add(i);
                    if (i == 2) {
                        break;
                    }
                }
            }
            Async.sleep(Duration.ofSeconds(1));
            return items;
        });
        assertThat(got).containsExactly(0, 1, 2);
        assertThat(log).endsWith("body cancelled", "body finally");
        assertThat(log).doesNotContain("emit 9"); // never more than the prefetch (8) plus the one being suspended
    }

    @Test
    void cancellingTheIteratingTaskCancelsTheSubscription() {
        Never<String> never = new Never<>();
        run(() -> {
            Task<Integer> counter = Async.createTask(() -> {
                int n = 0;
                for (String ignored : Reactive.iterate(never, 16)) {
                    n++;
                }
                return n;
            });
            Async.sleep(Duration.ZERO);
            counter.cancel();
            assertThatThrownBy(counter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(never.log).containsExactly("request 16", "cancel");
    }

    @Test
    void anItemArrivingAsTheIteratingTaskIsCancelledIsDropped() {
        Never<String> source = new Never<>();
        run(() -> {
            Task<Integer> counter = Async.createTask(() -> {
                int n = 0;
                for (String ignored : Reactive.iterate(source, 16)) {
                    n++;
                }
                return n;
            });
            Async.sleep(Duration.ZERO); // counter waits in hasNext()
            counter.cancel();
            source.subscriber.onNext("late"); // on the loop, before counter resumes: must not fail the publisher
            assertThatThrownBy(counter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(source.log).containsExactly("request 16", "cancel");
    }

    @Test
    void iterationDeliversItemsBeforeTheError() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Integer> items = new ArrayList<>();
        run(() -> {
            Publisher<Integer> p = Reactive.fromGenerator(loop, out -> {
                out.emit(1);
                out.emit(2);
                throw boom;
            });
            assertThatThrownBy(() -> {
                for (int i : Reactive.iterate(p)) {
                    items.add(i);
                }
            }).isSameAs(boom);
            return null;
        });
        assertThat(items).containsExactly(1, 2);
    }

    @Test
    void iterateRefusesBadPrefetchAndASecondIteration() {
        assertThatThrownBy(() -> Reactive.iterate(new Just<>(List.of(1)), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch");
        run(() -> {
            ReactiveIterable<Integer> it = Reactive.iterate(new Just<>(List.of(1)));
            assertThat(it).containsExactly(1);
            assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("once");
            return null;
        });
    }
}
