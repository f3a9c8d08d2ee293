package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code Async.gather}: ports of CPython's {@code Lib/test/test_asyncio/test_tasks.py} ({@code FutureGatherTests},
 * {@code CoroutineGatherTests}, {@code BaseTaskTests.test_cancel_gather_*}), plus the Java rules (identity,
 * checked exceptions, argument checks).
 */
abstract class GatherTest extends LoopTestBase {
    static final class VirtualThreadsTest extends GatherTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends GatherTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final Duration LONG = Duration.ofSeconds(10);

    private <T> List<Future<T>> futures(int n) {
        List<Future<T>> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(loop.createFuture());
        }
        return list;
    }

    private static <T> Coroutine<T> after(Duration delay, T value) {
        return () -> Async.sleep(delay, value);
    }

    /** A done callback that records how often, and with which future, it was called (asyncio's MockCallback). */
    private static final class Calls implements java.util.function.Consumer<Future<?>> {
        final List<Future<?>> calls = new ArrayList<>();

        @Override
        public void accept(Future<?> f) {
            calls.add(f);
        }
    }

    // ------------------------------------------------------------------ FutureGatherTests

    @Test
    void constructorEmptySequence() {
        Future<List<Object>> fut = run(() -> Async.gather());
        assertThat(fut.done()).as("done at once").isTrue();
        assertThat(fut.result()).isEmpty();
        assertThat(run(() -> Async.<Object>gather(List.of()).result())).isEmpty();
    }

    @Test
    void constructorEmptySequenceWithoutLoop() {
        assertThatThrownBy(() -> Async.gather()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.gather()").hasMessageContaining("no event loop is running");
    }

    @Test
    void constructorHeterogenousFutures() {
        EventLoop other = newTrackedLoop(true);
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = other.createFuture();
        assertThatThrownBy(() -> Async.gather(fut1, fut2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to");
        assertThatThrownBy(() -> Async.gather(fut2, fut1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructorHomogenousFuturesNeedNoRunningLoop() {
        List<Future<Integer>> fs = futures(2);
        Future<List<Integer>> fut = Async.gather(fs.get(0), fs.get(1));
        assertThat(fut.getLoop()).isSameAs(loop);
        fs.get(1).setResult(2);
        fs.get(0).setResult(1);
        assertThat(loop.runUntilComplete(fut)).containsExactly(1, 2);
    }

    @Test
    void resultsComeInArgumentOrderNotCompletionOrder() {
        List<Future<String>> fs = futures(5);
        Future<List<String>> fut = Async.gather(fs);
        Calls cb = new Calls();
        fut.addDoneCallback(cb);
        for (int i = 4; i >= 0; i--) {
            fs.get(i).setResult("r" + i);
            runOneIteration();
            assertThat(fut.done()).isEqualTo(i == 0);
        }
        runOneIteration(); // done callbacks run one iteration later
        assertThat(cb.calls).containsExactly(fut);
        assertThat(fut.result()).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThatThrownBy(() -> fut.result().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void oneException() {
        List<Future<Integer>> fs = futures(5);
        Future<List<Integer>> fut = Async.gather(fs);
        Calls cb = new Calls();
        fut.addDoneCallback(cb);
        Boom exc = new Boom("b failed");
        fs.get(0).setResult(1);
        fs.get(1).setException(exc);
        runIterations(2); // the gather's own callbacks run one iteration after it is done
        assertThat(fut.done()).isTrue();
        assertThat(cb.calls).containsExactly(fut);
        assertThat(fut.exception()).isSameAs(exc);
        assertThat(fs.subList(2, 5)).as("siblings are not cancelled").noneMatch(Future::done);
        // Does nothing, and reports nothing.
        fs.get(2).setResult(3);
        fs.get(3).cancel();
        fs.get(4).setException(new Boom("later"));
        fs.get(4).exception();
        runOneIteration();
        assertThat(cb.calls).hasSize(1);
    }

    @Test
    void returnExceptions() {
        List<Future<Integer>> fs = futures(4);
        Future<List<Object>> fut = Async.gather(GatherOptions.RETURN_EXCEPTIONS, fs);
        Calls cb = new Calls();
        fut.addDoneCallback(cb);
        Boom exc1 = new Boom("1");
        Boom exc2 = new Boom("2");
        fs.get(1).setException(exc1);
        fs.get(0).setResult(3);
        runOneIteration();
        assertThat(fut.done()).as("an error does not end it").isFalse();
        fs.get(3).setException(exc2);
        fs.get(2).setResult(4);
        runIterations(2);
        assertThat(cb.calls).containsExactly(fut);
        assertThat(fut.result()).containsExactly(3, exc1, 4, exc2);
    }

    @Test
    void oneCancellation() {
        List<Future<Integer>> fs = futures(5);
        Future<List<Integer>> fut = Async.gather(fs);
        Calls cb = new Calls();
        fut.addDoneCallback(cb);
        fs.get(0).setResult(1);
        fs.get(1).cancel("b went away");
        runIterations(2);
        assertThat(fut.done()).isTrue();
        assertThat(cb.calls).containsExactly(fut);
        assertThat(fut.cancelled()).as("the gather fails with a cancellation; it is not cancelled").isFalse();
        assertThat(fut.exception()).isInstanceOf(CancellationException.class).hasMessage("b went away");
        assertThat(fs.subList(2, 5)).noneMatch(Future::done);
        fs.forEach(Future::cancel);
    }

    @Test
    void resultExceptionOneCancellation() {
        List<Future<Integer>> fs = futures(6);
        Future<List<Object>> fut = Async.gather(GatherOptions.RETURN_EXCEPTIONS, fs);
        Calls cb = new Calls();
        fut.addDoneCallback(cb);
        fs.get(0).setResult(1);
        Boom zde = new Boom("zde");
        fs.get(1).setException(zde);
        fs.get(2).cancel("c");
        runOneIteration();
        assertThat(fut.done()).isFalse();
        fs.get(3).setResult(3);
        fs.get(4).cancel();
        Boom rte = new Boom("rte");
        fs.get(5).setException(rte);
        List<Object> res = loop.runUntilComplete(fut);
        assertThat(res.get(2)).isInstanceOf(CancellationException.class);
        assertThat(((Throwable) res.get(2)).getMessage()).isEqualTo("c");
        assertThat(res.get(4)).isInstanceOf(CancellationException.class);
        assertThat(Arrays.asList(res.get(0), res.get(1), res.get(3), res.get(5))).containsExactly(1, zde, 3, rte);
        assertThat(cb.calls).containsExactly(fut);
    }

    @Test
    void gatherOfDoneFuturesIsDoneWhenReturned() {
        List<Future<Integer>> fs = futures(2);
        fs.get(0).setResult(1);
        fs.get(1).setResult(2);
        Future<List<Integer>> fut = Async.gather(fs);
        assertThat(fut.done()).isTrue();
        assertThat(fut.result()).containsExactly(1, 2);

        Boom exc = new Boom("done already");
        Future<Integer> failed = loop.createFuture();
        failed.setException(exc);
        Future<Integer> pending = loop.createFuture();
        Future<List<Integer>> failing = Async.gather(pending, failed);
        assertThat(failing.done()).isTrue();
        assertThat(failing.exception()).isSameAs(exc);
        pending.cancel();
    }

    // ------------------------------------------------------------------ CoroutineGatherTests

    @Test
    void coroutinesNeedARunningLoop() {
        Coroutine<Integer> coro = () -> 1;
        assertThatThrownBy(() -> Async.gather(coro)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.gather()");
    }

    @Test
    void constructorLoopSelection() {
        Coroutine<String> coro = () -> "abc";
        List<String> result = run(() -> {
            Future<List<String>> fut = Async.gather(coro, coro);
            assertThat(fut.getLoop()).isSameAs(Async.getRunningLoop());
            return fut.await();
        });
        assertThat(result).containsExactly("abc", "abc");
    }

    @Test
    void duplicateCoroutines() {
        AtomicInteger runs = new AtomicInteger();
        Coroutine<String> c = () -> {
            runs.incrementAndGet();
            return "abc";
        };
        Coroutine<String> d = () -> "def";
        List<String> result = run(() -> Async.gather(c, c, d, c).await());
        assertThat(result).containsExactly("abc", "abc", "def", "abc");
        assertThat(runs).as("the same coroutine object runs once").hasValue(1);
    }

    @Test
    void duplicateFutureCountsOnce() {
        Future<String> f = loop.createFuture();
        Future<List<String>> fut = Async.gather(f, f);
        f.setResult("x");
        runOneIteration();
        assertThat(fut.result()).containsExactly("x", "x");
    }

    @Test
    void cancellationBroadcast() {
        AtomicInteger proof = new AtomicInteger();
        Future<Object> waiter = loop.createFuture();
        Coroutine<Object> inner = () -> {
            waiter.await();
            proof.addAndGet(1);
            return null;
        };
        Task<Object> child1 = loop.createTask(inner);
        Task<Object> child2 = loop.createTask(inner);
        AtomicReference<Future<List<Object>>> gatherer = new AtomicReference<>();
        Task<Object> f = loop.createTask(() -> {
            gatherer.set(Async.gather(child1, child2));
            gatherer.get().await();
            proof.addAndGet(100);
            return null;
        });
        runOneIteration();
        assertThat(f.cancel()).isTrue();
        assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(CancellationException.class);
        assertThat(gatherer.get().cancel()).isFalse();
        assertThat(waiter.cancelled()).isTrue();
        assertThat(child1.cancelled()).isTrue();
        assertThat(child2.cancelled()).isTrue();
        runOneIteration();
        assertThat(proof).hasValue(0);
    }

    @Test
    void exceptionMarking() throws Exception {
        // The second child fails after the gather already failed: its exception is marked retrieved, so that
        // collecting it reports nothing.
        Future<Object> a = loop.createFuture();
        Future<Object> b = loop.createFuture();
        List<WeakReference<Task<?>>> children = new ArrayList<>();
        Coroutine<Object> inner1 = () -> {
            a.await();
            throw new Boom("should not be ignored");
        };
        Coroutine<Object> inner2 = () -> {
            b.await();
            throw new Boom("marked retrieved");
        };
        Task<Object> f = loop.createTask(() -> {
            Future<List<Object>> gathering = Async.gather(inner1, inner2);
            for (Task<?> t : Async.allTasks()) {
                if (t != Async.currentTask()) {
                    children.add(new WeakReference<>(t));
                }
            }
            return gathering.await();
        });
        runOneIteration();
        a.setResult(null);
        runOneIteration();
        b.setResult(null);
        runIterations(3);
        assertThat(f.exception()).isInstanceOf(Boom.class).hasMessage("should not be ignored");
        assertThat(children).hasSize(2);
        f = null;
        Boom control = new Boom("control");
        loop.createFuture().setException(control);
        assertThat(gcUntil(() -> !reports.isEmpty()
                && children.stream().allMatch(r -> r.refersTo(null)))).isTrue();
        runOneIteration(); // a late report of a child would arrive here
        assertThat(takeReport().exception()).isSameAs(control);
    }

    // ------------------------------------------------------------------ BaseTaskTests

    @Test
    void cancelGather1() {
        // A gathering future refuses to be cancelled once all children are done.
        Future<Integer> fut = loop.createFuture();
        Future<List<Integer>> gatherFuture = run(() -> Async.gather(() -> fut.await()));
        AtomicReference<Boolean> cancelResult = new AtomicReference<>();
        fut.addDoneCallback(f -> cancelResult.set(gatherFuture.cancel()));
        fut.setResult(42); // the cancelling callback runs after the child finished
        loop.runUntilComplete(gatherFuture);
        assertThat(cancelResult.get()).isFalse();
        assertThat(gatherFuture.cancelled()).isFalse();
        assertThat(gatherFuture.result()).containsExactly(42);
    }

    @Test
    void cancelGather2() {
        for (String message : Arrays.asList(null, "my message")) {
            Task<Object> main = loop.createTask(() -> {
                Task<Object> qwe = Async.createTask(() -> {
                    double time = 0;
                    while (true) {
                        time += 0.05;
                        Async.gather(GatherOptions.RETURN_EXCEPTIONS, sleeping(0.05)).await();
                        if (time > 1) {
                            return null;
                        }
                    }
                });
                Async.sleep(Duration.ofMillis(200));
                qwe.cancel(message);
                return qwe.await();
            });
            Throwable thrown = catchThrowable(() -> loop.runUntilComplete(main));
            assertThat(thrown).as("cancellation with message %s", message).isInstanceOf(CancellationException.class)
                    .hasMessage(message);
        }
    }

    private static Coroutine<Object> sleeping(double seconds) {
        return () -> Async.sleep(Duration.ofNanos((long) (seconds * 1e9)), null);
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void firstErrorFailsTheGatherWithoutCancellingSiblings() {
        Boom exc = new Boom("first");
        AtomicBoolean siblingFinished = new AtomicBoolean();
        Throwable thrown = run(() -> {
            Task<String> sibling = Async.createTask(() -> {
                Async.sleep(Duration.ofSeconds(1));
                siblingFinished.set(true);
                return "late";
            });
            Throwable t = catchThrowable(() -> Async.gather(sibling, () -> {
                Async.sleep(Duration.ofMillis(10));
                throw exc;
            }).await());
            assertThat(sibling.done()).isFalse();
            assertThat(sibling.await()).isEqualTo("late");
            return t;
        });
        assertThat(thrown).isSameAs(exc);
        assertThat(siblingFinished).isTrue();
    }

    @Test
    void cancellingTheAwaiterCancelsEveryChildAndRaisesItsMessage() {
        List<Task<Object>> children = new ArrayList<>();
        Task<List<Object>> awaiter = loop.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                children.add(Async.createTask(sleeping(10)));
            }
            return Async.gather(GatherOptions.RETURN_EXCEPTIONS, children).await();
        });
        runIterations(2);
        awaiter.cancel("stop");
        assertThatThrownBy(() -> loop.runUntilComplete(awaiter)).isInstanceOf(CancellationException.class)
                .hasMessage("stop");
        assertThat(children).allMatch(Future::cancelled);
        assertThat(awaiter.cancelled()).isTrue();
    }

    @Test
    void cancelReturnsTrueIfAnyChildWasCancelled() {
        Future<Object> done = loop.createFuture();
        done.setResult(1);
        Future<Object> pending = loop.createFuture();
        Future<List<Object>> fut = Async.gather(done, pending);
        assertThat(fut.cancel("bye")).isTrue();
        assertThat(pending.cancelled()).isTrue();
        assertThat(done.cancelled()).isFalse();
        assertThat(fut.done()).as("done only once the children are").isFalse();
        runOneIteration();
        assertThat(fut.exception()).isInstanceOf(CancellationException.class).hasMessage("bye");
        assertThat(fut.cancel()).isFalse();
    }

    @Test
    void checkedExceptionIsWrappedForAwaitersButNotInTheList() {
        CheckedBoom exc = new CheckedBoom("checked");
        Coroutine<Object> failing = () -> {
            throw exc;
        };
        Throwable awaited = run(() -> catchThrowable(() -> Async.gather(failing).await()));
        assertThat(awaited).isInstanceOf(CompletionException.class).hasCause(exc);
        List<Object> outcomes = run(() -> Async.gather(GatherOptions.RETURN_EXCEPTIONS, failing).await());
        assertThat(outcomes).containsExactly(exc);
    }

    @Test
    void aPlainAwaitableIsAwaitedByATask() {
        Future<String> source = loop.createFuture();
        Awaitable<String> custom = () -> source.await() + "!";
        loop.callLater(Duration.ofMillis(5), () -> source.setResult("hi"));
        assertThat(run(() -> Async.gather(custom, after(Duration.ofMillis(1), "x")).await()))
                .containsExactly("hi!", "x");
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> Async.gather((Awaitable<Object>[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("awaitables");
        Future<Object> f = loop.createFuture();
        assertThatThrownBy(() -> Async.gather(f, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("awaitables[1]");
        assertThatThrownBy(() -> Async.gather((GatherOptions) null, f))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        assertThat(f.done()).isFalse();
    }

    @Test
    void gatheringFutureRepr() {
        Future<Object> f = loop.createFuture();
        Future<List<Object>> fut = Async.gather(f, f);
        assertThat(fut).hasToString("Future(gather, children=2)[PENDING]");
        f.setResult("v");
        runOneIteration();
        assertThat(fut).hasToString("Future(gather, children=2)[FINISHED result=[v, v]]");
    }
}
