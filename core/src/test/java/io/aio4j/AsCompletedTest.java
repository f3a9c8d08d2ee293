package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code Async.asCompleted}: ports of the {@code test_as_completed*} cases of CPython's
 * {@code Lib/test/test_asyncio/test_tasks.py} ({@code BaseTaskTests}), in virtual time, plus the cancellation
 * safety of a waiting element.
 */
abstract class AsCompletedTest extends LoopTestBase {
    static final class VirtualThreadsTest extends AsCompletedTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends AsCompletedTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static <T> Coroutine<T> sleeper(double s, T value) {
        return () -> Async.sleep(seconds(s), value);
    }

    private void advance(double s) {
        ((LoopClock.Virtual) loop.clock).advance(seconds(s).toNanos());
    }

    @Test
    void asCompleted() {
        double t0 = loop.time();
        Coroutine<String> a = sleeper(0.01, "a");
        Coroutine<String> b = sleeper(0.01, "b");
        Coroutine<String> c = sleeper(0.15, "c");
        List<String> res = run(() -> {
            List<String> values = new ArrayList<>();
            for (Awaitable<String> f : Async.asCompleted(List.of(b, c, a))) {
                values.add(f.await());
            }
            return values;
        });
        assertThat(loop.time() - t0).isCloseTo(0.15, within(1e-6));
        assertThat(res.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
        assertThat(res.get(2)).isEqualTo("c");
    }

    @Test
    void asCompletedWithTimeout() {
        double t0 = loop.time();
        Task<String> a = loop.createTask(sleeper(0.1, "a"));
        Task<String> b = loop.createTask(sleeper(0.15, "b"));
        List<Object> res = run(() -> {
            List<Object> values = new ArrayList<>();
            for (Awaitable<String> f : Async.asCompleted(List.of(a, b), seconds(0.12))) {
                if (!values.isEmpty()) {
                    advance(0.02);
                }
                try {
                    values.add(f.await());
                } catch (AsyncTimeoutException e) {
                    values.add(e);
                }
            }
            return values;
        });
        assertThat(res).hasSize(2);
        assertThat(res.get(0)).isEqualTo("a");
        assertThat(res.get(1)).isInstanceOf(AsyncTimeoutException.class);
        assertThat(loop.time() - t0).isCloseTo(0.12, within(1e-6));
        assertThat(b.cancelled()).as("a timeout cancels nothing").isFalse();
        assertThat(loop.runUntilComplete(b)).isEqualTo("b");
    }

    @Test
    void asCompletedWithUnusedTimeout() {
        Coroutine<String> a = sleeper(0.01, "a");
        String res = run(() -> {
            String last = null;
            for (Awaitable<String> f : Async.asCompleted(List.of(a), seconds(0.5))) {
                last = f.await();
            }
            return last;
        });
        assertThat(res).isEqualTo("a");
        assertThat(loop.toString()).as("the timeout timer was dropped").contains("timers=0");
    }

    @Test
    void asCompletedReverseWait() {
        double t0 = loop.time();
        Coroutine<String> a = sleeper(0.05, "a");
        Coroutine<String> b = sleeper(0.10, "b");
        run(() -> {
            List<Awaitable<String>> futs = new ArrayList<>();
            Async.asCompleted(List.of(a, b)).forEach(futs::add);
            assertThat(futs).hasSize(2);
            assertThat(futs.get(1).await()).isEqualTo("a");
            assertThat(loop.time() - t0).isCloseTo(0.05, within(1e-6));
            assertThat(futs.get(0).await()).isEqualTo("b");
            assertThat(loop.time() - t0).isCloseTo(0.10, within(1e-6));
            return null;
        });
    }

    @Test
    void asCompletedConcurrent() {
        Coroutine<String> a = sleeper(0.05, "a");
        Coroutine<String> b = sleeper(0.05, "b");
        run(() -> {
            List<Future<String>> tasks = new ArrayList<>();
            for (Awaitable<String> f : Async.asCompleted(List.of(a, b))) {
                tasks.add(Async.ensureFuture(f));
            }
            WaitResult<Future<String>> r = Async.wait(tasks);
            List<String> results = new ArrayList<>();
            r.done().forEach(t -> results.add(t.result()));
            assertThat(results).containsExactlyInAnyOrder("a", "b");
            return null;
        });
    }

    @Test
    void asCompletedDuplicateCoroutines() {
        Coroutine<String> c = () -> "ham";
        Coroutine<String> spam = () -> "spam";
        List<String> result = run(() -> {
            List<String> values = new ArrayList<>();
            for (Awaitable<String> f : Async.asCompleted(List.of(c, c, spam))) {
                values.add(f.await());
            }
            return values;
        });
        assertThat(result).containsExactlyInAnyOrder("ham", "spam");
    }

    @Test
    void asCompletedEmpty() {
        int n = run(() -> {
            int count = 0;
            for (Awaitable<Object> f : Async.asCompleted(List.<Awaitable<Object>>of(), seconds(1))) {
                count++;
            }
            return count;
        });
        assertThat(n).isZero();
        assertThat(loop.toString()).as("no timer for an empty iteration").contains("timers=0");
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void anElementThrowsTheExceptionOfItsFuture() {
        Boom exc = new Boom("failed");
        Coroutine<String> failing = () -> {
            Async.sleep(seconds(0.01));
            throw exc;
        };
        List<Object> res = run(() -> {
            List<Object> values = new ArrayList<>();
            for (Awaitable<String> f : Async.asCompleted(List.of(sleeper(0.02, "ok"), failing))) {
                values.add(catchThrowable(f::await) instanceof Boom b ? b : f.toString());
            }
            return values;
        });
        assertThat(res.get(0)).isSameAs(exc);
    }

    @Test
    void aCancelledElementAwaitPassesItsResultOn() {
        Future<String> f1 = loop.createFuture();
        Future<String> f2 = loop.createFuture();
        AtomicReference<Iterator<Awaitable<String>>> it = new AtomicReference<>();
        run(() -> {
            it.set(Async.<String>asCompleted(List.of(f1, f2)).iterator());
            return null;
        });
        Awaitable<String> first = it.get().next();
        Awaitable<String> second = it.get().next();
        Task<String> x = loop.createTask(first::await);
        Task<String> y = loop.createTask(second::await);
        runIterations(2); // both wait for a result
        f1.setResult("one");
        runOneIteration(); // the completion wakes x
        x.cancel(); // ...which is cancelled before it takes the result
        assertThatThrownBy(() -> loop.runUntilComplete(x)).isInstanceOf(CancellationException.class);
        assertThat(loop.runUntilComplete(y)).as("the result went to the next waiter").isEqualTo("one");
        f2.cancel();
    }

    @Test
    void iterationIsOnceAndEachElementIsAwaitedOnce() {
        Future<String> f = loop.createFuture();
        f.setResult("v");
        run(() -> {
            Iterable<Awaitable<String>> iterable = Async.asCompleted(List.of(f));
            Iterator<Awaitable<String>> iterator = iterable.iterator();
            assertThat(iterable.iterator()).as("the iterable is its own iterator").isSameAs(iterator);
            Awaitable<String> only = iterator.next();
            assertThat(iterator.hasNext()).isFalse();
            assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
            assertThat(only.await()).isEqualTo("v");
            assertThatThrownBy(only::await).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only once");
            return null;
        });
    }

    @Test
    void argumentsAreChecked() {
        Coroutine<String> coro = () -> "x";
        assertThatThrownBy(() -> Async.asCompleted(List.of(coro))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.asCompleted()");
        List<Awaitable<String>> withNull = new ArrayList<>();
        withNull.add(coro);
        withNull.add(null);
        run(() -> {
            assertThatThrownBy(() -> Async.asCompleted(withNull)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("awaitables[1]");
            assertThatThrownBy(() -> Async.asCompleted(List.of(coro), null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
            return null;
        });
    }
}
