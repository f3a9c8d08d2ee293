package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;

import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.ExceptionHandler;
import io.aio4j.Runner;
import io.aio4j.Async;
import io.reactivex.rxjava3.functions.Consumer;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The shared base of the bridge tests (kotlinx's {@code TestBase} plus RxJava's {@code trackPluginErrors}).
 *
 * <p>Each test gets a fresh {@link #loop} on {@link #backend()} whose exception handler records every report, and
 * RxJava's global error handler is replaced by one that records too (the previous one is put back after the test,
 * so no test leaves {@link RxJavaPlugins} changed). A test takes the reports it expects ({@link #takeLoopReport()},
 * {@link #takeRxReport()}); anything left over fails it.
 *
 * <p>Two ways to drive the loop: {@link #run} runs a task to completion on the test thread (for awaits inside a
 * task), and {@link #startLoopThread()} runs the loop forever on a thread of its own, so that the test thread can
 * play the RxJava side with blocking waits (for publishers and the scheduler). After each test the loop is
 * stopped, its leftover tasks cancelled and awaited ({@link Runner#close()}), and it is closed.
 *
 * <p>Each test class is an abstract class of cases with one nested subclass per {@link Backend}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class RxTestBase {
    /** Generous bound for waiting on a cross-thread signal; reached only when a test is broken. */
    static final long WAIT_SECONDS = 20;

    protected EventLoop loop;
    protected final List<ExceptionContext> loopReports = new CopyOnWriteArrayList<>();
    protected final List<Throwable> rxReports = new CopyOnWriteArrayList<>();
    protected final ExceptionHandler recorder = (l, context) -> loopReports.add(context);

    private Consumer<? super Throwable> previousRxHandler;
    private Thread loopThread;
    private final List<Throwable> loopThreadFailure = new CopyOnWriteArrayList<>();

    abstract Backend backend();

    @BeforeEach
    final void setUpLoopAndHandlers() {
        loop = EventLoop.newEventLoop(backend());
        loop.setExceptionHandler(recorder);
        previousRxHandler = RxJavaPlugins.getErrorHandler();
        RxJavaPlugins.setErrorHandler(rxReports::add);
    }

    @AfterEach
    final void tearDownLoopAndHandlers() throws InterruptedException {
        List<Throwable> problems = new ArrayList<>();
        try {
            if (loopThread != null) {
                stopLoopThread();
            }
            new Runner(loop).close();
        } catch (Throwable t) {
            problems.add(t);
        } finally {
            RxJavaPlugins.setErrorHandler(previousRxHandler);
        }
        problems.addAll(loopThreadFailure);
        if (!loopReports.isEmpty()) {
            AssertionError e = new AssertionError("the loop's exception handler received unexpected reports: "
                    + loopReports.stream().map(c -> c.message() + " [" + c.exception() + "]").toList());
            loopReports.forEach(c -> {
                if (c.exception() != null) {
                    e.addSuppressed(c.exception());
                }
            });
            problems.add(e);
        }
        if (!rxReports.isEmpty()) {
            AssertionError e = new AssertionError("RxJavaPlugins.onError received unexpected errors: " + rxReports);
            rxReports.forEach(e::addSuppressed);
            problems.add(e);
        }
        if (!problems.isEmpty()) {
            AssertionError first = problems.get(0) instanceof AssertionError a ? a
                    : new AssertionError("teardown failed", problems.get(0));
            problems.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    // ------------------------------------------------------------------ driving the loop

    /** Runs {@code main} as a task of {@link #loop} until it completes, on the test thread. */
    protected final <T> T run(Coroutine<T> main) {
        return loop.runUntilComplete(main);
    }

    /** Runs {@link #loop} forever on a platform thread of its own, until the test ends. */
    protected final void startLoopThread() {
        loopThread = Thread.ofPlatform().name("test-loop-" + backend()).start(() -> {
            try {
                loop.runForever();
            } catch (Throwable t) {
                loopThreadFailure.add(t);
            }
        });
    }

    private void stopLoopThread() throws InterruptedException {
        if (!loop.isClosed()) {
            loop.callSoonThreadsafe(loop::stop);
        }
        loopThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(loopThread.isAlive()).as("the loop thread stopped").isFalse();
        loopThread = null;
    }

    /** With {@link #startLoopThread()}: runs {@code coro} on the loop and waits for its result. */
    protected final <T> T onLoop(Coroutine<T> coro) throws Exception {
        return Async.runCoroutineThreadsafe(coro, loop).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * With {@link #startLoopThread()}: waits until the loop has run everything queued before this call, and a few
     * iterations more, so that a task that could make progress would have (used to check that one does not).
     */
    protected final void settleLoop() throws Exception {
        onLoop(() -> {
            for (int i = 0; i < 5; i++) {
                Async.sleep(java.time.Duration.ZERO);
            }
            return null;
        });
    }

    /** Waits for a latch with the generous bound, failing the test if it is not reached. */
    protected static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
    }

    // ------------------------------------------------------------------ reports

    /** Removes and returns the one report the loop's exception handler received; fails unless exactly one. */
    protected final ExceptionContext takeLoopReport() {
        assertThat(loopReports).as("loop exception handler reports").hasSize(1);
        return loopReports.remove(0);
    }

    /** Removes and returns the one error RxJavaPlugins.onError received; fails unless exactly one. */
    protected final Throwable takeRxReport() {
        assertThat(rxReports).as("RxJavaPlugins.onError reports").hasSize(1);
        return rxReports.remove(0);
    }

    /** A plain unchecked exception with a recognisable message, for identity checks. */
    protected static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    /** A checked exception, for the CompletionException wrapping rule. */
    protected static final class CheckedBoom extends Exception {
        private static final long serialVersionUID = 1L;

        CheckedBoom(String message) {
            super(message);
        }
    }
}
