package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code Async.shield} and {@code Async.ensureFuture}: ports of the {@code test_shield*},
 * {@code test_gather_shield} and {@code test_ensure_future*} cases of CPython's
 * {@code Lib/test/test_asyncio/test_tasks.py} ({@code BaseTaskTests}).
 */
abstract class ShieldTest extends LoopTestBase {
    static final class VirtualThreadsTest extends ShieldTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ShieldTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ shield

    @Test
    void shieldResult() {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        inner.setResult(42);
        assertThat(loop.runUntilComplete(outer)).isEqualTo(42);
    }

    @Test
    void shieldException() {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        runOneIteration();
        Boom exc = new Boom("inner failed");
        inner.setException(exc);
        runOneIteration();
        assertThat(outer.exception()).isSameAs(exc);
    }

    @Test
    void shieldCancelInner() {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        runOneIteration();
        inner.cancel("inner went away");
        runOneIteration();
        assertThat(outer.cancelled()).isTrue();
        assertThatThrownBy(outer::result).isInstanceOf(CancellationException.class).hasMessage("inner went away");
    }

    @Test
    void shieldCancelOuter() {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        runOneIteration();
        outer.cancel();
        runOneIteration();
        assertThat(outer.cancelled()).isTrue();
        assertThat(inner.cancelled()).isFalse();
        inner.setResult(1);
        runOneIteration();
        assertThat(outer.cancelled()).isTrue();
    }

    @Test
    void shieldCancelOuterResult() {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        runOneIteration();
        outer.cancel();
        runOneIteration();
        inner.setResult(1);
        runOneIteration();
        assertThat(reports).isEmpty();
    }

    @Test
    void shieldCancelOuterException() {
        // Nobody awaits the inner future any more: its exception goes to the exception handler at once.
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        runOneIteration();
        outer.cancel();
        runOneIteration();
        Boom exc = new Boom("foo");
        inner.setException(exc);
        runOneIteration();
        ExceptionContext report = takeReport();
        assertThat(report.exception()).isSameAs(exc);
        assertThat(report.future()).isSameAs(inner);
        assertThat(report.message()).contains("Boom exception in shielded future");
    }

    @Test
    void shieldDuplicateLogOnce() {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Async.shield(inner);
        runOneIteration();
        outer.cancel();
        runOneIteration();
        outer = Async.shield(inner);
        runOneIteration();
        outer.cancel();
        runOneIteration();
        inner.setException(new Boom("foo"));
        runOneIteration();
        assertThat(takeReport().exception()).hasMessage("foo");
    }

    @Test
    void shieldShortcut() {
        Future<Integer> fut = loop.createFuture();
        fut.setResult(42);
        Future<Integer> res = Async.shield(fut);
        assertThat(res).isSameAs(fut);
    }

    @Test
    void shieldEffect() {
        // Cancelling outer() does not affect inner().
        AtomicInteger proof = new AtomicInteger();
        Future<Object> waiter = loop.createFuture();
        Coroutine<Object> inner = () -> {
            waiter.await();
            proof.addAndGet(1);
            return null;
        };
        Task<Object> f = loop.createTask(() -> {
            Async.shield(inner).await();
            proof.addAndGet(100);
            return null;
        });
        runOneIteration();
        f.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(CancellationException.class);
        waiter.setResult(null);
        runIterations(2);
        assertThat(proof).hasValue(1);
    }

    @Test
    void gatherShield() {
        Future<Integer> child1 = loop.createFuture();
        Future<Integer> child2 = loop.createFuture();
        Future<Integer> inner1 = Async.shield(child1);
        Future<Integer> inner2 = Async.shield(child2);
        Future<List<Integer>> parent = Async.gather(inner1, inner2);
        runOneIteration();
        parent.cancel();
        // This cancels inner1 and inner2 but not child1 and child2.
        runOneIteration();
        assertThat(parent.exception()).isInstanceOf(CancellationException.class);
        assertThat(inner1.cancelled()).isTrue();
        assertThat(inner2.cancelled()).isTrue();
        assertThat(child1.cancelled()).isFalse();
        child1.setResult(1);
        child2.setResult(2);
        runOneIteration();
    }

    @Test
    void shieldGather() {
        Future<Integer> child1 = loop.createFuture();
        Future<Integer> child2 = loop.createFuture();
        Future<List<Integer>> parent = Async.gather(child1, child2);
        Future<List<Integer>> outer = Async.shield(parent);
        runOneIteration();
        outer.cancel();
        runOneIteration();
        assertThat(outer.cancelled()).isTrue();
        child1.setResult(1);
        child2.setResult(2);
        runOneIteration();
        assertThat(parent.result()).containsExactly(1, 2);
    }

    @Test
    void shieldCoroutineWithoutLoop() {
        Coroutine<Integer> coro = () -> 42;
        assertThatThrownBy(() -> Async.shield(coro)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.shield()");
    }

    @Test
    void shieldCoroutineUsesRunningLoop() {
        Future<Integer> outer = run(() -> Async.shield(() -> 42));
        assertThat(outer.getLoop()).isSameAs(loop);
        assertThat(loop.runUntilComplete(outer)).isEqualTo(42);
    }

    @Test
    void shieldOuterReprNamesTheInner() {
        Future<Object> inner = loop.createFuture();
        Future<Object> outer = Async.shield(inner);
        assertThat(outer).hasToString("Future(shield of Future[PENDING])[PENDING]");
        inner.cancel();
    }

    // ------------------------------------------------------------------ ensureFuture

    @Test
    void ensureFutureCoroutine() {
        Task<?>[] task = new Task<?>[1];
        Future<String> t = run(() -> {
            Future<String> f = Async.ensureFuture(() -> "ok");
            task[0] = (Task<?>) f;
            return f;
        });
        assertThat(loop.runUntilComplete(t)).isEqualTo("ok");
        assertThat(task[0].getLoop()).isSameAs(loop);
    }

    @Test
    void ensureFutureFuture() {
        Future<String> fOrig = loop.createFuture();
        fOrig.setResult("ko");
        Future<String> f = Async.ensureFuture(fOrig);
        assertThat(f).isSameAs(fOrig);
        assertThat(loop.runUntilComplete(f)).isEqualTo("ko");
    }

    @Test
    void ensureFutureTask() {
        Task<String> tOrig = loop.createTask(() -> "ok");
        Future<String> t = Async.ensureFuture(tOrig);
        assertThat(t).isSameAs(tOrig);
        assertThat(loop.runUntilComplete(t)).isEqualTo("ok");
    }

    @Test
    void ensureFutureAwaitable() {
        Future<String> source = loop.createFuture();
        Awaitable<String> aw = () -> source.await() + "!";
        Future<String> fut = run(() -> Async.ensureFuture(aw));
        assertThat(fut).isInstanceOf(Task.class);
        source.setResult("ok");
        assertThat(loop.runUntilComplete(fut)).isEqualTo("ok!");
    }

    @Test
    void ensureFutureNeedsALoopOnlyForATask() {
        Coroutine<String> coro = () -> "x";
        assertThatThrownBy(() -> Async.ensureFuture(coro)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.ensureFuture()");
        assertThatThrownBy(() -> Async.ensureFuture(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("awaitable");
        assertThatThrownBy(() -> Async.shield(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("awaitable");
    }
}
