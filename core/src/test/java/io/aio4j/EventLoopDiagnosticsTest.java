package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop}'s exception handler and debug mode: the {@code test_*exc_handler*}, {@code test_set_debug} and
 * {@code test_check_thread} cases of CPython's {@code Lib/test/test_asyncio/test_base_events.py}, kept apart from
 * {@link EventLoopTest} only for size. What the loop logs is read through {@link LogCapture}.
 */
abstract class EventLoopDiagnosticsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends EventLoopDiagnosticsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends EventLoopDiagnosticsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ exception handler

    @Test
    void setExcHandlerCustom() {
        loop.setExceptionHandler(null);
        assertThat(loop.getExceptionHandler()).isNull();
        List<ExceptionContext> seen = new ArrayList<>();
        List<EventLoop> seenLoops = new ArrayList<>();
        ExceptionHandler handler = (l, c) -> {
            seenLoops.add(l);
            seen.add(c);
        };
        loop.setExceptionHandler(handler);
        assertThat(loop.getExceptionHandler()).isSameAs(handler);

        Boom exc = new Boom("zero_error");
        Handle handle = loop.callSoon(throwing("zero_error", exc));
        runOneIteration();
        assertThat(seenLoops).containsExactly(loop);
        assertThat(seen).singleElement().satisfies(c -> {
            assertThat(c.message()).contains("Exception in callback").contains("zero_error");
            assertThat(c.exception()).isSameAs(exc);
            assertThat(c.handle()).isSameAs(handle);
            assertThat(c.future()).isNull();
        });

        loop.setExceptionHandler(null);
        try (LogCapture log = new LogCapture()) {
            loop.callSoon(throwing("zero_error", exc));
            runOneIteration();
            assertThat(log.find(Level.SEVERE, "Exception in callback"))
                    .singleElement().satisfies(r -> assertThat(r.getThrown()).isSameAs(exc));
        }
        assertThat(seen).as("the custom handler is no longer called").hasSize(1);
    }

    @Test
    void throwingCallbackIsReportedAndTheLoopGoesOn() {
        Boom exc = new Boom("callback failed");
        List<String> log = new ArrayList<>();
        TimerHandle timer = loop.callLater(Duration.ofMillis(10), throwing("failing timer", exc));
        loop.callSoon(throwing("failing callback", exc));
        loop.callSoon(() -> log.add("next callback"));
        run(() -> Async.sleep(Duration.ofMillis(20), null));

        assertThat(log).containsExactly("next callback");
        List<ExceptionContext> got = takeReports();
        assertThat(got).hasSize(2).allSatisfy(c -> assertThat(c.exception()).isSameAs(exc));
        assertThat(got.get(0).message()).contains("failing callback");
        assertThat(got.get(1).message()).contains("failing timer");
        assertThat(got.get(1).handle()).isSameAs(timer);
    }

    @Test
    void defaultExcHandlerCallback() {
        loop.setExceptionHandler(null);
        Boom exc = new Boom("zero");
        try (LogCapture log = new LogCapture()) {
            loop.callSoon(throwing("zero_error via callSoon", exc));
            loop.callLater(Duration.ofMillis(10), throwing("zero_error via callLater", exc));
            run(() -> Async.sleep(Duration.ofMillis(20), null));
            List<LogRecord> errors = log.find(Level.SEVERE, "Exception in callback");
            assertThat(errors).hasSize(2).allSatisfy(r -> assertThat(r.getThrown()).isSameAs(exc));
            assertThat(errors.get(0).getMessage()).contains("via callSoon");
            assertThat(errors.get(1).getMessage()).contains("via callLater");
        }
    }

    @Test
    void setExcHandlerBroken() {
        IllegalStateException spam = new IllegalStateException("spam");
        Boom exc = new Boom("zero_error");
        loop.setExceptionHandler((l, c) -> {
            throw spam;
        });
        List<String> log = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            loop.callSoon(throwing("zero_error", exc));
            loop.callSoon(() -> log.add("next"));
            runOneIteration();
            assertThat(log).as("the loop goes on").containsExactly("next");
            assertThat(logs.find(Level.SEVERE, "Unhandled error in exception handler"))
                    .singleElement().satisfies(r -> assertThat(r.getThrown()).isSameAs(spam));
            assertThat(logs.records()).as("the original report still reaches the log")
                    .anySatisfy(r -> assertThat(r.getThrown()).isSameAs(exc));
        }
    }

    @Test
    void callExceptionHandlerPassesTheContextAsItIs() {
        Future<Object> fut = loop.createFuture();
        ExceptionContext context = new ExceptionContext("custom report", new Boom("x"), fut, null);
        loop.callExceptionHandler(context);
        assertThat(takeReport()).isSameAs(context);
        assertThat(context.task()).isNull();
        Task<Object> task = loop.createTask(() -> null);
        assertThat(new ExceptionContext("m", null, task, null).task()).isSameAs(task);
    }

    @Test
    void defaultExceptionHandlerLogsMessageFutureAndException() {
        Future<Object> fut = loop.createFuture();
        Boom exc = new Boom("x");
        try (LogCapture log = new LogCapture()) {
            loop.defaultExceptionHandler(new ExceptionContext("something broke", exc, fut, null));
            assertThat(log.find(Level.SEVERE, "something broke")).singleElement().satisfies(r -> {
                assertThat(r.getMessage()).contains("future: Future[PENDING]");
                assertThat(r.getThrown()).isSameAs(exc);
            });
        }
    }

    // ------------------------------------------------------------------ debug mode

    @Test
    void setDebug() {
        loop.setDebug(true);
        assertThat(loop.getDebug()).isTrue();
        loop.setDebug(false);
        assertThat(loop.getDebug()).isFalse();
    }

    @Test
    void checkThread() throws Exception {
        loop.setDebug(true);
        Future<List<Throwable>> fut = loop.createFuture();
        Future<Object> other = loop.createFuture();
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread foreign = new Thread(() -> {
            List<Throwable> errors = new ArrayList<>();
            try {
                running.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                errors.add(e);
            }
            errors.add(catchThrowable(() -> loop.callSoon(() -> { })));
            errors.add(catchThrowable(() -> loop.callLater(Duration.ofSeconds(60), () -> { })));
            errors.add(catchThrowable(() -> loop.callAt(loop.time() + 60, () -> { })));
            errors.add(catchThrowable(() -> loop.createTask(() -> null)));
            errors.add(catchThrowable(() -> other.setResult("from the wrong thread")));
            errors.add(catchThrowable(loop::stop));
            loop.callSoonThreadsafe(() -> fut.setResult(errors));
        }, "foreign-thread");
        foreign.start();
        List<Throwable> errors = loop.runUntilComplete(fut);
        foreign.join();

        assertThat(errors).hasSize(6).allSatisfy(e -> assertThat(e)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("foreign-thread")
                .hasMessageContaining("callSoonThreadsafe"));
        assertThat(other.done()).isFalse();
    }

    @Test
    void slowCallbackWarningInDebugMode() {
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ofMillis(100));
        loop.setSlowCallbackDuration(Duration.ZERO); // every callback and step counts as slow
        loop.setDebug(true);
        try (LogCapture log = new LogCapture()) {
            loop.callSoon(named("the-slow-callback", () -> { }));
            runOneIteration();
            loop.runUntilComplete(loop.createTask(() -> null, "the-slow-task"));
            assertThat(log.find(Level.WARNING, "Executing")).anySatisfy(r -> assertThat(r.getMessage())
                    .contains("the-slow-callback").contains("seconds"));
            assertThat(log.find(Level.WARNING, "step of task the-slow-task")).isNotEmpty();
        }
        loop.setDebug(false);
        try (LogCapture log = new LogCapture()) {
            loop.callSoon(named("not-timed", () -> { }));
            runOneIteration();
            assertThat(log.find(Level.WARNING, "Executing")).isEmpty();
        }
    }

    @Test
    void setSlowCallbackDurationRejectsNegative() {
        loop.setSlowCallbackDuration(Duration.ofSeconds(2));
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    }
}
