package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Timeout}, {@code Async.timeout}, {@code Async.timeoutAt}: ports of CPython's
 * {@code Lib/test/test_asyncio/test_timeouts.py}, plus the Java rules ({@link Timeout#run} instead of
 * {@code async with}, {@link Double#POSITIVE_INFINITY} instead of {@code None}) and the cancellation bookkeeping
 * corner cases.
 */
abstract class TimeoutsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends TimeoutsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends TimeoutsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final Duration LONG = Duration.ofSeconds(10);

    private static Object sleep(Duration d) {
        Async.sleep(d);
        return null;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    /** Makes the loop's clock jump, as a CPU-bound stretch of code would (asyncio tests use time.sleep). */
    private void busy(Duration d) {
        ((LoopClock.Virtual) loop.clock).advance(d.toNanos());
    }

    @Test
    void timeoutBasic() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThatThrownBy(() -> cm.run(() -> sleep(LONG))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            return null;
        });
    }

    @Test
    void timeoutAtBasic() {
        run(() -> {
            double deadline = loop.time() + 0.01;
            Timeout cm = Async.timeoutAt(deadline);
            assertThatThrownBy(() -> cm.run(() -> sleep(LONG))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isEqualTo(deadline);
            return null;
        });
    }

    @Test
    void nestedTimeouts() {
        run(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            double deadline = loop.time() + 0.01;
            Timeout cm1 = Async.timeoutAt(deadline);
            Timeout cm2 = Async.timeoutAt(deadline);
            // Only the outermost scope raises AsyncTimeoutException.
            assertThatThrownBy(() -> cm1.run(() -> {
                try {
                    return cm2.run(() -> sleep(LONG));
                } catch (CancellationException e) {
                    cancelled.set(true);
                    throw e;
                }
            })).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cancelled).isTrue();
            assertThat(cm1.expired()).isTrue();
            assertThat(cm2.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).isZero();
            return null;
        });
    }

    @Test
    void waiterCancelled() {
        run(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(10)).run(() -> {
                try {
                    return sleep(LONG);
                } catch (CancellationException e) {
                    cancelled.set(true);
                    throw e;
                }
            })).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cancelled).isTrue();
            return null;
        });
    }

    @Test
    void timeoutNotCalled() {
        run(() -> {
            Timeout cm = Async.timeout(LONG);
            cm.run(() -> sleep(Duration.ofMillis(10)));
            double t1 = loop.time();
            assertThat(cm.expired()).isFalse();
            assertThat(cm.when()).isGreaterThan(t1);
            return null;
        });
    }

    @Test
    void timeoutDisabled() {
        run(() -> {
            Timeout cm = Async.timeoutAt(Double.POSITIVE_INFINITY);
            cm.run(() -> sleep(Duration.ofMillis(10)));
            assertThat(cm.expired()).isFalse();
            assertThat(cm.when()).isEqualTo(Double.POSITIVE_INFINITY);
            return null;
        });
    }

    @Test
    void timeoutZero() {
        run(() -> {
            double t0 = loop.time();
            Timeout cm = Async.timeout(Duration.ZERO);
            assertThatThrownBy(() -> cm.run(() -> sleep(LONG))).isInstanceOf(AsyncTimeoutException.class);
            double t1 = loop.time();
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isBetween(t0, t1);
            assertThat(t1 - t0).as("no sleeping").isLessThan(1.0);
            return null;
        });
    }

    @Test
    void timeoutZeroSleepZero() {
        run(() -> {
            double t0 = loop.time();
            Timeout cm = Async.timeout(Duration.ZERO);
            assertThatThrownBy(() -> cm.run(() -> sleep(Duration.ZERO))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isBetween(t0, loop.time());
            return null;
        });
    }

    @Test
    void timeoutInThePastSleepZero() {
        run(() -> {
            double t0 = loop.time();
            Timeout cm = Async.timeout(Duration.ofSeconds(-11));
            assertThatThrownBy(() -> cm.run(() -> sleep(Duration.ZERO))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isLessThanOrEqualTo(t0 - 11 + 1e-9);
            return null;
        });
    }

    @Test
    void foreignExceptionPassed() {
        run(() -> {
            Boom exc = new Boom("key error");
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThat(catchThrowable(() -> cm.run(() -> {
                throw exc;
            }))).isSameAs(exc);
            assertThat(cm.expired()).isFalse();
            return null;
        });
    }

    @Test
    void foreignExceptionOnTimeout() {
        run(() -> {
            Boom exc = new Boom("division by zero");
            Coroutine<Object> crash = () -> {
                try {
                    return sleep(Duration.ofSeconds(1));
                } finally {
                    throw exc;
                }
            };
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThat(catchThrowable(() -> cm.run(crash))).isSameAs(exc);
            assertThat(cm.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).as("the expiry's cancellation was withdrawn").isZero();
            return null;
        });
    }

    @Test
    void foreignCancelDoesntTimeoutIfNotExpired() {
        Timeout[] cm = new Timeout[1];
        Task<Object> task = loop.createTask(() -> {
            cm[0] = Async.timeout(LONG);
            return cm[0].run(() -> {
                Async.currentTask().cancel();
                return sleep(LONG);
            });
        });
        assertThatThrownBy(() -> loop.runUntilComplete(task)).isExactlyInstanceOf(CancellationException.class);
        assertThat(cm[0].expired()).isFalse();
        assertThat(task.cancelled()).isTrue();
    }

    @Test
    void outerTaskIsNotCancelled() {
        Task<Object> task = loop.createTask(() -> {
            assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(1)).run(() -> sleep(LONG)))
                    .isInstanceOf(AsyncTimeoutException.class);
            return "done";
        });
        assertThat(loop.runUntilComplete(task)).isEqualTo("done");
        assertThat(task.cancelled()).isFalse();
        assertThat(task.done()).isTrue();
    }

    @Test
    void nestedTimeoutsConcurrent() {
        run(() -> {
            assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(2)).run(() -> {
                // The inner scope has not expired: the outer one's cancellation passes through it.
                assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(100)).run(() -> {
                    busy(Duration.ofMillis(10)); // pretend we crunch some numbers
                    return sleep(Duration.ofSeconds(1));
                })).isExactlyInstanceOf(CancellationException.class);
                throw new CancellationException("passed on");
            })).isInstanceOf(AsyncTimeoutException.class);
            return null;
        });
    }

    @Test
    void nestedTimeoutsLoopBusy() {
        run(() -> {
            double t0 = loop.time();
            AtomicReference<Throwable> inner = new AtomicReference<>();
            assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(100)).run(() -> { // (1)
                try {
                    Async.timeout(Duration.ofMillis(10)).run(() -> { // (2)
                        busy(Duration.ofMillis(100)); // both deadlines pass before the next await
                        return sleep(Duration.ofSeconds(1));
                    });
                } catch (RuntimeException e) {
                    inner.set(e);
                    throw e;
                }
                return sleep(LONG); // this sleep should be interrupted by (1)
            })).isInstanceOf(AsyncTimeoutException.class);
            assertThat(inner.get()).as("(2) expired too, but lets (1)'s cancellation through")
                    .isExactlyInstanceOf(CancellationException.class);
            assertThat(loop.time() - t0).isLessThan(1.0);
            return null;
        });
    }

    @Test
    void reschedule() {
        double deadline1 = loop.time() + 10;
        double deadline2 = deadline1 + 20;
        Future<Timeout> fut = loop.createFuture();
        Task<Object> task = loop.createTask(() -> {
            Timeout cm = Async.timeoutAt(deadline1);
            return cm.run(() -> {
                fut.setResult(cm);
                return sleep(Duration.ofSeconds(50));
            });
        });
        Timeout cm = run(fut::await);
        assertThat(cm.when()).isEqualTo(deadline1);
        cm.reschedule(deadline2);
        assertThat(cm.when()).isEqualTo(deadline2);
        cm.reschedule(Double.POSITIVE_INFINITY);
        assertThat(cm.when()).isEqualTo(Double.POSITIVE_INFINITY);
        task.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(task)).isExactlyInstanceOf(CancellationException.class);
        assertThat(cm.expired()).isFalse();
    }

    @Test
    void rescheduleIntoThePastExpiresAtTheNextIteration() {
        run(() -> {
            Timeout cm = Async.timeout(LONG);
            double t0 = loop.time();
            assertThatThrownBy(() -> cm.run(() -> {
                cm.reschedule(loop.time() - 5);
                return sleep(LONG);
            })).isInstanceOf(AsyncTimeoutException.class);
            assertThat(loop.time() - t0).isLessThan(1.0);
            return null;
        });
    }

    @Test
    void rescheduleLaterKeepsTheBlockRunning() {
        String result = run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            return cm.run(() -> {
                cm.reschedule(loop.time() + 1);
                Async.sleep(Duration.ofMillis(500));
                return "in time";
            });
        });
        assertThat(result).isEqualTo("in time");
    }

    @Test
    void reprActive() {
        run(() -> {
            Timeout cm = Async.timeout(LONG);
            assertThat(cm.toString()).isEqualTo("Timeout[created]");
            cm.run(() -> {
                assertThat(cm.toString()).matches("Timeout\\[active, when=\\d+\\.\\d{3}]");
                return null;
            });
            return null;
        });
    }

    @Test
    void reprExpired() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThatThrownBy(() -> cm.run(() -> sleep(LONG))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm).hasToString("Timeout[expired]");
            assertThat(cm.state()).isEqualTo(Timeout.State.EXPIRED);
            return null;
        });
    }

    @Test
    void reprExpiring() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            cm.run(() -> {
                try {
                    sleep(LONG);
                } catch (CancellationException e) {
                    assertThat(cm).hasToString("Timeout[expiring]");
                    assertThat(cm.expired()).isTrue();
                }
                return null;
            });
            return null;
        });
    }

    @Test
    void reprFinished() {
        run(() -> {
            Timeout cm = Async.timeout(LONG);
            cm.run(() -> sleep(Duration.ZERO));
            assertThat(cm).hasToString("Timeout[finished]");
            assertThat(cm.state()).isEqualTo(Timeout.State.EXITED);
            return null;
        });
    }

    @Test
    void reprDisabled() {
        run(() -> {
            Timeout cm = Async.timeoutAt(Double.POSITIVE_INFINITY);
            return cm.run(() -> {
                assertThat(cm).hasToString("Timeout[active, when=never]");
                return null;
            });
        });
    }

    @Test
    void nestedTimeoutInFinally() {
        run(() -> {
            assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(10)).run(() -> {
                try {
                    return sleep(Duration.ofSeconds(1));
                } finally {
                    assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(10)).run(() -> sleep(LONG)))
                            .isInstanceOf(AsyncTimeoutException.class);
                }
            })).isInstanceOf(AsyncTimeoutException.class);
            return null;
        });
    }

    @Test
    void timeoutAfterCancellation() {
        run(() -> {
            try {
                Async.currentTask().cancel();
                Async.sleep(Duration.ofSeconds(1)); // work which will be cancelled
            } catch (CancellationException e) {
                // handled, but not uncancelled: cancelling() stays 1
            } finally {
                assertThatThrownBy(() -> Async.timeout(Duration.ZERO).run(() -> sleep(Duration.ofSeconds(1))))
                        .isInstanceOf(AsyncTimeoutException.class);
            }
            assertThat(Async.currentTask().cancelling()).isEqualTo(1);
            Async.currentTask().uncancel();
            return null;
        });
    }

    @Test
    void cancelInTimeoutAfterCancellation() {
        run(() -> {
            try {
                Async.currentTask().cancel();
                Async.sleep(Duration.ofSeconds(1));
            } catch (CancellationException e) {
                // handled
            } finally {
                assertThatThrownBy(() -> Async.timeout(Duration.ofSeconds(1)).run(() -> {
                    Async.currentTask().cancel();
                    return sleep(Duration.ofSeconds(2));
                })).isExactlyInstanceOf(CancellationException.class);
            }
            Async.currentTask().uncancel();
            Async.currentTask().uncancel();
            return null;
        });
    }

    @Test
    void timeoutExceptionCause() {
        Throwable thrown = run(() -> catchThrowable(() -> Async.timeout(Duration.ZERO)
                .run(() -> sleep(Duration.ofSeconds(1)))));
        assertThat(thrown).isInstanceOf(AsyncTimeoutException.class)
                .hasCauseExactlyInstanceOf(CancellationException.class);
    }

    @Test
    void timeoutAlreadyEntered() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            return cm.run(() -> {
                assertThatThrownBy(() -> cm.run(() -> null)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("has already been entered");
                return null;
            });
        });
    }

    @Test
    void timeoutDoubleEnter() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            cm.run(() -> null);
            assertThatThrownBy(() -> cm.run(() -> null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has already been entered");
            return null;
        });
    }

    @Test
    void timeoutFinished() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            cm.run(() -> null);
            assertThatThrownBy(() -> cm.reschedule(loop.time() + 0.02)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("finished");
            return null;
        });
    }

    @Test
    void timeoutNotEntered() {
        Timeout cm = run(() -> Async.timeout(Duration.ofMillis(10)));
        assertThatThrownBy(() -> cm.reschedule(0.02)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not been entered");
    }

    @Test
    void timeoutWithoutTask() {
        Timeout cm = Async.timeoutAt(loop.time() + 0.01);
        assertThatThrownBy(() -> cm.run(() -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task");
        assertThatThrownBy(() -> cm.reschedule(0.02)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not been entered");
        assertThatThrownBy(() -> Async.timeout(LONG)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Async.timeout()");
    }

    // ------------------------------------------------------------------ cancellation bookkeeping

    @Test
    void handledTimeoutLeavesNoCancellationBehind() {
        String result = run(() -> {
            assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(1)).run(() -> sleep(LONG)))
                    .isInstanceOf(AsyncTimeoutException.class);
            assertThat(Async.currentTask().cancelling()).isZero();
            Async.sleep(Duration.ofMillis(5)); // would throw if a cancellation were left pending
            return "went on";
        });
        assertThat(result).isEqualTo("went on");
    }

    @Test
    void valueOfABodyThatSwallowsTheCancellationIsReturned() {
        String result = run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            String value = cm.run(() -> {
                try {
                    Async.sleep(LONG);
                    return "slept";
                } catch (CancellationException e) {
                    return "swallowed";
                }
            });
            assertThat(cm.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).isZero();
            Async.sleep(Duration.ofMillis(5));
            return value;
        });
        assertThat(result).isEqualTo("swallowed");
    }

    @Test
    void deadlinePassingWithoutAnAwaitDoesNotInterruptTheBody() {
        // Expiry is a callback: it runs only when the task yields to the loop.
        String result = run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            String value = cm.run(() -> {
                busy(Duration.ofMillis(20));
                return "finished";
            });
            assertThat(cm.expired()).isFalse();
            Async.sleep(Duration.ofMillis(5)); // the dropped timer cancels nothing later
            return value;
        });
        assertThat(result).isEqualTo("finished");
    }

    @Test
    void expiryInTheIterationThatCompletesTheAwaitedFutureStillTimesOut() {
        // The future completes first and the deadline passes in the same iteration: the task is already
        // scheduled to resume, so the cancellation is delivered when it does (asyncio's must_cancel).
        run(() -> {
            Future<String> ready = Async.getRunningLoop().createFuture();
            // Half a microsecond apart: due in the same iteration (clock resolution 1 us), the future first.
            Async.getRunningLoop().callLater(Duration.ofNanos(10_000_000 - 500), () -> ready.setResult("value"));
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThatThrownBy(() -> cm.run(ready::await)).isInstanceOf(AsyncTimeoutException.class);
            assertThat(ready.result()).isEqualTo("value");
            assertThat(Async.currentTask().cancelling()).isZero();
            Async.sleep(Duration.ofMillis(5));
            return null;
        });
    }

    @Test
    void outsideCancellationDuringAnExpiredScopeStaysACancellation() {
        Task<Object> task = loop.createTask(() -> Async.timeout(Duration.ofMillis(10)).run(() -> {
            try {
                return sleep(LONG);
            } catch (CancellationException expired) {
                return sleep(Duration.ofMillis(50)); // cleanup, cancelled again from outside
            }
        }));
        loop.callLater(Duration.ofMillis(20), () -> task.cancel("outside"));
        assertThat(catchThrowable(() -> loop.runUntilComplete(task))).isExactlyInstanceOf(CancellationException.class)
                .hasMessage("outside");
        assertThat(task.cancelled()).isTrue();
    }

    @Test
    void checkedExceptionOfTheBodyIsWrapped() {
        CheckedBoom exc = new CheckedBoom("checked");
        Throwable thrown = run(() -> catchThrowable(() -> Async.timeout(LONG).run(() -> {
            throw exc;
        })));
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCause(exc);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> Async.timeoutAt(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Async.timeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("delay");
        run(() -> {
            Timeout cm = Async.timeout(LONG);
            assertThatThrownBy(() -> cm.run(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("body");
            return cm.run(() -> {
                assertThatThrownBy(() -> cm.reschedule(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
                return null;
            });
        });
    }

    // CPython test_timeouts: test_timeout_at_disabled
    @Test
    void timeoutAtDisabled() {
        run(() -> {
            Timeout cm = Async.timeoutAt(Double.POSITIVE_INFINITY);
            cm.run(() -> sleep(LONG)); // would expire under any finite deadline the clock reaches
            assertThat(cm.expired()).isFalse();
            assertThat(cm.when()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(cm.state()).isEqualTo(Timeout.State.EXITED);
            return null;
        });
    }

    // CPython test_timeouts: test_timeout_expired
    @Test
    void timeoutExpired() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThatThrownBy(() -> cm.run(() -> sleep(Duration.ofSeconds(1))))
                    .isInstanceOf(AsyncTimeoutException.class);
            double when = cm.when();
            assertThatThrownBy(() -> cm.reschedule(loop.time() + 0.02)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expired");
            assertThat(cm.when()).as("a refused reschedule changes nothing").isEqualTo(when);
            return null;
        });
    }

    // CPython test_timeouts: test_timeout_expiring
    @Test
    void timeoutExpiring() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            cm.run(() -> {
                assertThatThrownBy(() -> sleep(Duration.ofSeconds(1))).isInstanceOf(CancellationException.class);
                // Expired but not yet exited: too late to push the deadline back.
                assertThatThrownBy(() -> cm.reschedule(loop.time() + 0.02)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("expiring");
                return null;
            });
            assertThat(cm.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).isZero();
            return null;
        });
    }

    // CPython test_timeouts: test_timeout_exception_context (Java has no __context__: the body's own exception,
    // replaced by the cancellation its finally block met, is gone; what comes out is the timeout, caused by it)
    @Test
    void timeoutExceptionContext() {
        Boom boom = new Boom("in the body");
        Throwable thrown = run(() -> catchThrowable(() -> Async.timeout(Duration.ofMillis(10)).run(() -> {
            try {
                throw boom;
            } finally {
                sleep(Duration.ofSeconds(1));
            }
        })));
        assertThat(thrown).isInstanceOf(AsyncTimeoutException.class)
                .hasCauseExactlyInstanceOf(CancellationException.class);
        assertThat(thrown.getCause().getCause()).isNull();
    }

    // CPython test_timeouts: test_timeout_taskgroup
    @Test
    void timeoutTaskgroup() {
        Boom crashInCleanup = new Boom("crash in cleanup");
        Throwable thrown = run(() -> catchThrowable(() -> Async.timeout(Duration.ofMillis(10)).run(() ->
                new TaskGroup().run(tg -> {
                    tg.createTask(() -> {
                        try {
                            return sleep(Duration.ofSeconds(2)); // interrupted after 10 ms
                        } finally {
                            throw crashInCleanup;
                        }
                    });
                    try {
                        throw new IllegalArgumentException("body");
                    } finally {
                        sleep(Duration.ofSeconds(1)); // cancelled by the expiry
                    }
                }))));
        // The child's failure outranks the expiry: the group's exception comes out, not a timeout.
        assertThat(thrown).isInstanceOf(TaskGroupException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(crashInCleanup);
        assertThat(run(() -> Async.currentTask().cancelling())).isZero();
    }

    // CPython test_timeouts: test_nested_timeouts with the inner deadline later than the outer one
    @Test
    void outerTimeoutExpiringFirstCancelsTheInnerScopeWithoutTimingItOut() {
        run(() -> {
            Timeout outer = Async.timeout(Duration.ofMillis(10));
            Timeout inner = Async.timeout(Duration.ofSeconds(5));
            AtomicReference<Throwable> seenInside = new AtomicReference<>();
            assertThatThrownBy(() -> outer.run(() -> {
                try {
                    return inner.run(() -> sleep(LONG));
                } catch (RuntimeException e) {
                    seenInside.set(e);
                    throw e;
                }
            })).isInstanceOf(AsyncTimeoutException.class);
            assertThat(seenInside.get()).isExactlyInstanceOf(CancellationException.class);
            assertThat(outer.expired()).isTrue();
            assertThat(inner.expired()).isFalse();
            assertThat(Async.currentTask().cancelling()).isZero();
            return null;
        });
    }

    // CPython test_timeouts: test_reschedule, with the deadline pulled in from another task
    @Test
    void rescheduleFromAnotherTaskPullsTheDeadlineIn() {
        run(() -> {
            Future<Timeout> entered = Async.getRunningLoop().createFuture();
            Task<Object> task = Async.createTask(() -> {
                Timeout cm = Async.timeout(Duration.ofSeconds(100));
                return cm.run(() -> {
                    entered.setResult(cm);
                    return sleep(Duration.ofSeconds(50));
                });
            });
            Timeout cm = entered.await();
            double t0 = loop.time();
            cm.reschedule(t0 + 1);
            assertThatThrownBy(task::await).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(loop.time()).isBetween(t0 + 1 - 1e-3, t0 + 2); // the new deadline, not the old 100 s
            return null;
        });
    }

    // CPython test_waitfor: test_wait_for_blocking (timeout=None), as the longest Duration: no overflow
    @Test
    void longestDurationNeverExpires() {
        String value = run(() -> Async.timeout(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))
                .run(() -> Async.sleep(Duration.ofSeconds(3600), "slept an hour")));
        assertThat(value).isEqualTo("slept an hour");
    }

    // CPython test_timeouts: uncancel bookkeeping (timeouts.py __aexit__): an outside cancel() and the expiry in
    // the same iteration leave cancelling() at 1 after the scope's uncancel(), so the cancellation stays one
    @Test
    void outsideCancelInTheIterationTheDeadlinePassesStaysACancellation() {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        AtomicReference<Integer> cancellingInside = new AtomicReference<>();
        Task<Object> task = loop.createTask(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            scope.set(cm);
            try {
                return cm.run(() -> sleep(LONG));
            } finally {
                cancellingInside.set(Async.currentTask().cancelling());
            }
        });
        // Registered before the task runs, so due in the same iteration as its deadline and run first.
        loop.callLater(Duration.ofMillis(10), () -> task.cancel("outside"));
        assertThat(catchThrowable(() -> loop.runUntilComplete(task))).isExactlyInstanceOf(CancellationException.class);
        assertThat(task.cancelled()).isTrue();
        assertThat(scope.get().expired()).as("the deadline did pass").isTrue();
        assertThat(cancellingInside.get()).as("the scope withdrew only its own request").isEqualTo(1);
    }

    // CPython test_timeouts: test_timeout_taskgroup without failures: the expiry cancels the group's body and
    // children, the group ends with the cancellation, and the scope turns it into the timeout
    @Test
    void expiryAroundATaskGroupCancelsItsTasksAndTimesOut() {
        AtomicReference<Task<Object>> child = new AtomicReference<>();
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            assertThatThrownBy(() -> cm.run(() -> new TaskGroup().run(tg -> {
                child.set(tg.createTask(() -> sleep(LONG)));
                return sleep(LONG);
            }))).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).isZero();
            Async.sleep(Duration.ofMillis(1)); // nothing left pending
            return null;
        });
        assertThat(child.get().cancelled()).isTrue();
    }

    // CPython test_taskgroups + test_timeouts: a timeout scope inside a group's body, cancelled by the group
    // because a sibling failed, is not expired and lets the cancellation through; the group reports the failure
    @Test
    void timeoutInsideAnAbortedGroupBodyPassesTheGroupsCancellation() {
        Boom boom = new Boom("sibling failed");
        AtomicReference<Timeout> inner = new AtomicReference<>();
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(tg -> {
            tg.createTask(() -> {
                Async.sleep(Duration.ofMillis(1));
                throw boom;
            });
            Timeout cm = Async.timeout(Duration.ofSeconds(5));
            inner.set(cm);
            return cm.run(() -> sleep(LONG));
        })));
        assertThat(thrown).isInstanceOf(TaskGroupException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
        assertThat(inner.get().expired()).isFalse();
        assertThat(run(() -> Async.currentTask().cancelling())).isZero();
    }

    // CPython test_timeouts: the scope binds to the task that enters it (timeouts.py __aenter__), not the one
    // that created it
    @Test
    void timeoutCreatedInOneTaskLimitsTheTaskThatRunsIt() {
        run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            Task<Object> other = Async.createTask(() -> cm.run(() -> sleep(LONG)));
            assertThatThrownBy(other::await).isInstanceOf(AsyncTimeoutException.class);
            assertThat(cm.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).as("the creator was not touched").isZero();
            Async.sleep(Duration.ofMillis(20));
            return null;
        });
    }

    // CPython timeouts.py + taskgroups.py (the group's "uncancel, then cancel again" for an outside
    // cancellation, and 3.13's uncancel() dropping an undelivered cancellation at zero): a timeout expiring while
    // a group waits for a slow task after a failure lets the group's exception out and leaves no cancellation
    @Test
    void expiryWhileAGroupAbortsLetsTheGroupsExceptionOutAndLeavesNoCancellation() {
        Boom boom = new Boom("child failed");
        String after = run(() -> {
            Timeout cm = Async.timeout(Duration.ofMillis(10));
            Throwable thrown = catchThrowable(() -> cm.run(() -> new TaskGroup().run(tg -> {
                tg.createTask(() -> {
                    sleep(Duration.ofMillis(5));
                    throw boom;
                });
                tg.createTask(() -> {
                    try {
                        return sleep(LONG);
                    } catch (CancellationException e) {
                        return sleep(Duration.ofMillis(20)); // slow cleanup: the deadline passes meanwhile
                    }
                });
                return null;
            })));
            assertThat(thrown).isInstanceOf(TaskGroupException.class);
            assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
            assertThat(cm.expired()).isTrue();
            assertThat(Async.currentTask().cancelling()).isZero();
            Async.sleep(Duration.ofMillis(1)); // would throw if a cancellation were still pending
            return "went on";
        });
        assertThat(after).isEqualTo("went on");
    }
}
