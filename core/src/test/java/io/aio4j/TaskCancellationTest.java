package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Task#cancel}, {@link Task#cancelling()}, {@link Task#uncancel()}: the cancellation cases of CPython's
 * {@code Lib/test/test_asyncio/test_tasks.py} ({@code BaseTaskTests.test_cancel*}, {@code test_uncancel*},
 * {@code test_yield_future_passes_cancel}, {@code test_stop_while_run_in_complete}), kept apart from
 * {@link TasksTest} only for size.
 */
abstract class TaskCancellationTest extends LoopTestBase {
    static final class VirtualThreadsTest extends TaskCancellationTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends TaskCancellationTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final Duration LONG = Duration.ofSeconds(10);

    private static Coroutine<Object> sleeper(Duration d) {
        return () -> {
            Async.sleep(d);
            return null;
        };
    }

    @Test
    void cancel() {
        double t0 = loop.time();
        Task<Integer> t = loop.createTask(() -> {
            Async.sleep(LONG);
            return 12;
        });
        loop.callSoon(t::cancel);
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.done()).isTrue();
        assertThat(t.cancelled()).isTrue();
        assertThat(t.cancel()).isFalse();
        assertThat(loop.time() - t0).as("the sleep ended early").isLessThan(1.0);
    }

    @Test
    void cancelling() {
        Task<Object> t = loop.createTask(sleeper(LONG));
        runOneIteration(); // sleeping
        assertThat(t.cancelling()).isZero();
        assertThat(t.toString()).doesNotContain("cancelling");

        assertThat(t.cancel()).isTrue();
        assertThat(t.cancelling()).isEqualTo(1);
        assertThat(t.toString()).contains("cancelling");
        assertThat(t.cancel()).as("true on every call while the task is pending").isTrue();
        assertThat(t.cancelling()).isEqualTo(2);

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.cancel()).isFalse();
    }

    @Test
    void uncancelBasic() {
        Task<Object> t = loop.createTask(() -> {
            try {
                Async.sleep(LONG);
            } catch (CancellationException e) {
                Async.currentTask().uncancel();
                Async.sleep(LONG);
            }
            return null;
        });
        run(sleeper(Duration.ofMillis(10)));

        assertThat(t.cancel()).isTrue(); // cancels the first sleep
        assertThat(t.toString()).contains("cancelling");
        assertThat(t.cancelling()).isEqualTo(1);
        assertThat(t.cancelled()).isFalse();
        run(sleeper(Duration.ofMillis(10)));

        assertThat(t.toString()).doesNotContain("cancelling"); // after uncancel()
        assertThat(t.cancelling()).isZero();
        assertThat(t.cancelled()).isFalse();

        assertThat(t.cancel()).isTrue(); // cancels the second sleep
        assertThat(t.cancelling()).isEqualTo(1);
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.cancelled()).isTrue();

        t.uncancel(); // no effect once done
        assertThat(t.cancelled()).isTrue();
        assertThat(t.done()).isTrue();
    }

    @Test
    void uncancelResetsMustCancel() {
        Future<Object> fut = loop.createFuture();
        Task<Integer> task = loop.createTask(() -> {
            fut.await();
            return 42;
        });
        runOneIteration(); // waiting for fut
        fut.setResult(null); // the task is now scheduled to resume
        task.cancel();
        assertThat(task.cancelling()).isEqualTo(1);
        assertThat(task.uncancel()).isZero();
        assertThat(loop.runUntilComplete(task)).as("the withdrawn cancellation is never delivered").isEqualTo(42);
    }

    @Test
    void taskCancelMessageGetter() {
        AtomicBoolean ran = new AtomicBoolean();
        Task<Object> t = loop.createTask(() -> {
            ran.set(true);
            return null;
        });
        t.cancel("my message");
        assertThatThrownBy(() -> loop.runUntilComplete(t))
                .isInstanceOf(CancellationException.class).hasMessage("my message");
        assertThat(ran).as("a task cancelled before it started never runs its body").isFalse();
        assertThat(t.cancelled()).isTrue();
    }

    @Test
    void cancelWithMessageThenFutureResult() {
        Throwable thrown = catchThrowable(() -> run(() -> {
            Task<Object> task = Async.createTask(sleeper(LONG));
            Async.sleep(Duration.ZERO);
            task.cancel("my message");
            while (!task.done()) {
                Async.sleep(Duration.ZERO);
            }
            return task.result();
        }));
        assertThat(thrown).isInstanceOf(CancellationException.class).hasMessage("my message");
    }

    @Test
    void cancelWithMessageThenFutureException() {
        Throwable thrown = catchThrowable(() -> run(() -> {
            Task<Object> task = Async.createTask(sleeper(LONG));
            Async.sleep(Duration.ZERO);
            task.cancel("my message");
            while (!task.done()) {
                Async.sleep(Duration.ZERO);
            }
            return task.exception();
        }));
        assertThat(thrown).isInstanceOf(CancellationException.class).hasMessage("my message");
    }

    @Test
    void cancelWithMessageBeforeStartingTask() {
        Throwable thrown = catchThrowable(() -> run(() -> {
            Task<Object> task = Async.createTask(sleeper(LONG));
            task.cancel("my message"); // deliberately before it starts
            return task.await();
        }));
        assertThat(thrown).isInstanceOf(CancellationException.class).hasMessage("my message");
    }

    @Test
    void cancelYield() {
        Task<Integer> t = loop.createTask(() -> {
            Async.sleep(Duration.ZERO);
            Async.sleep(Duration.ZERO);
            return 12;
        });
        runOneIteration(); // start the coroutine
        t.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.done()).isTrue();
        assertThat(t.cancelled()).isTrue();
        assertThat(t.cancel()).isFalse();
    }

    @Test
    void cancelInnerFuture() {
        Future<Object> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            f.await();
            return 12;
        });
        runOneIteration();
        f.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(f.cancelled()).isTrue();
        assertThat(t.cancelled()).isTrue();
    }

    @Test
    void cancelBothTaskAndInnerFuture() {
        Future<Object> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            f.await();
            return 12;
        });
        runOneIteration();
        f.cancel();
        t.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.done()).isTrue();
        assertThat(f.cancelled()).isTrue();
        assertThat(t.cancelled()).isTrue();
    }

    @Test
    void cancelTaskCatching() {
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            fut1.await();
            try {
                fut2.await();
            } catch (CancellationException e) {
                return 42;
            }
            return 0;
        });
        runOneIteration();
        fut1.setResult(null);
        runOneIteration(); // now waiting for fut2
        t.cancel();
        assertThat(fut2.cancelled()).as("cancel() cancels the awaited future at once").isTrue();
        assertThat(loop.runUntilComplete(t)).isEqualTo(42);
        assertThat(t.cancelled()).isFalse();
    }

    @Test
    void cancelTaskIgnoring() {
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = loop.createFuture();
        Future<Integer> fut3 = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            fut1.await();
            try {
                fut2.await();
            } catch (CancellationException ignored) {
                // go on
            }
            return fut3.await();
        });
        runOneIteration();
        fut1.setResult(null);
        runOneIteration();
        t.cancel();
        assertThat(fut2.cancelled()).isTrue();
        runOneIteration(); // now waiting for fut3
        fut3.setResult(42);
        assertThat(loop.runUntilComplete(t)).isEqualTo(42);
        assertThat(fut3.cancelled()).isFalse();
        assertThat(t.cancelled()).isFalse();
    }

    @Test
    void cancelCurrentTask() {
        double t0 = loop.time();
        Task<Integer> t = loop.createTask(() -> {
            Async.currentTask().cancel();
            Async.sleep(Duration.ofSeconds(100)); // cancelled at once
            return 12;
        });
        assertThat(t.cancelled()).isFalse();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.done()).isTrue();
        assertThat(t.cancelled()).isTrue();
        assertThat(t.cancel()).isFalse();
        assertThat(loop.time() - t0).isLessThan(1.0);
    }

    @Test
    void selfCancellationIsThrownByTheNextAwaitAndCanBeCaught() {
        Task<String> t = loop.createTask(() -> {
            Async.currentTask().cancel("self");
            Throwable thrown = catchThrowable(() -> Async.sleep(Duration.ZERO));
            return thrown.getClass().getSimpleName() + ":" + thrown.getMessage();
        });
        assertThat(loop.runUntilComplete(t)).isEqualTo("CancellationException:self");
        assertThat(t.cancelled()).isFalse();
    }

    @Test
    void cancelAtEnd() {
        Task<Integer> t = loop.createTask(() -> {
            Async.currentTask().cancel();
            return 12; // the coroutine ends right after the task is cancelled
        });
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        assertThat(t.done()).isTrue();
        assertThat(t.cancelled()).isTrue();
        assertThat(t.cancel()).isFalse();
    }

    @Test
    void cancelAwaitedTask() {
        Future<Object> fut = loop.createFuture();
        AtomicReference<Task<Object>> nested = new AtomicReference<>();
        Task<Object> task = loop.createTask(() -> {
            nested.set(Async.createTask(fut::await));
            Async.sleep(Duration.ZERO);
            Async.currentTask().cancel();
            return nested.get().await(); // the nested task is cancelled at once
        });
        assertThatThrownBy(() -> loop.runUntilComplete(task)).isInstanceOf(CancellationException.class);
        assertThat(task.cancelled()).isTrue();
        assertThat(nested.get().cancelled()).isTrue();
        assertThat(fut.cancelled()).isTrue();
    }

    @Test
    void taskCancelWaiterFuture() {
        Future<Object> fut = loop.createFuture();
        Task<Object> task = loop.createTask(fut::await);
        runOneIteration();
        task.cancel();
        runOneIteration();
        assertThatThrownBy(() -> loop.runUntilComplete(task)).isInstanceOf(CancellationException.class);
        assertThat(fut.cancelled()).isTrue();
    }

    @Test
    void cancelMessageOfASuspendedTaskReachesItsAwaiter() {
        Future<Object> fut = loop.createFuture();
        Task<Object> inner = loop.createTask(fut::await);
        Task<Throwable> awaiter = loop.createTask(() -> catchThrowable(inner::await));
        runOneIteration();
        inner.cancel("shutting down");
        assertThat(fut.cancelled()).isTrue();
        assertThat(loop.runUntilComplete(awaiter))
                .isInstanceOf(CancellationException.class).hasMessage("shutting down");
        assertThat(inner.cancelled()).isTrue();
    }

    @Test
    void yieldFuturePassesCancel() {
        AtomicInteger proof = new AtomicInteger();
        Future<Object> waiter = loop.createFuture();
        Coroutine<Object> inner = () -> {
            try {
                waiter.await();
            } catch (CancellationException e) {
                proof.addAndGet(1);
                throw e;
            }
            return fail("got past the await in inner");
        };
        Task<Object> f = loop.createTask(() -> {
            try {
                inner.await();
            } catch (CancellationException e) {
                proof.addAndGet(100); // expect this path
                return null;
            }
            proof.addAndGet(10);
            return null;
        });
        runOneIteration();
        f.cancel();
        loop.runUntilComplete(f);
        assertThat(proof).hasValue(101);
        assertThat(waiter.cancelled()).isTrue();
    }

    // ------------------------------------------------------------------ more of test_tasks.py

    @Test
    void cancellationExceptionContext() {
        // CPython test_tasks: test_cancellation_exception_context: the cancellation an awaiter catches carries the
        // message, and can be the cause of what it throws instead
        Future<Object> started = loop.createFuture();
        Task<Object> outer = loop.createTask(() -> {
            Task<Object> inner = Async.createTask(() -> {
                started.setResult(null);
                Async.sleep(LONG);
                return null;
            });
            started.await();
            loop.callSoon(() -> inner.cancel("msg"));
            try {
                inner.await();
            } catch (CancellationException ex) {
                throw new IllegalStateException("cancelled", ex);
            }
            return null;
        });
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(outer));
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("cancelled");
        assertThat(thrown.getCause()).isInstanceOf(CancellationException.class).hasMessage("msg");
        assertThat(outer.cancelled()).isFalse();
    }

    @Test
    void cancelTracebackForFutureResult() {
        // CPython test_tasks: test_cancel_traceback_for_future_result: the cancellation an awaiter gets leads
        // back (through its causes) to the await that was interrupted inside the cancelled task
        Task<Object> outer = loop.createTask(() -> {
            Task<Object> nested = Async.createTask(() -> {
                interruptedHere();
                return null;
            });
            Async.sleep(Duration.ZERO);
            nested.cancel();
            return nested.await();
        });
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(outer));
        assertThat(thrown).isInstanceOf(CancellationException.class);
        assertThat(stackTraceWithCauses(thrown)).contains("interruptedHere");
    }

    @Test
    void cancelTracebackForFutureException() {
        // CPython test_tasks: test_cancel_traceback_for_future_exception
        Task<Object> outer = loop.createTask(() -> {
            Task<Object> nested = Async.createTask(() -> {
                interruptedHere();
                return null;
            });
            Async.sleep(Duration.ZERO);
            nested.cancel();
            Async.wait(java.util.List.of(nested));
            return nested.exception();
        });
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(outer));
        assertThat(thrown).isInstanceOf(CancellationException.class);
        assertThat(stackTraceWithCauses(thrown)).contains("interruptedHere");
    }

    private static void interruptedHere() {
        Async.sleep(LONG);
    }

    private static String stackTraceWithCauses(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void baseexceptionDuringCancel() {
        // CPython test_tasks: test_baseexception_during_cancel (SystemExit -> an Error): what the body throws while
        // handling its cancellation is the task's outcome; the task is not cancelled
        Error baseExc = new Error("system exit");
        Task<Object> task = loop.createTask(() -> {
            try {
                Async.sleep(LONG);
            } catch (CancellationException e) {
                throw baseExc;
            }
            return null;
        });
        runOneIteration();
        task.cancel();
        assertThat(task.done()).isFalse();
        assertThat(catchThrowable(() -> loop.runUntilComplete(task))).isSameAs(baseExc);
        assertThat(task.done()).isTrue();
        assertThat(task.cancelled()).isFalse();
        assertThat(task.exception()).isSameAs(baseExc);
    }

    @Test
    void uncancelStructuredBlocks() {
        // CPython test_tasks: test_uncancel_structured_blocks: a hand-made timeout around a structured block, with
        // cancel()/uncancel() as asyncio.timeout uses them
        String[] timedOutRun = makeRequestWithTimeout(LONG, Duration.ofMillis(100));
        assertThat(timedOutRun).containsExactly("timed out", "block cancelled", "outer code reached", "cancelling 0");

        String[] fastRun = makeRequestWithTimeout(Duration.ZERO, LONG);
        assertThat(fastRun).containsExactly("in time", "block finished", "outer code reached", "cancelling 0");
    }

    private String[] makeRequestWithTimeout(Duration sleep, Duration timeout) {
        return run(() -> {
            Task<?> task = Async.currentTask();
            boolean[] timedOut = {false};
            boolean blockFinished = false;
            TimerHandle handle = loop.callLater(timeout, () -> {
                timedOut[0] = true;
                task.cancel();
            });
            try {
                try {
                    Async.sleep(sleep); // the structured block the timeout applies to
                    blockFinished = true;
                } finally {
                    handle.cancel();
                }
            } catch (CancellationException e) {
                if (!(timedOut[0] && task.uncancel() == 0)) {
                    throw e; // not ours, or an outer cancellation is still pending
                }
            }
            Async.sleep(Duration.ZERO); // outer code, not affected by the timeout
            return new String[] {timedOut[0] ? "timed out" : "in time",
                    blockFinished ? "block finished" : "block cancelled", "outer code reached",
                    "cancelling " + task.cancelling()};
        });
    }

    @Test
    void caughtCancellationLeavesTheCountOfRequests() {
        // tasks.py: cancelling() counts requests until uncancel(); a body that catches the cancellation and returns
        // finishes normally with its count still 1
        Future<Object> fut = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            try {
                fut.await();
            } catch (CancellationException e) {
                return 42;
            }
            return 0;
        });
        runOneIteration();
        t.cancel();
        assertThat(loop.runUntilComplete(t)).isEqualTo(42);
        assertThat(t.cancelled()).isFalse();
        assertThat(t.cancelling()).isEqualTo(1);
    }

    @Test
    void oneUncancelOfTwoRequestsStillDeliversTheCancellation() {
        // tasks.py uncancel(): only when the count drops to zero is a pending cancellation withdrawn
        Task<String> t = loop.createTask(() -> {
            Task<?> self = Async.currentTask();
            self.cancel("first");
            self.cancel("second");
            assertThat(self.uncancel()).isEqualTo(1);
            Throwable thrown = catchThrowable(() -> Async.sleep(Duration.ZERO));
            return thrown == null ? "not cancelled" : thrown.getMessage();
        });
        assertThat(loop.runUntilComplete(t)).isEqualTo("second");
        assertThat(t.cancelling()).isEqualTo(1);
    }

    @Test
    void cancelAfterTheAwaitedFutureCompletedIsThrownAtResumption() {
        // tasks.py: the awaited future is done but the task has not resumed yet, so cancel() cannot cancel it and
        // sets _must_cancel instead: the await throws the cancellation although the future has a result
        Future<String> fut = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            try {
                return fut.await();
            } catch (CancellationException e) {
                return "cancelled: " + e.getMessage();
            }
        });
        runOneIteration();
        fut.setResult("value");
        assertThat(t.cancel("late")).isTrue();
        assertThat(fut.cancelled()).isFalse();
        assertThat(loop.runUntilComplete(t)).isEqualTo("cancelled: late");
    }

    @Test
    void cancelForwardedToAnAwaitedTaskThatSwallowsItLetsTheAwaiterGoOn() {
        // tasks.py Task.cancel(): when the awaited future (here a task) accepts cancel(), nothing more is done to
        // the awaiter; if that task swallows the cancellation and returns, the awaiter resumes with its result
        Future<Object> gate = loop.createFuture();
        AtomicReference<Task<Integer>> inner = new AtomicReference<>();
        Task<Integer> outer = loop.createTask(() -> {
            inner.set(Async.createTask(() -> {
                try {
                    gate.await();
                } catch (CancellationException swallowed) {
                    return 42;
                }
                return 0;
            }));
            return inner.get().await() + 1;
        });
        runIterations(2); // both suspended
        assertThat(outer.cancel()).isTrue();
        assertThat(gate.cancelled()).isTrue();
        assertThat(loop.runUntilComplete(outer)).isEqualTo(43);
        assertThat(outer.cancelled()).isFalse();
        assertThat(outer.cancelling()).as("the request is still counted").isEqualTo(1);
        assertThat(inner.get().cancelled()).isFalse();
    }

    @Test
    void cancelMessagePassesThroughAChainOfAwaitingTasks() {
        // tasks.py: cancel(msg) of the outermost task reaches the innermost await, and every level sees the message
        Future<Object> gate = loop.createFuture();
        java.util.List<String> log = new java.util.ArrayList<>();
        Task<Object> outer = loop.createTask(() -> {
            Task<Object> middle = Async.createTask(() -> {
                Task<Object> innermost = Async.createTask(() -> {
                    try {
                        return gate.await();
                    } catch (CancellationException e) {
                        log.add("innermost: " + e.getMessage());
                        throw e;
                    }
                });
                try {
                    return innermost.await();
                } catch (CancellationException e) {
                    log.add("middle: " + e.getMessage());
                    throw e;
                }
            });
            return middle.await();
        });
        runIterations(3);
        outer.cancel("stop");
        assertThatThrownBy(() -> loop.runUntilComplete(outer)).isInstanceOf(CancellationException.class)
                .hasMessage("stop");
        assertThat(log).containsExactly("innermost: stop", "middle: stop");
        assertThat(gate.cancelled()).isTrue();
    }

    @Test
    void uncancelBeforeTheFirstStepLetsTheBodyRun() {
        // tasks.py: cancel() of a task not started yet sets _must_cancel; uncancel() to zero clears it, so the first
        // step runs the body normally
        AtomicBoolean ran = new AtomicBoolean();
        Task<String> t = loop.createTask(() -> {
            ran.set(true);
            return "ran";
        });
        assertThat(t.cancel("never mind")).isTrue();
        assertThat(t.uncancel()).isZero();
        assertThat(loop.runUntilComplete(t)).isEqualTo("ran");
        assertThat(ran).isTrue();
        assertThat(t.cancelled()).isFalse();
    }

    @Test
    void cancelFromADoneCallbackOfTheAwaitedFuture() {
        // CPython test_tasks: test_cancel_gather_1's pattern with a plain task: the task is woken by the future, and
        // a done callback of that future (run first, in registration order) cancels it before it resumes
        Future<Integer> fut = loop.createFuture();
        AtomicReference<Boolean> cancelResult = new AtomicReference<>();
        AtomicReference<Task<Integer>> task = new AtomicReference<>();
        fut.addDoneCallback(f -> cancelResult.set(task.get().cancel()));
        task.set(loop.createTask(fut::await));
        runOneIteration();
        fut.setResult(42);
        assertThatThrownBy(() -> loop.runUntilComplete(task.get())).isInstanceOf(CancellationException.class);
        assertThat(cancelResult.get()).as("the task was still pending").isTrue();
        assertThat(task.get().cancelled()).isTrue();
    }

    @Test
    void cancelMessageReachesATaskYieldingWithSleepZero() {
        // CPython test_tasks: test_cancel_yield, with a message: a task suspended in sleep(0) waits on no future,
        // so the cancellation is delivered when it resumes
        Task<Integer> t = loop.createTask(() -> {
            Async.sleep(Duration.ZERO);
            Async.sleep(Duration.ZERO);
            return 12;
        });
        runOneIteration();
        assertThat(t.cancel("yielding")).isTrue();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class)
                .hasMessage("yielding");
        assertThat(t).hasToString("Task[name=" + t.getName() + ", CANCELLED message=yielding]");
    }

    @Test
    void secondCancelBeforeTheTaskResumesThrowsItsOwnMessage() {
        // tasks.py: the first cancel() cancels the awaited future; a second one before the task resumes finds that
        // future done, so it sets _must_cancel with its message, and __step throws that one
        Future<Object> fut = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            try {
                fut.await();
                return "not cancelled";
            } catch (CancellationException e) {
                return e.getMessage();
            }
        });
        runOneIteration();
        assertThat(t.cancel("first")).isTrue();
        assertThat(t.cancel("second")).isTrue();
        assertThat(t.cancelling()).isEqualTo(2);
        assertThat(catchThrowable(fut::result)).hasMessage("first");
        assertThat(loop.runUntilComplete(t)).isEqualTo("second");
    }

    @Test
    void stopWhileRunInComplete() {
        AtomicInteger x = new AtomicInteger();
        double t0 = loop.time();
        Task<Object> t = loop.createTask(() -> {
            while (x.get() < 10) {
                Async.sleep(Duration.ofMillis(100));
                if (x.incrementAndGet() == 2) {
                    loop.stop();
                }
            }
            return null;
        });
        assertThatThrownBy(() -> loop.runUntilComplete(t))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped before");
        assertThat(t.done()).isFalse();
        assertThat(x).hasValue(2);
        assertThat(loop.time() - t0).isCloseTo(0.2, within(1e-6));

        t.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
    }
}
