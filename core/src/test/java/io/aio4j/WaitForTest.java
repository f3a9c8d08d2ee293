package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code Async.waitFor}: ports of CPython's {@code Lib/test/test_asyncio/test_waitfor.py} (3.12+ semantics, built
 * on timeouts), in virtual time, plus the step order of "cancel, await the unwinding, then time out".
 */
abstract class WaitForTest extends LoopTestBase {
    static final class VirtualThreadsTest extends WaitForTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends WaitForTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** A very small timeout: it passes "timeout > 0" but costs nothing. */
    private static final Duration EPSILON = Duration.ofNanos(100_000);

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    /** Runs for a fixed time of the loop's clock, ignoring cancellation requests. */
    private static final class SlowTask {
        static final double TASK_TIMEOUT = 0.2;
        volatile boolean exited;

        Object run() {
            EventLoop loop = Async.getRunningLoop();
            double exitAt = loop.time() + TASK_TIMEOUT;
            while (true) {
                double toSleep = exitAt - loop.time();
                if (toSleep <= 0) {
                    break;
                }
                try {
                    // rounded up: a zero sleep would spin, as the virtual clock only moves when the loop idles
                    Async.sleep(Duration.ofNanos((long) Math.ceil(toSleep * 1e9)));
                } catch (CancellationException ignored) {
                    // ignore the request and go on
                }
            }
            exited = true;
            return null;
        }
    }

    @Test
    void asyncioWaitForCancelled() {
        SlowTask t = new SlowTask();
        run(() -> {
            Task<Object> waitForTask = Async.createTask(
                    () -> Async.waitFor(t::run, seconds(SlowTask.TASK_TIMEOUT * 2)));
            Async.sleep(Duration.ZERO);
            waitForTask.cancel();
            Async.wait(List.of(waitForTask));
            return null;
        });
        assertThat(t.exited).isTrue();
    }

    @Test
    void asyncioWaitForTimeout() {
        SlowTask t = new SlowTask();
        run(() -> {
            try {
                Async.waitFor(t::run, seconds(SlowTask.TASK_TIMEOUT / 2));
            } catch (AsyncTimeoutException expected) {
                // either way, the slow task has exited by now
            }
            return null;
        });
        assertThat(t.exited).isTrue();
    }

    @Test
    void waitForTimeoutLessThen0Or0FutureDone() {
        Future<String> fut = loop.createFuture();
        fut.setResult("done");
        double t0 = loop.time();
        String ret = run(() -> Async.waitFor(fut, Duration.ZERO));
        assertThat(ret).isEqualTo("done");
        assertThat(fut.done()).isTrue();
        assertThat(loop.time() - t0).isLessThan(0.1);
    }

    @Test
    void waitForTimeoutLessThen0Or0CoroutineDoNotStarted() {
        AtomicBoolean fooStarted = new AtomicBoolean();
        double t0 = loop.time();
        run(() -> {
            assertThatThrownBy(() -> Async.waitFor(() -> {
                fooStarted.set(true);
                return null;
            }, Duration.ZERO)).isInstanceOf(AsyncTimeoutException.class)
                    .hasCauseExactlyInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(fooStarted).isFalse();
        assertThat(loop.time() - t0).isLessThan(0.1);
    }

    @Test
    void waitForTimeoutLessThen0Or0() {
        for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            AtomicReference<Boolean> fooRunning = new AtomicReference<>();
            Future<Object> started = loop.createFuture();
            Task<String> fut = loop.createTask(() -> {
                fooRunning.set(true);
                started.setResult(null);
                try {
                    Async.sleep(Duration.ofSeconds(10));
                } finally {
                    fooRunning.set(false);
                }
                return "done";
            });
            double t0 = loop.time();
            run(() -> {
                started.await();
                assertThatThrownBy(() -> Async.waitFor(fut, timeout))
                        .isInstanceOf(AsyncTimeoutException.class);
                return null;
            });
            assertThat(fut.done()).as("timeout %s", timeout).isTrue();
            assertThat(fut.cancelled()).as("cancelled due to the timeout").isTrue();
            assertThat(fooRunning.get()).isFalse();
            assertThat(loop.time() - t0).isLessThan(0.1);
        }
    }

    @Test
    void waitFor() {
        AtomicReference<Boolean> fooRunning = new AtomicReference<>();
        Task<String> fut = loop.createTask(() -> {
            fooRunning.set(true);
            try {
                Async.sleep(Duration.ofSeconds(10));
            } finally {
                fooRunning.set(false);
            }
            return "done";
        });
        double t0 = loop.time();
        run(() -> {
            assertThatThrownBy(() -> Async.waitFor(fut, seconds(0.1)))
                    .isInstanceOf(AsyncTimeoutException.class);
            return null;
        });
        assertThat(fut.done()).isTrue();
        assertThat(fut.cancelled()).isTrue();
        assertThat(loop.time() - t0).isBetween(0.1 - 1e-6, 0.5);
        assertThat(fooRunning.get()).isFalse();
    }

    @Test
    void waitForWithinTheTimeoutReturnsTheResult() {
        assertThat(run(() -> Async.waitFor(() -> "done", Duration.ofDays(1)))).isEqualTo("done");
        assertThat(run(() -> Async.waitFor(() -> Async.sleep(Duration.ofMillis(5), 7), LONG())))
                .isEqualTo(7);
    }

    private static Duration LONG() {
        return Duration.ofSeconds(60);
    }

    @Test
    void waitForRaceCondition() {
        Future<String> fut = loop.createFuture();
        loop.callLater(seconds(0.1), () -> fut.setResult("ok"));
        assertThat(run(() -> Async.waitFor(fut, seconds(0.2)))).isEqualTo("ok");
    }

    @Test
    void waitForCancellationRaceCondition() {
        Coroutine<Integer> inner = () -> {
            assertThatThrownBy(() -> Async.sleep(Duration.ofSeconds(1))).isInstanceOf(CancellationException.class);
            return 1;
        };
        assertThat(run(() -> Async.waitFor(inner, seconds(0.01)))).isEqualTo(1);
    }

    @Test
    void waitForWaitsForTaskCancellation() {
        AtomicBoolean taskDone = new AtomicBoolean();
        Throwable thrown = run(() -> {
            Task<Object> innerTask = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                } catch (CancellationException e) {
                    Async.sleep(EPSILON);
                    throw e;
                } finally {
                    taskDone.set(true);
                }
                return null;
            });
            return catchThrowable(() -> Async.waitFor(innerTask, EPSILON));
        });
        assertThat(thrown).isInstanceOf(AsyncTimeoutException.class)
                .hasCauseExactlyInstanceOf(CancellationException.class);
        assertThat(taskDone).isTrue();
    }

    @Test
    void waitForWaitsForTaskCancellationWTimeout0() {
        AtomicBoolean taskDone = new AtomicBoolean();
        Throwable thrown = run(() -> catchThrowable(() -> {
            Task<Object> innerTask = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                } catch (CancellationException e) {
                    Async.sleep(EPSILON);
                    throw e;
                } finally {
                    taskDone.set(true);
                }
                return null;
            });
            Async.sleep(EPSILON);
            Async.waitFor(innerTask, Duration.ZERO);
        }));
        assertThat(thrown).isInstanceOf(AsyncTimeoutException.class)
                .hasCauseExactlyInstanceOf(CancellationException.class);
        assertThat(taskDone).isTrue();
    }

    @Test
    void waitForReraisesExceptionDuringCancellation() {
        Boom foo = new Boom("FooException");
        Throwable thrown = run(() -> catchThrowable(() -> {
            Task<Object> innerTask = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofMillis(200));
                } finally {
                    throw foo;
                }
            });
            Async.waitFor(innerTask, EPSILON);
        }));
        assertThat(thrown).isSameAs(foo);
    }

    @Test
    void waitForReraisesExceptionDuringCancellationWTimeout0() {
        Boom foo = new Boom("FooException");
        Throwable thrown = run(() -> catchThrowable(() -> {
            Task<Object> innerTask = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofMillis(200));
                } finally {
                    throw foo;
                }
            });
            Async.sleep(Duration.ZERO);
            Async.waitFor(innerTask, Duration.ZERO);
        }));
        assertThat(thrown).isSameAs(foo);
    }

    @Test
    void waitForSelfCancellation() {
        run(() -> {
            Task<Integer> innerTask = Async.createTask(() -> {
                try {
                    Async.sleep(seconds(0.3));
                } catch (CancellationException e) {
                    try {
                        Async.sleep(seconds(0.3));
                    } catch (CancellationException e2) {
                        Async.sleep(seconds(0.3));
                    }
                }
                return 42;
            });
            // waitFor itself is cancellable even when the inner task holds up the cancellation.
            Task<Integer> task = Async.createTask(() -> Async.waitFor(innerTask, seconds(0.1)));
            task.cancel();
            assertThatThrownBy(task::await).isInstanceOf(CancellationException.class);
            assertThat(innerTask.await()).isEqualTo(42);
            return null;
        });
    }

    @Test
    void cancelWaitFor() {
        Task<Object> task = loop.createTask(() -> loop.createFuture().await()); // blocks forever
        run(() -> {
            Task<Object> wait = Async.createTask(() -> Async.waitFor(task, Duration.ofSeconds(60)));
            Async.getRunningLoop().callSoon(wait::cancel);
            assertThatThrownBy(wait::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(task.cancelled()).as("cancelling the wait cancels the task (Python issue #23219)").isTrue();
    }

    @Test
    void waitForCancelSuppressed() {
        Coroutine<Integer> return42 = () -> {
            try {
                Async.sleep(Duration.ofSeconds(10));
            } catch (CancellationException e) {
                return 42;
            }
            return 0;
        };
        assertThat(run(() -> Async.waitFor(return42, seconds(0.1)))).isEqualTo(42);
        assertThat(run(() -> Async.currentTask().cancelling())).isZero();
    }

    @Test
    void waitForCancelSuppressedByATask() {
        Integer result = run(() -> {
            Task<Integer> inner = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                } catch (CancellationException e) {
                    Async.sleep(Duration.ofMillis(5));
                    return 42;
                }
                return 0;
            });
            Integer value = Async.waitFor(inner, seconds(0.1));
            assertThat(Async.currentTask().cancelling()).isZero();
            Async.sleep(Duration.ofMillis(5)); // no stray cancellation
            return value;
        });
        assertThat(result).isEqualTo(42);
    }

    @Test
    void waitForIssue86296() {
        AtomicBoolean reachedEnd = new AtomicBoolean();
        run(() -> {
            Task<Object> task = Async.createTask(() -> {
                Async.waitFor(() -> null, Duration.ofSeconds(100));
                Async.sleep(Duration.ofSeconds(1));
                reachedEnd.set(true);
                return null;
            });
            Async.sleep(Duration.ZERO);
            assertThat(task.done()).isFalse();
            task.cancel();
            assertThatThrownBy(task::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(reachedEnd).isFalse();
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void timeoutIsRaisedOnlyAfterTheInnerWorkHasUnwound() {
        run(() -> {
            expect(1);
            Task<Object> inner = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                } catch (CancellationException e) {
                    expect(2);
                    Async.sleep(Duration.ofSeconds(1)); // a slow cleanup
                    expect(3);
                    throw e;
                }
                return null;
            });
            double t0 = Async.getRunningLoop().time();
            assertThatThrownBy(() -> Async.waitFor(inner, Duration.ofMillis(10)))
                    .isInstanceOf(AsyncTimeoutException.class);
            expect(4);
            assertThat(inner.cancelled()).isTrue();
            assertThat(Async.getRunningLoop().time() - t0).isGreaterThanOrEqualTo(1.0);
            return null;
        });
        finish(5);
    }

    @Test
    void inlineCoroutineUnwindsBeforeTheTimeout() {
        run(() -> {
            expect(1);
            assertThatThrownBy(() -> Async.waitFor(() -> {
                try {
                    return Async.sleep(Duration.ofSeconds(10), "slept");
                } finally {
                    expect(2);
                }
            }, Duration.ofMillis(10))).isInstanceOf(AsyncTimeoutException.class);
            expect(3);
            return null;
        });
        finish(4);
    }

    @Test
    void errorOfAnAwaitableThatFinishesInTimePassesAsItIs() {
        Boom exc = new Boom("failed");
        Throwable thrown = run(() -> catchThrowable(() -> Async.waitFor(() -> {
            Async.sleep(Duration.ofMillis(1));
            throw exc;
        }, Duration.ofSeconds(1))));
        assertThat(thrown).isSameAs(exc);
        Future<Object> failed = loop.createFuture();
        failed.setException(exc);
        assertThat(run(() -> catchThrowable(() -> Async.waitFor(failed, Duration.ZERO)))).isSameAs(exc);
    }

    @Test
    void checkedExceptionIsWrapped() {
        CheckedBoom exc = new CheckedBoom("checked");
        Coroutine<Object> failing = () -> {
            throw exc;
        };
        Throwable thrown = run(() -> catchThrowable(() -> Async.waitFor(failing, Duration.ofSeconds(1))));
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCause(exc);
    }

    @Test
    void outsideATaskOrWithNullIsRefused() {
        assertThatThrownBy(() -> Async.waitFor(() -> 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Async.waitFor()");
        assertThatThrownBy(() -> Async.waitFor(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("awaitable");
        assertThatThrownBy(() -> Async.waitFor(() -> 1, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
    }

    /** asyncio's {@code timeout=None}: aio4j has no null timeout, the longest Duration stands for it. */
    private static final Duration NO_LIMIT = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    // CPython test_waitfor: test_wait_for_blocking (timeout=None as the longest Duration)
    @Test
    void waitForBlocking() {
        String res = run(() -> Async.waitFor(() -> "done", NO_LIMIT));
        assertThat(res).isEqualTo("done");
        String slow = run(() -> Async.waitFor(() -> Async.sleep(Duration.ofDays(365), "a year"), NO_LIMIT));
        assertThat(slow).isEqualTo("a year");
    }

    // CPython test_waitfor: test_cancel_blocking_wait_for (timeout=None as the longest Duration)
    @Test
    void cancelBlockingWaitFor() {
        Task<Object> task = loop.createTask(() -> loop.createFuture().await()); // blocks forever
        run(() -> {
            Task<Object> wait = Async.createTask(() -> Async.waitFor(task, NO_LIMIT));
            Async.getRunningLoop().callSoon(wait::cancel);
            assertThatThrownBy(wait::await).isExactlyInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(task.cancelled()).as("cancelling the wait cancels the task (Python issue #23219)").isTrue();
    }

    // CPython test_waitfor: test_wait_for_timeout_less_then_0_or_0_future_done, with a cancelled future: the
    // done future's outcome (its cancellation) comes out as it is, not as a timeout
    @Test
    void waitForZeroTimeoutOnACancelledFutureRaisesItsCancellation() {
        Future<String> fut = loop.createFuture();
        fut.cancel("gone");
        Throwable thrown = run(() -> catchThrowable(() -> Async.waitFor(fut, Duration.ZERO)));
        assertThat(thrown).isExactlyInstanceOf(CancellationException.class).hasMessage("gone");
        assertThat(run(() -> Async.currentTask().cancelling())).isZero();
    }

    // CPython test_waitfor: test_wait_for_cancel_suppressed, with timeout=0 (the path that cancels at once):
    // a task that swallows the cancellation and returns a value gives that value, not a timeout
    @Test
    void waitForZeroTimeoutReturnsTheValueOfATaskThatSwallowsTheCancellation() {
        Integer result = run(() -> {
            Task<Integer> inner = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                } catch (CancellationException e) {
                    return 42;
                }
                return 0;
            });
            Async.sleep(Duration.ZERO); // let it start
            Integer value = Async.waitFor(inner, Duration.ZERO);
            assertThat(Async.currentTask().cancelling()).isZero();
            return value;
        });
        assertThat(result).isEqualTo(42);
    }

    // CPython test_waitfor: test_wait_for_reraises_exception_during_cancellation_w_timeout_0
    // (the timeout-0 path of _cancel_and_wait): the failure raised while unwinding wins
    @Test
    void waitForZeroTimeoutReraisesTheUnwindingFailure() {
        Boom foo = new Boom("foo");
        Throwable thrown = run(() -> catchThrowable(() -> {
            Task<Object> inner = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofMillis(200));
                } finally {
                    throw foo;
                }
            });
            Async.sleep(Duration.ZERO);
            Async.waitFor(inner, Duration.ZERO);
        }));
        assertThat(thrown).isSameAs(foo);
    }

    // CPython test_waitfor: test_wait_for_self_cancellation, on the timeout-0 path: the caller stays cancellable
    // while the awaited task ignores the cancellation, and the task goes on to its value
    @Test
    void waitForZeroTimeoutStaysCancellableWhileTheTaskIgnoresTheCancellation() {
        run(() -> {
            Task<Integer> inner = Async.createTask(() -> {
                try {
                    Async.sleep(Duration.ofMillis(300));
                } catch (CancellationException e) {
                    Async.sleep(Duration.ofMillis(300)); // ignores the request, slowly
                }
                return 42;
            });
            Async.sleep(Duration.ZERO);
            Task<Integer> waiter = Async.createTask(() -> Async.waitFor(inner, Duration.ZERO));
            Async.sleep(Duration.ZERO); // the waiter cancelled inner and waits for it to unwind
            assertThat(inner.done()).isFalse();
            waiter.cancel();
            assertThatThrownBy(waiter::await).isExactlyInstanceOf(CancellationException.class);
            assertThat(inner.done()).as("the caller's cancellation did not wait for the task").isFalse();
            assertThat(inner.await()).isEqualTo(42);
            return null;
        });
    }

    // CPython test_waitfor (3.12+ wait_for is a timeout scope): an outside cancel() in the iteration the timeout
    // expires stays a cancellation, and the awaited task is cancelled too
    @Test
    void outsideCancelInTheIterationTheTimeoutExpiresStaysACancellation() {
        Task<Object> inner = loop.createTask(() -> Async.sleep(Duration.ofSeconds(10), null));
        Task<Object> wait = loop.createTask(() -> Async.waitFor(inner, Duration.ofMillis(10)));
        loop.callLater(Duration.ofMillis(10), () -> wait.cancel("outside"));
        assertThat(catchThrowable(() -> loop.runUntilComplete(wait))).isExactlyInstanceOf(CancellationException.class);
        assertThat(wait.cancelled()).isTrue();
        assertThat(inner.cancelled()).isTrue();
    }

    // CPython 3.12 tasks.py wait_for ("async with timeout: return await fut", no task for a coroutine): the
    // coroutine runs in the caller's context, so what it sets in a ContextVar is seen after the wait; a task
    // runs in a copy, so what it sets is not
    @Test
    void coroutineRunsInTheCallersContextAndATaskInACopy() {
        ContextVar<String> var = ContextVar.named("var");
        run(() -> {
            Async.waitFor(() -> {
                var.set("set inline");
                return null;
            }, Duration.ofSeconds(1));
            assertThat(var.get(null)).isEqualTo("set inline");
            Task<Object> task = Async.createTask(() -> {
                var.set("set in a task");
                return null;
            });
            Async.waitFor(task, Duration.ofSeconds(1));
            assertThat(var.get(null)).isEqualTo("set inline");
            return null;
        });
    }
}
