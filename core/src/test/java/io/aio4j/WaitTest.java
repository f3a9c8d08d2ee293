package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * {@code Async.wait} and {@link ReturnWhen}: ports of the {@code test_wait*} cases of CPython's
 * {@code Lib/test/test_asyncio/test_tasks.py} ({@code BaseTaskTests}), in virtual time.
 */
abstract class WaitTest extends LoopTestBase {
    static final class VirtualThreadsTest extends WaitTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends WaitTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final Duration LONG = Duration.ofSeconds(10);

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private Task<Object> sleeper(double s) {
        return loop.createTask(() -> Async.sleep(seconds(s), null));
    }

    private Task<Object> failingAfter(double s, RuntimeException exc) {
        return loop.createTask(() -> {
            if (s > 0) {
                Async.sleep(seconds(s));
            }
            throw exc;
        });
    }

    @Test
    void waitAllCompleted() {
        double t0 = loop.time();
        Task<Object> a = sleeper(0.1);
        Task<Object> b = sleeper(0.15);
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a)));
        assertThat(r.done()).containsExactly(b, a);
        assertThat(r.pending()).isEmpty();
        assertThat(loop.time() - t0).isCloseTo(0.15, within(1e-6));
        // Doing it again should take no time and exercise a different path.
        double t1 = loop.time();
        r = run(() -> Async.wait(List.of(b, a)));
        assertThat(r.done()).containsExactlyInAnyOrder(a, b);
        assertThat(loop.time() - t1).isLessThan(0.01);
    }

    @Test
    void waitDuplicateFutures() {
        Task<Object> a = sleeper(0.01);
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(a, a)));
        assertThat(r.done()).containsExactly(a);
        assertThat(r.pending()).isEmpty();
    }

    @Test
    void waitErrors() {
        run(() -> {
            assertThatThrownBy(() -> Async.wait(List.<Future<?>>of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            return null;
        });
    }

    @Test
    void waitFirstCompleted() {
        double t0 = loop.time();
        Task<Object> a = sleeper(10.0);
        Task<Object> b = sleeper(0.1);
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED));
        assertThat(r.done()).containsExactly(b);
        assertThat(r.pending()).containsExactly(a);
        assertThat(a.done()).isFalse();
        assertThat(b.done()).isTrue();
        assertThat(b.result()).isNull();
        assertThat(loop.time() - t0).isCloseTo(0.1, within(1e-6));
        a.cancel();
    }

    @Test
    void waitReallyDone() {
        // Some tasks in the pending set may have become done while their callbacks have not all run yet.
        Task<Object> a = loop.createTask(() -> Async.sleep(Duration.ZERO, null));
        Task<Object> b = loop.createTask(() -> {
            Async.sleep(Duration.ZERO);
            return Async.sleep(Duration.ZERO, null);
        });
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED));
        assertThat(r.done()).containsExactlyInAnyOrder(a, b);
        assertThat(a.result()).isNull();
        assertThat(b.result()).isNull();
    }

    @Test
    void waitFirstException() {
        Task<Object> a = sleeper(10.0);
        Task<Object> b = failingAfter(0, new Boom("zero division"));
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a), ReturnWhen.FIRST_EXCEPTION));
        assertThat(r.done()).containsExactly(b);
        assertThat(r.pending()).containsExactly(a);
        assertThat(b.exception()).isInstanceOf(Boom.class);
        a.cancel();
    }

    @Test
    void waitFirstExceptionInWait() {
        double t0 = loop.time();
        Task<Object> a = sleeper(10.0);
        Task<Object> b = failingAfter(0.01, new Boom("zero division"));
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a), ReturnWhen.FIRST_EXCEPTION));
        assertThat(r.done()).containsExactly(b);
        assertThat(r.pending()).containsExactly(a);
        assertThat(loop.time() - t0).isCloseTo(0.01, within(1e-6));
        b.exception();
        a.cancel();
    }

    @Test
    void waitFirstExceptionIgnoresCancelledFutures() {
        Future<Object> cancelled = loop.createFuture();
        Task<Object> b = sleeper(0.1);
        cancelled.cancel();
        WaitResult<Future<Object>> r = run(() -> Async.wait(List.<Future<Object>>of(cancelled, b),
                ReturnWhen.FIRST_EXCEPTION));
        assertThat(r.done()).as("a cancellation is no exception: it waits for all").containsExactly(cancelled, b);
    }

    @Test
    void waitWithException() {
        double t0 = loop.time();
        Task<Object> a = sleeper(0.1);
        Task<Object> b = failingAfter(0.15, new Boom("zero division"));
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a)));
        assertThat(r.done()).containsExactlyInAnyOrder(a, b);
        assertThat(loop.time() - t0).isCloseTo(0.15, within(1e-6));
        assertThat(b.exception()).isInstanceOf(Boom.class);
    }

    @Test
    void waitWithTimeout() {
        double t0 = loop.time();
        Task<Object> a = sleeper(0.1);
        Task<Object> b = sleeper(0.15);
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a), seconds(0.11)));
        assertThat(r.done()).containsExactly(a);
        assertThat(r.pending()).containsExactly(b);
        assertThat(loop.time() - t0).isCloseTo(0.11, within(1e-6));
        assertThat(b.cancelled()).as("a timeout cancels nothing").isFalse();
        run(b::await);
    }

    @Test
    void waitConcurrentComplete() {
        Task<Object> a = sleeper(0.1);
        Task<Object> b = sleeper(0.15);
        WaitResult<Task<Object>> r = run(() -> Async.wait(List.of(b, a), seconds(0.1)));
        assertThat(r.done()).containsExactly(a);
        assertThat(r.pending()).containsExactly(b);
        b.cancel();
    }

    @Test
    void waitWithZeroOrNegativeTimeoutReturnsAfterOneIteration() {
        Task<Object> a = sleeper(1.0);
        Future<Object> done = loop.createFuture();
        done.setResult("x");
        double t0 = loop.time();
        for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            WaitResult<Future<Object>> r = run(() -> Async.wait(List.<Future<Object>>of(a, done),
                    ReturnWhen.ALL_COMPLETED, timeout));
            assertThat(r.done()).containsExactly(done);
            assertThat(r.pending()).containsExactly(a);
        }
        assertThat(loop.time()).isEqualTo(t0);
        a.cancel();
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void cancellingTheWaiterCancelsNoneOfTheFutures() {
        Task<Object> a = sleeper(10.0);
        Task<WaitResult<Task<Object>>> waiter = loop.createTask(() -> Async.wait(List.of(a)));
        runIterations(2);
        waiter.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(waiter)).isInstanceOf(CancellationException.class);
        assertThat(a.done()).isFalse();
        a.cancel();
    }

    @Test
    void timeoutLeavesNoTimerAndNoCallbackBehind() {
        Future<Object> f = loop.createFuture();
        run(() -> Async.wait(List.of(f), ReturnWhen.FIRST_COMPLETED, Duration.ofMillis(5)));
        assertThat(loop.toString()).contains("timers=0");
        f.setResult(1); // its callbacks were removed: nothing runs, nothing fails
        runOneIteration();
    }

    @Test
    void resultSetsKeepTheOrderOfTheArgumentAndAreUnmodifiable() {
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(loop.createFuture());
        }
        fs.get(3).setResult(3);
        fs.get(1).setResult(1);
        WaitResult<Future<Integer>> r = run(() -> Async.wait(fs, ReturnWhen.FIRST_COMPLETED));
        assertThat(r.done()).containsExactly(fs.get(1), fs.get(3));
        assertThat(r.pending()).containsExactly(fs.get(0), fs.get(2), fs.get(4));
        assertThatThrownBy(() -> r.done().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void argumentsAreChecked() {
        Future<Object> f = loop.createFuture();
        assertThatThrownBy(() -> Async.wait(List.of(f))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.wait()");
        EventLoop other = newTrackedLoop(true);
        Future<Object> foreign = other.createFuture();
        run(() -> {
            assertThatThrownBy(() -> Async.wait(List.of(foreign)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to");
            List<Future<Object>> withNull = new ArrayList<>();
            withNull.add(f);
            withNull.add(null);
            assertThatThrownBy(() -> Async.wait(withNull)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("fs[1]");
            assertThatThrownBy(() -> Async.wait(List.of(f), (ReturnWhen) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("returnWhen");
            assertThatThrownBy(() -> Async.wait(List.of(f), (Duration) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
            return null;
        });
    }
}
