package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Async#run} and {@link Runner}: ports of CPython's {@code Lib/test/test_asyncio/test_runners.py}
 * ({@code RunTests}, {@code RunnerTests}). {@code Async.run} makes its own loop with {@link Backend#select()}, so
 * each case forces this class's backend through the {@value Backend#PROPERTY} system property.
 */
abstract class RunnersTest extends LoopTestBase {
    static final class VirtualThreadsTest extends RunnersTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends RunnersTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private String savedProperty;

    @BeforeEach
    final void forceBackend() {
        savedProperty = System.getProperty(Backend.PROPERTY);
        System.setProperty(Backend.PROPERTY, backend() == Backend.CONTINUATION ? "continuation" : "virtual-threads");
    }

    @AfterEach
    final void restoreBackendProperty() {
        if (savedProperty == null) {
            System.clearProperty(Backend.PROPERTY);
        } else {
            System.setProperty(Backend.PROPERTY, savedProperty);
        }
    }

    /** Inside {@code Async.run}: routes the new loop's reports to this test's recorder, returns the loop. */
    private EventLoop recordReports() {
        EventLoop running = Async.getRunningLoop();
        running.setExceptionHandler(recorder);
        return running;
    }

    // ------------------------------------------------------------------ Async.run (RunTests)

    @Test
    void asyncioRunReturn() {
        assertThat(Async.run(() -> {
            Async.sleep(Duration.ZERO);
            return 42;
        })).isEqualTo(42);
    }

    @Test
    void asyncioRunRaises() {
        Boom spam = new Boom("spam");
        Throwable thrown = catchThrowable(() -> Async.run(() -> {
            Async.sleep(Duration.ZERO);
            throw spam;
        }));
        assertThat(thrown).isSameAs(spam);
    }

    @Test
    void asyncioRunWrapsACheckedExceptionInCompletionException() {
        CheckedBoom checked = new CheckedBoom("checked");
        Throwable thrown = catchThrowable(() -> Async.run(() -> {
            throw checked;
        }));
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCause(checked);
    }

    @Test
    void asyncioRunUsesTheSelectedBackendAndClosesItsLoop() {
        AtomicReference<EventLoop> used = new AtomicReference<>();
        Async.run(() -> {
            used.set(Async.getRunningLoop());
            return null;
        });
        assertThat(used.get().backend()).isEqualTo(backend());
        assertThat(used.get().isClosed()).isTrue();
    }

    @Test
    void asyncioRunFromRunningLoop() {
        Throwable fromTask = Async.run(() -> catchThrowable(() -> Async.run(() -> "nested")));
        assertThat(fromTask).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from a running event loop");

        AtomicReference<Throwable> fromCallback = new AtomicReference<>();
        loop.callSoon(() -> fromCallback.set(catchThrowable(() -> Async.run(() -> "nested"))));
        runOneIteration();
        assertThat(fromCallback.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from a running event loop");
    }

    @Test
    void asyncioRunCancelsHangingTasks() {
        AtomicReference<Task<Object>> leftover = new AtomicReference<>();
        assertThat(Async.run(() -> {
            leftover.set(Async.createTask(() -> {
                Async.sleep(Duration.ofMillis(100));
                return null;
            }));
            return 123;
        })).isEqualTo(123);
        assertThat(leftover.get().done()).isTrue();
        assertThat(leftover.get().cancelled()).isTrue();
    }

    @Test
    void asyncioRunAwaitsTheCleanupOfHangingTasks() {
        List<String> log = new ArrayList<>();
        Async.run(() -> {
            Async.createTask(() -> {
                try {
                    Async.getRunningLoop().<Object>createFuture().await();
                } finally {
                    log.add("cleanup starts");
                    Async.sleep(Duration.ZERO); // awaiting during cleanup is allowed
                    Async.sleep(Duration.ZERO);
                    log.add("cleanup ends");
                }
                return null;
            });
            Async.sleep(Duration.ZERO); // let it start
            return null;
        });
        assertThat(log).containsExactly("cleanup starts", "cleanup ends");
    }

    @Test
    void asyncioRunReportsHangingTasksErrors() {
        AtomicReference<Task<Object>> leftover = new AtomicReference<>();
        ArithmeticException zeroDivision = new ArithmeticException("/ by zero");
        assertThat(Async.run(() -> {
            recordReports();
            leftover.set(Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofMillis(100));
                } catch (CancellationException e) {
                    throw zeroDivision;
                }
                return null;
            }));
            return 123;
        })).isEqualTo(123);

        assertThat(leftover.get().done()).isTrue();
        ExceptionContext report = takeReport();
        assertThat(report.message()).containsPattern("Async\\.run.*shutdown");
        assertThat(report.task()).isSameAs(leftover.get());
        assertThat(report.exception()).isSameAs(zeroDivision);
    }

    @Test
    void asyncioRunRaisesCancellationWhenMainIsCancelled() {
        assertThatThrownBy(() -> Async.run(() -> {
            Task<?> main = Async.currentTask();
            Async.createTask(() -> main.cancel("from a subtask"));
            Async.sleep(Duration.ofSeconds(10));
            return null;
        })).isInstanceOf(CancellationException.class).hasMessage("from a subtask");
    }

    // ------------------------------------------------------------------ Runner (RunnerTests)

    @Test
    void run() {
        EventLoop used;
        try (Runner runner = new Runner(loop)) {
            assertThat(runner.run(() -> {
                Async.sleep(Duration.ZERO);
                return "done";
            })).isEqualTo("done");
            used = runner.getLoop();
        }
        assertThat(used).isSameAs(loop);
        assertThat(used.isClosed()).isTrue();
    }

    @Test
    void runnerWithDefaultLoopUsesTheSelectedBackend() {
        try (Runner runner = new Runner()) {
            assertThat(runner.getLoop().backend()).isEqualTo(backend());
            assertThat(runner.run(() -> Async.getRunningLoop())).isSameAs(runner.getLoop());
        }
    }

    @Test
    void explicitClose() {
        Runner runner = new Runner(loop);
        runner.close();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void doubleClose() {
        Runner runner = new Runner(loop);
        runner.close();
        assertThat(loop.isClosed()).isTrue();
        runner.close(); // no-op
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void secondWithBlockRaises() {
        List<Integer> ret = new ArrayList<>();
        Runner runner = new Runner(loop);
        try (runner) {
            runner.run(() -> ret.add(1));
        }
        assertThatThrownBy(() -> runner.run(() -> ret.add(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(ret).containsExactly(1);
    }

    @Test
    void runnerReuseKeepsTheLoopAndItsTasks() {
        try (Runner runner = new Runner(loop)) {
            Future<String> handOver = loop.createFuture();
            AtomicReference<EventLoop> first = new AtomicReference<>();
            Task<String> background = runner.run(() -> {
                first.set(Async.getRunningLoop());
                return Async.createTask(() -> "background saw " + handOver.await());
            });
            assertThat(background.done()).isFalse();
            String result = runner.run(() -> {
                assertThat(Async.getRunningLoop()).isSameAs(first.get());
                handOver.setResult("the second run");
                return background.await();
            });
            assertThat(result).isEqualTo("background saw the second run");
            assertThat(first.get()).isSameAs(runner.getLoop());
        }
    }

    @Test
    void recursiveRun() {
        try (Runner runner = new Runner(loop)) {
            Throwable thrown = runner.run(() -> catchThrowable(() -> runner.run(() -> "inner")));
            assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        }
    }

    @Test
    void runnerCloseCancelsLeftoverTasksAndAwaitsThem() {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicReference<Task<Object>> leftover = new AtomicReference<>();
        Runner runner = new Runner(loop);
        runner.run(() -> {
            leftover.set(Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } catch (CancellationException e) {
                    Async.sleep(Duration.ZERO);
                    cleanedUp.set(true);
                    throw e;
                }
                return null;
            }));
            Async.sleep(Duration.ZERO);
            return null;
        });
        assertThat(leftover.get().done()).isFalse();
        runner.close();
        assertThat(leftover.get().cancelled()).isTrue();
        assertThat(cleanedUp).isTrue();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void runnerCloseReportsALeftoverTaskThatFailsInsteadOfStopping() {
        Boom failure = new Boom("failed while being cancelled");
        AtomicReference<Task<Object>> leftover = new AtomicReference<>();
        Runner runner = new Runner(loop);
        runner.run(() -> {
            leftover.set(Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } catch (CancellationException e) {
                    throw failure;
                }
                return null;
            }));
            return null;
        });
        runner.close();
        ExceptionContext report = takeReport();
        assertThat(report.exception()).isSameAs(failure);
        assertThat(report.future()).isSameAs(leftover.get());
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void runnerCloseIgnoresALeftoverTaskThatSwallowsTheCancellationAndReturns() {
        AtomicReference<Task<String>> leftover = new AtomicReference<>();
        Runner runner = new Runner(loop);
        runner.run(() -> {
            leftover.set(Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return "slept";
                } catch (CancellationException e) {
                    return "gave up";
                }
            }));
            return null;
        });
        runner.close();
        assertThat(leftover.get().result()).isEqualTo("gave up");
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void runnerWorksOnAVirtualThread() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try (Runner runner = new Runner(loop)) {
                outcome.set(runner.run(() -> {
                    Task<String> child = Async.createTask(() -> Async.sleep(Duration.ofSeconds(1), "child"));
                    Async.sleep(Duration.ZERO);
                    return Thread.currentThread().isVirtual() + " " + child.await();
                }));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        thread.join();
        assertThat(outcome.get()).isEqualTo("true child");
        assertThat(loop.isClosed()).isTrue();
    }
}
