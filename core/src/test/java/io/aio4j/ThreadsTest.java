package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Threads and foreign futures: CPython's {@code Lib/test/test_asyncio/test_threads.py} ({@code to_thread}), and
 * the {@code run_in_executor} (test_base_events.py), {@code run_coroutine_threadsafe} (test_tasks.py) and
 * {@code wrap_future} (test_futures.py) cases. Cross-thread steps are sequenced with latches and loop futures,
 * never with sleeps.
 */
abstract class ThreadsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends ThreadsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ThreadsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final long WAIT_SECONDS = 30;

    // ------------------------------------------------------------------ toThread (test_threads.py)

    @Test
    void toThread() {
        String where = run(() -> Async.toThread(() -> Thread.currentThread().getName()));
        assertThat(where).startsWith("aio4j-executor-");
    }

    @Test
    void toThreadException() {
        IllegalStateException boom = new IllegalStateException("from the thread");
        assertThatThrownBy(() -> run(() -> Async.toThread(() -> {
            throw boom;
        }))).isSameAs(boom);
    }

    @Test
    void toThreadCheckedExceptionArrivesWrapped() {
        Exception checked = new Exception("checked");
        Throwable thrown = catchRun(() -> Async.toThread(() -> {
            throw checked;
        }));
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCause(checked);
    }

    @Test
    void toThreadConcurrentWithOtherTasks() {
        // The loop keeps running other tasks while the callable blocks.
        CountDownLatch release = new CountDownLatch(1);
        String result = run(() -> {
            Task<String> blocking = Async.createTask(() -> Async.toThread(() -> {
                return release.await(WAIT_SECONDS, TimeUnit.SECONDS) ? "released" : "timed out";
            }));
            Task<String> other = Async.createTask(() -> "other ran");
            String first = other.await(); // runs while the thread blocks
            release.countDown();
            return first + ", " + blocking.await();
        });
        assertThat(result).isEqualTo("other ran, released");
    }

    @Test
    void toThreadContextvars() {
        ContextVar<String> var = ContextVar.named("var");
        String seenBack = run(() -> {
            var.set("from the task");
            String inThread = Async.toThread(() -> {
                String seen = var.get();
                var.set("set in the thread"); // lands in the copy only
                return seen;
            });
            assertThat(inThread).isEqualTo("from the task");
            return var.get();
        });
        assertThat(seenBack).isEqualTo("from the task");
    }

    @Test
    void cancellingTheAwaitingTaskInterruptsTheCallable() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        EventLoop l = loop;
        Task<String> task = l.createTask(() -> Async.toThread(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(); // blocks until interrupted
                return "not interrupted";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }));
        run(() -> {
            Async.toThread(() -> started.await(WAIT_SECONDS, TimeUnit.SECONDS)); // the callable is running
            task.cancel("stop");
            assertThatThrownBy(task::await).isInstanceOf(CancellationException.class).hasMessage("stop");
            return null;
        });
        assertThat(interrupted.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the callable was interrupted").isTrue();
    }

    @Test
    void toThreadOutsideATaskIsRefused() {
        assertThatThrownBy(() -> Async.toThread(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.toThread()").hasMessageContaining("not running a task");
    }

    // ------------------------------------------------------------------ runInExecutor (test_base_events.py)

    @Test
    void runInExecutorUsesTheGivenExecutor() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-pool"));
        try {
            String where = run(() -> Async.getRunningLoop()
                    .runInExecutor(pool, () -> Thread.currentThread().getName()).await());
            assertThat(where).isEqualTo("my-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runInExecutorRejectionFailsTheFuture() {
        Executor rejecting = command -> {
            throw new RejectedExecutionException("full");
        };
        Future<Integer> f = loop.runInExecutor(rejecting, () -> 1);
        assertThat(f.exception()).isInstanceOf(RejectedExecutionException.class).hasMessage("full");
    }

    @Test
    void setDefaultExecutor() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "default-replaced"));
        loop.setDefaultExecutor(pool);
        String where = run(() -> Async.toThread(() -> Thread.currentThread().getName()));
        assertThat(where).isEqualTo("default-replaced");
        run(() -> {
            Async.getRunningLoop().shutdownDefaultExecutor();
            return null;
        });
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void runInExecutorAfterShutdownDefaultExecutorIsRejected() {
        run(() -> {
            Async.toThread(() -> 1); // creates the default executor
            Async.getRunningLoop().shutdownDefaultExecutor();
            Future<Integer> late = Async.getRunningLoop().runInExecutor(null, () -> 2);
            assertThatThrownBy(late::await).isInstanceOf(RejectedExecutionException.class);
            return null;
        });
    }

    // ------------------------------------------------------------------ runCoroutineThreadsafe (test_tasks.py)

    /** Runs {@code fromThread} on a plain thread while the loop runs, until it calls {@code finished}. */
    private void whileTheLoopRuns(java.util.function.Consumer<Runnable> fromThread) {
        EventLoop l = loop;
        run(() -> {
            Future<Void> finished = l.createFuture();
            Runnable finish = () -> l.callSoonThreadsafe(() -> finished.setResult(null));
            Thread.ofPlatform().name("foreign").start(() -> fromThread.accept(finish));
            finished.await();
            return null;
        });
    }

    @Test
    void runCoroutineThreadsafeOnALoopClosedBeforeItRunsIsCancelledNotLeftPending() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<String>> ref =
                new AtomicReference<>();
        Thread foreign = Thread.ofPlatform().name("foreign").start(() ->
                ref.set(Async.runCoroutineThreadsafe(() -> "never started", loop)));
        foreign.join();
        loop.close(); // the loop never ran: the queued start is dropped
        assertThat(ref.get()).isCompletedExceptionally();
        assertThatThrownBy(() -> ref.get().join()).isInstanceOf(java.util.concurrent.CancellationException.class)
                .hasStackTraceContaining("event loop closed before the coroutine");
        assertThatThrownBy(() -> Async.runCoroutineThreadsafe(() -> "late", loop))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void runCoroutineThreadsafe() {
        AtomicReference<Object> outcome = new AtomicReference<>();
        whileTheLoopRuns(finish -> {
            outcome.set(Async.runCoroutineThreadsafe(() -> Async.sleep(java.time.Duration.ofSeconds(1), "value"),
                    loop).join());
            finish.run();
        });
        assertThat(outcome.get()).isEqualTo("value");
    }

    @Test
    void runCoroutineThreadsafeWithException() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        whileTheLoopRuns(finish -> {
            try {
                Async.runCoroutineThreadsafe(() -> {
                    throw boom;
                }, loop).get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                outcome.set(e.getCause());
            } catch (Exception e) {
                outcome.set(e);
            }
            finish.run();
        });
        assertThat(outcome.get()).isSameAs(boom);
    }

    @Test
    void runCoroutineThreadsafeTaskCancelled() throws Exception {
        AtomicBoolean taskSawCancellation = new AtomicBoolean();
        AtomicBoolean cancelledFromOutside = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        EventLoop l = loop;
        AtomicReference<Thread> foreign = new AtomicReference<>();
        run(() -> {
            Future<Void> unwound = l.createFuture();
            foreign.set(Thread.ofPlatform().start(() -> {
                CompletableFuture<Object> cf = Async.runCoroutineThreadsafe(() -> {
                    started.countDown();
                    try {
                        return l.createFuture().await(); // never completes
                    } catch (CancellationException e) {
                        taskSawCancellation.set(true);
                        unwound.setResult(null);
                        throw e;
                    }
                }, l);
                try {
                    started.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                cancelledFromOutside.set(cf.cancel(true));
            }));
            unwound.await();
            return null;
        });
        foreign.get().join();
        assertThat(cancelledFromOutside).isTrue();
        assertThat(taskSawCancellation).isTrue();
    }

    @Test
    void runCoroutineThreadsafeTimeoutCancelsTheTask() throws Exception {
        AtomicBoolean taskSawCancellation = new AtomicBoolean();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        EventLoop l = loop;
        AtomicReference<Thread> foreign = new AtomicReference<>();
        run(() -> {
            Future<Void> unwound = l.createFuture();
            foreign.set(Thread.ofPlatform().start(() -> {
                try {
                    Async.runCoroutineThreadsafe(() -> {
                        try {
                            return l.createFuture().await(); // never completes
                        } catch (CancellationException e) {
                            taskSawCancellation.set(true);
                            unwound.setResult(null);
                            throw e;
                        }
                    }, l).orTimeout(10, TimeUnit.MILLISECONDS).join();
                } catch (CompletionException e) {
                    outcome.set(e.getCause());
                }
            }));
            unwound.await();
            return null;
        });
        foreign.get().join();
        assertThat(outcome.get()).isInstanceOf(TimeoutException.class);
        assertThat(taskSawCancellation).isTrue();
    }

    @Test
    void runCoroutineThreadsafeOnAClosedLoopIsRefused() {
        loop.close();
        assertThatThrownBy(() -> Async.runCoroutineThreadsafe(() -> 1, loop))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    // ------------------------------------------------------------------ wrapFuture (test_futures.py)

    @Test
    void wrapFuture() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        String result = run(() -> {
            Future<String> f = Async.wrapFuture(cf);
            Thread.ofPlatform().start(() -> cf.complete("from a thread"));
            return f.await();
        });
        assertThat(result).isEqualTo("from a thread");
    }

    @Test
    void wrapFutureKeepsTheExceptionIdentityThroughDependentStages() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> cf = new CompletableFuture<>();
        Throwable thrown = catchRun(() -> {
            Future<String> f = Async.wrapFuture(cf.thenApply(s -> s + "!")); // dependent: wraps in CompletionException
            Thread.ofPlatform().start(() -> cf.completeExceptionally(boom));
            return f.await();
        });
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void wrapFutureCancel() {
        // Cancelling the loop future cancels the CompletableFuture.
        CompletableFuture<String> cf = new CompletableFuture<>();
        run(() -> {
            Future<String> f = Async.wrapFuture(cf);
            f.cancel();
            Async.sleep(java.time.Duration.ZERO); // the done callback runs
            return null;
        });
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    void wrapFutureCancel2() {
        // A cancelled CompletableFuture cancels the loop future.
        CompletableFuture<String> cf = new CompletableFuture<>();
        boolean cancelled = run(() -> {
            Future<String> f = Async.wrapFuture(cf);
            Thread.ofPlatform().start(() -> cf.cancel(true));
            try {
                f.await();
                return false;
            } catch (CancellationException e) {
                return f.cancelled();
            }
        });
        assertThat(cancelled).isTrue();
    }

    @Test
    void wrapFutureOfAnAlreadyCompletedStage() {
        assertThat((String) run(() -> Async.wrapFuture(CompletableFuture.completedFuture("done")).await()))
                .isEqualTo("done");
    }

    @Test
    void wrapFutureCancelAfterTheSourceCompleted() {
        // CPython test_futures: test_wrap_future_cancel2: the source finished, but before its outcome reached the
        // loop the loop future was cancelled: it stays cancelled, the source keeps its result, nothing is reported
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        boolean[] states = run(() -> {
            Future<Integer> f = Async.wrapFuture(cf);
            cf.complete(42); // its copy to the loop is queued with callSoonThreadsafe
            f.cancel();
            Async.sleep(java.time.Duration.ZERO);
            Async.sleep(java.time.Duration.ZERO);
            return new boolean[] {f.cancelled(), cf.isCancelled()};
        });
        assertThat(states[0]).as("the loop future is cancelled").isTrue();
        assertThat(states[1]).as("the completed source is not").isFalse();
        assertThat(cf.join()).isEqualTo(42);
    }

    @Test
    void copyStateFromConcurrentFutures() {
        // CPython test_futures: test_copy_state_from_concurrent_futures: a stage already done when wrapped gives
        // its result, its very exception, or its cancellation
        IllegalArgumentException exc = new IllegalArgumentException("test exception");
        CompletableFuture<String> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        Object[] outcomes = run(() -> {
            Future<String> ok = Async.wrapFuture(CompletableFuture.completedFuture("42"));
            Future<String> failed = Async.wrapFuture(CompletableFuture.failedFuture(exc));
            Future<String> wasCancelled = Async.wrapFuture(cancelled);
            Async.sleep(java.time.Duration.ZERO);
            return new Object[] {ok.result(), failed.exception(), wasCancelled.cancelled()};
        });
        assertThat(outcomes[0]).isEqualTo("42");
        assertThat(outcomes[1]).isSameAs(exc);
        assertThat(outcomes[2]).isEqualTo(true);
    }

    @Test
    void wrapFutureUseRunningLoop() {
        // CPython test_futures: test_wrap_future_use_running_loop and test_wrap_future_without_loop
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = run(() -> Async.wrapFuture(cf));
        assertThat(f.getLoop()).isSameAs(loop);
        assertThatThrownBy(() -> Async.wrapFuture(cf)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.wrapFuture()");
        cf.complete("x");
        assertThat(loop.runUntilComplete(f)).isEqualTo("x");
    }

    private Throwable catchRun(Coroutine<?> main) {
        try {
            run(main);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
