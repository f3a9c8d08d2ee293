package io.aio4j.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Runner;
import io.aio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The shared base of the bridge tests (the core's {@code LoopTestBase}, for a module that sees only core's public
 * API): a fresh loop per test on {@link #backend()}, whose exception handler records every report; a report the
 * test did not take fails it. Each concrete test class is abstract, with one tiny nested subclass per backend.
 *
 * <p>Two ways to drive the loop: {@link #run} runs a main task to completion on the test thread (the loop stops
 * with it); {@link #startLoop()} runs the loop on a thread of its own until the test ends, for tests that act from
 * the test thread (a {@code StepVerifier} subscribing to a Mono made here). Cross-thread waits use latches with a
 * generous bound ({@link #WAIT}); nothing sleeps to let things settle.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class BridgeTestBase {
    /** The bound of every cross-thread wait: generous, only a failing test ever reaches it. */
    static final Duration WAIT = Duration.ofSeconds(30);

    protected EventLoop loop;
    protected final List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
    private final Semaphore reported = new Semaphore(0);
    private final List<EventLoop> otherLoops = new ArrayList<>();
    private Thread loopThread;
    private volatile Throwable loopThreadFailure;

    /** The backend the cases run on. */
    abstract Backend backend();

    @BeforeEach
    final void createLoop() {
        loop = newLoop();
    }

    /** A loop on this test's backend with the recording handler, closed after the test. */
    protected final EventLoop newLoop() {
        EventLoop l = EventLoop.newEventLoop(backend());
        l.setExceptionHandler((where, context) -> {
            reports.add(context);
            reported.release();
        });
        otherLoops.add(l);
        return l;
    }

    @AfterEach
    final void closeLoops() throws InterruptedException {
        if (loopThread != null) {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(WAIT.toMillis());
            assertThat(loopThread.isAlive()).as("the loop thread stopped").isFalse();
        }
        for (EventLoop l : otherLoops) {
            new Runner(l).close(); // cancels and awaits leftover tasks, reports failed ones, closes
        }
        assertThat(loopThreadFailure).as("the loop thread's runForever()").isNull();
        assertThat(reports).as("exception handler reports the test did not expect").isEmpty();
    }

    // ------------------------------------------------------------------ driving the loop

    /** Runs {@code main} as a task of {@link #loop} until it completes. */
    protected final <T> T run(Coroutine<T> main) {
        return loop.runUntilComplete(main);
    }

    /** Runs {@link #loop} on a thread of its own until the test ends. */
    protected final void startLoop() {
        loopThread = Thread.ofPlatform().name("loop-" + backend()).start(() -> {
            try {
                loop.runForever();
            } catch (Throwable t) {
                loopThreadFailure = t;
            }
        });
    }

    /** Runs {@code action} on the (started) loop and returns its result. */
    protected final <T> T onLoop(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Creates a task on the (started) loop. */
    protected final <T> Task<T> startTask(Coroutine<T> coro) throws Exception {
        return onLoop(() -> loop.createTask(coro));
    }

    /**
     * Waits until the (started) loop ran what was scheduled on it before this call, and what that scheduled in
     * turn: a task that was running then has reached its next suspension, and a task created by a callback that
     * was queued then (a publisher starting its body at subscription) has run its first step. The marker goes
     * round twice: the first pass lands behind the queued callbacks, the second behind the steps they scheduled.
     */
    protected final void drainLoop() throws InterruptedException {
        CountDownLatch drained = new CountDownLatch(1);
        loop.callSoonThreadsafe(() -> loop.callSoon(drained::countDown));
        await(drained);
    }

    protected static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("latch reached in time").isTrue();
    }

    // ------------------------------------------------------------------ reports

    /** Waits for the next report to the exception handler (it may come from any thread) and removes it. */
    protected final ExceptionContext awaitReport() throws InterruptedException {
        assertThat(reported.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("a report arrived").isTrue();
        return reports.remove(0);
    }
}
