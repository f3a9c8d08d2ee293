package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's reports: where futures and tasks were created (asyncio's {@code source_traceback}), slow steps named by
 * where they began and stopped, locks held across an await, a loop blocked on a monitor, and
 * {@link EventLoop#reportUnretrievedExceptions()}.
 */
abstract class DebugModeTest extends LoopTestBase {
    static final class VirtualThreadsTest extends DebugModeTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends DebugModeTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static boolean showsThisTest(Throwable trace) {
        return Arrays.stream(trace.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(DebugModeTest.class.getName()));
    }

    @Test
    void aNeverRetrievedExceptionIsReportedWithWhereItsTaskWasCreated() {
        loop.setDebug(true);
        Task<Void> failed = loop.createTask(() -> {
            throw new IllegalStateException("boom");
        }, "the-failing-task");
        runOneIteration();
        assertThat(failed.done()).isTrue();

        assertThat(loop.reportUnretrievedExceptions()).isEqualTo(1);
        ExceptionContext report = takeReport();
        assertThat(report.message()).contains("never retrieved").contains("the-failing-task");
        assertThat(report.exception()).hasMessage("boom");
        assertThat(report.sourceTraceback()).hasMessage("the task was created here");
        assertThat(showsThisTest(report.sourceTraceback())).isTrue();
        assertThat(report.sourceTraceback().getStackTrace()[0].getClassName())
                .as("the core's own frames are left out").startsWith(DebugModeTest.class.getName());

        assertThat(loop.reportUnretrievedExceptions()).as("reported once").isZero();
    }

    @Test
    void outsideDebugModeNothingIsRecorded() {
        Task<Void> failed = loop.createTask(() -> {
            throw new IllegalStateException("boom");
        });
        runOneIteration();
        assertThat(loop.reportUnretrievedExceptions()).isEqualTo(1);
        assertThat(takeReport().sourceTraceback()).isNull();
        assertThat(failed.exception()).hasMessage("boom");
    }

    @Test
    void aRetrievedExceptionIsNotReported() {
        Future<String> retrieved = loop.createFuture();
        retrieved.setException(new IllegalArgumentException("seen"));
        assertThat(retrieved.exception()).hasMessage("seen");
        Future<String> forgotten = loop.createFuture();
        forgotten.setException(new IllegalArgumentException("unseen"));

        assertThat(loop.reportUnretrievedExceptions()).isEqualTo(1);
        assertThat(takeReport().exception()).hasMessage("unseen");
    }

    @Test
    void aTaskDestroyedWhilePendingIsReportedWithItsCreationSite() {
        loop.setDebug(true);
        Event never = new Event();
        loop.createTask(() -> {
            never.await();
            return null;
        }, "the-abandoned-task");
        runOneIteration();
        loop.close();
        ExceptionContext report = takeReport();
        assertThat(report.message()).contains("destroyed but it is pending").contains("the-abandoned-task");
        assertThat(report.sourceTraceback()).isNotNull();
        assertThat(showsThisTest(report.sourceTraceback())).isTrue();
    }

    @Test
    void theDefaultHandlerPrintsTheCreationSite() {
        loop.setDebug(true);
        Future<String> future = loop.createFuture();
        try (LogCapture log = new LogCapture()) {
            loop.defaultExceptionHandler(new ExceptionContext("something about it", null, future, null));
            assertThat(log.records()).singleElement().extracting(LogRecord::getMessage).asString()
                    .contains("the future was created here:").contains("at " + DebugModeTest.class.getName());
        }
    }

    @Test
    void aSlowStepIsNamedByTheAwaitsItRanBetween() {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(Duration.ZERO); // every step is slow
        try (LogCapture log = new LogCapture()) {
            loop.runUntilComplete(loop.createTask(() -> {
                Async.sleep(Duration.ofMillis(1));
                Async.sleep(Duration.ofMillis(2));
                return null;
            }, "the-sleeper"));
            List<String> steps = log.find(Level.WARNING, "step of task the-sleeper").stream()
                    .map(LogRecord::getMessage).toList();
            assertThat(steps).hasSize(3);
            String awaitSite = "the await at " + DebugModeTest.class.getName();
            assertThat(steps.get(0)).contains("from its start to " + awaitSite).contains("Future(sleep)");
            assertThat(steps.get(1)).contains("from " + awaitSite).contains("to " + awaitSite);
            assertThat(steps.get(2)).contains("from " + awaitSite).endsWith("to its end");
        }
    }

    @Test
    void awaitingWhileHoldingAMonitorIsReportedWhereTheLoopThreadCanBeAsked() {
        loop.setDebug(true);
        Object guard = new Object();
        loop.runUntilComplete(loop.createTask(() -> {
            synchronized (guard) {
                Async.sleep(Duration.ofMillis(1));
            }
            return null;
        }, "the-holder"));
        if (backend() == Backend.CONTINUATION) {
            ExceptionContext report = takeReport();
            assertThat(report.message()).contains("Task the-holder awaits at " + DebugModeTest.class.getName())
                    .contains("while holding the monitor of " + guard.getClass().getName()).contains("io.aio4j.Lock");
        } else {
            // A virtual thread cannot be asked which monitors it holds; the watchdog catches the consequence.
            assertThat(reports).isEmpty();
        }
    }

    @Test
    void aLoopBlockedEnteringAMonitorIsReportedByTheWatchdog() throws Exception {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(Duration.ofMillis(5)); // the watchdog's sampling period
        Object monitor = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (monitor) {
                held.countDown();
                await(release);
            }
        });
        held.await();
        try (LogCapture log = new LogCapture()) {
            Thread driver = Thread.ofPlatform().start(() -> loop.runUntilComplete(loop.createTask(() -> {
                synchronized (monitor) {
                    return "entered";
                }
            }, "the-blocked-task")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.find(Level.SEVERE, "the-blocked-task").isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // waiting for the event under test, bounded
            }
            release.countDown();
            driver.join();
            holder.join();
            assertThat(log.find(Level.SEVERE, "Task the-blocked-task")).singleElement()
                    .extracting(LogRecord::getMessage).asString()
                    .contains("blocked entering a Java monitor").contains("io.aio4j.Lock")
                    .contains("at " + DebugModeTest.class.getName());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void asyncRunTakesTheDebugSwitch() {
        assertThat(Async.run(() -> Async.getRunningLoop().getDebug(), true)).isTrue();
        assertThat(Async.run(() -> Async.getRunningLoop().getDebug(), false)).isFalse();
    }
}
