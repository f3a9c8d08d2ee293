package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Condition}: ports of {@code ConditionTests} in CPython's {@code Lib/test/test_asyncio/test_locks.py}
 * ({@code notify}/{@code notify_all} are {@code signal}/{@code signalAll} here), plus the rule that a cancelled
 * wait holds the lock again before its cancellation propagates and never loses a signal.
 */
abstract class ConditionTest extends SyncTestBase {
    static final class VirtualThreadsTest extends ConditionTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ConditionTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /**
     * Runs {@code body} in the current task, cancelling it after {@code timeout} and swallowing that
     * cancellation: {@code try: async with asyncio.timeout(t): body; except TimeoutError: pass}.
     */
    private static void ignoringTimeout(Duration timeout, Runnable body) {
        Task<?> me = Async.currentTask();
        TimerHandle timer = Async.getRunningLoop().callLater(timeout, () -> me.cancel());
        try {
            body.run();
        } catch (CancellationException e) {
            if (me.uncancel() > 0) {
                throw e;
            }
        } finally {
            timer.cancel();
        }
    }

    /**
     * A task that acquires the condition, waits once, records {@code tag} and returns true; then releases the lock
     * ({@code async with cond}) if {@code release}, else keeps it, as the first cases of test_locks.py do.
     */
    private static Task<Boolean> waitAndRecord(Condition cond, List<Integer> result, int tag, boolean release) {
        return spawn(() -> {
            Held held = cond.acquire();
            try {
                if (cond.await()) {
                    result.add(tag);
                }
            } finally {
                if (release) {
                    held.close();
                }
            }
            return true;
        });
    }

    @Test
    void await() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t1 = waitAndRecord(cond, result, 1, false);
            Task<Boolean> t2 = waitAndRecord(cond, result, 2, false);
            Task<Boolean> t3 = waitAndRecord(cond, result, 3, false);
            sleep0();
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isFalse();

            assertThat(cond.acquire()).isNotNull();
            cond.signal();
            sleep0();
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isTrue();

            cond.release();
            sleep0();
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue();

            cond.signal(2);
            sleep0();
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue();

            cond.release();
            sleep0();
            assertThat(result).containsExactly(1, 2);
            assertThat(cond.locked()).isTrue();

            cond.release();
            sleep0();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(cond.locked()).isTrue();
            assertThat(List.of(t1.result(), t2.result(), t3.result())).containsExactly(true, true, true);
            return null;
        });
    }

    @Test
    void awaitCancel() {
        Condition cond = new Condition();
        runMain(() -> {
            cond.acquire();
            Task<Boolean> wait = spawn(cond::await);
            Async.getRunningLoop().callSoon(() -> wait.cancel());
            assertThatThrownBy(wait::await).isInstanceOf(CancellationException.class);
            assertThat(cond.waiterCount()).isZero();
            assertThat(cond.locked()).isTrue();
            return null;
        });
    }

    @Test
    void awaitCancelContested() {
        Condition cond = new Condition();
        runMain(() -> {
            cond.acquire();
            assertThat(cond.locked()).isTrue();
            Task<Boolean> waitTask = spawn(cond::await);
            sleep0();
            assertThat(cond.locked()).isFalse();

            // Signal, but contest the lock before cancelling.
            cond.acquire();
            assertThat(cond.locked()).isTrue();
            cond.signal();
            Async.getRunningLoop().callSoon(() -> waitTask.cancel());
            Async.getRunningLoop().callSoon(cond::release);
            catchThrowable(waitTask::await); // a cancellation may or may not arrive, as in asyncio
            assertThat(cond.locked()).isTrue();
            return null;
        });
    }

    /** bpo-32841: cancelled while re-acquiring after a signal, the waiter still ends cancelled, lock released. */
    @Test
    void awaitCancelAfterNotify() {
        Condition cond = new Condition();
        AtomicBoolean waited = new AtomicBoolean();
        runMain(() -> {
            Task<Void> waiter = spawn(() -> {
                try (var held = cond.acquire()) {
                    waited.set(true);
                    cond.await();
                }
                return null;
            });
            Async.sleep(Duration.ofSeconds(1));
            cond.acquire();
            cond.signal();
            sleep0(); // the waiter gets to re-acquiring
            waiter.cancel();
            sleep0(); // the cancellation lands in the lock wait
            cond.release();
            sleep0(); // the waiter re-acquires, then its cancellation propagates
            assertThat(waiter.cancelled()).isTrue();
            assertThat(waited).isTrue();
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    @Test
    void cancelledAwaitHoldsTheLockAgainBeforeTheCancellationPropagates() {
        Condition cond = new Condition();
        AtomicReference<Boolean> lockedInCatch = new AtomicReference<>();
        runMain(() -> {
            Task<Void> waiter = spawn(() -> {
                try (var held = cond.acquire()) {
                    try {
                        cond.await();
                    } catch (CancellationException e) {
                        lockedInCatch.set(cond.locked());
                        throw e;
                    }
                }
                return null;
            });
            sleep0();
            cond.acquire(); // hold the lock: the cancelled waiter must wait for it
            waiter.cancel("first");
            sleep0(3);
            assertThat(waiter.done()).as("waiter still re-acquiring").isFalse();
            waiter.cancel("second"); // cancelling again while it re-acquires does not stop that
            sleep0(3);
            assertThat(waiter.done()).isFalse();
            assertThat(lockedInCatch.get()).isNull();

            cond.release();
            assertThat(catchThrowable(waiter::await)).isInstanceOf(CancellationException.class)
                    .hasMessage("second");
            assertThat(lockedInCatch.get()).isTrue();
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    @Test
    void signalledWaiterCancelledBeforeItRunsPassesTheSignalOn() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> a = waitAndRecord(cond, result, 1, true);
            Task<Boolean> b = waitAndRecord(cond, result, 2, true);
            Task<Boolean> c = waitAndRecord(cond, result, 3, true);
            sleep0();
            cond.acquire();
            cond.signal(1); // picks a
            a.cancel();     // before a could run
            cond.release();
            sleep0(5);
            assertThat(a.cancelled()).isTrue();
            assertThat(result).as("b got the signal a could not use").containsExactly(2);
            assertThat(b.result()).isTrue();
            assertThat(c.done()).as("one signal wakes one waiter, not two").isFalse();
            return null;
        });
    }

    @Test
    void awaitUnacquired() {
        Condition cond = new Condition();
        runMain(() -> {
            assertThatThrownBy(cond::await).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Condition.await()").hasMessageContaining("without holding the lock");
            assertThat(cond.waiterCount()).isZero();
            return null;
        });
    }

    @Test
    void awaitFor() {
        Condition cond = new Condition();
        AtomicBoolean presult = new AtomicBoolean();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t = spawn(() -> {
                cond.acquire();
                if (cond.awaitFor(presult::get)) {
                    result.add(1);
                    cond.release();
                }
                return true;
            });
            sleep0();
            assertThat(result).isEmpty();

            cond.acquire();
            cond.signal();
            cond.release();
            sleep0();
            assertThat(result).isEmpty();

            presult.set(true);
            cond.acquire();
            cond.signal();
            cond.release();
            sleep0();
            assertThat(result).containsExactly(1);
            assertThat(t.done()).isTrue();
            assertThat(t.result()).isTrue();
            return null;
        });
    }

    @Test
    void awaitForUnacquired() {
        Condition cond = new Condition();
        runMain(() -> {
            assertThat(cond.awaitFor(() -> true)).isTrue(); // true at once: no lock needed
            assertThatThrownBy(() -> cond.awaitFor(() -> false)).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void signal() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t1 = waitAndRecord(cond, result, 1, true);
            Task<Boolean> t2 = waitAndRecord(cond, result, 2, true);
            Task<Boolean> t3 = waitAndRecord(cond, result, 3, true);
            sleep0();
            assertThat(result).isEmpty();

            try (var held = cond.acquire()) {
                cond.signal(1);
            }
            Async.sleep(Duration.ofSeconds(1));
            assertThat(result).containsExactly(1);

            try (var held = cond.acquire()) {
                cond.signal(1);
                cond.signal(2048);
            }
            Async.sleep(Duration.ofSeconds(1));
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1.result(), t2.result(), t3.result())).containsExactly(true, true, true);
            return null;
        });
    }

    @Test
    void signalAll() {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t1 = waitAndRecord(cond, result, 1, true);
            Task<Boolean> t2 = waitAndRecord(cond, result, 2, true);
            sleep0();
            assertThat(result).isEmpty();

            try (var held = cond.acquire()) {
                cond.signalAll();
            }
            Async.sleep(Duration.ofSeconds(1));
            assertThat(result).containsExactly(1, 2);
            assertThat(t1.result() && t2.result()).isTrue();
            return null;
        });
    }

    @Test
    void signalUnacquired() {
        Condition cond = new Condition();
        assertThatThrownBy(cond::signal).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Condition.signal()").hasMessageContaining("without holding the lock");
    }

    @Test
    void signalAllUnacquired() {
        Condition cond = new Condition();
        assertThatThrownBy(cond::signalAll).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Condition.signalAll()");
    }

    @Test
    void signalOfANegativeCountIsRejected() {
        Condition cond = new Condition();
        assertThatThrownBy(() -> cond.signal(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be >= 0 but was -1");
    }

    @Test
    void repr() {
        Condition cond = new Condition();
        assertThat(cond).hasToString("Condition[unlocked]");
        runMain(() -> {
            cond.acquire();
            assertThat(cond).hasToString("Condition[locked]");
            cond.release();
            Coroutine<Void> waitOnce = () -> {
                try (var held = cond.acquire()) {
                    cond.await();
                }
                return null;
            };
            Task<Void> first = spawn(waitOnce);
            sleep0();
            assertThat(cond).hasToString("Condition[unlocked, waiters=1]");
            Task<Void> second = spawn(waitOnce);
            sleep0();
            cond.acquire();
            assertThat(cond).hasToString("Condition[locked, waiters=2]");
            cond.signalAll();
            cond.release();
            first.await();
            second.await();
            assertThat(cond).hasToString("Condition[unlocked]");
            return null;
        });
    }

    @Test
    void contextManager() {
        Condition cond = new Condition();
        runMain(() -> {
            assertThat(cond.locked()).isFalse();
            try (var held = cond.acquire()) {
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    @Test
    void explicitLock() {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        runMain(() -> {
            assertThat(lock.locked() || cond.locked()).isFalse();
            try (var held = cond.acquire()) {
                assertThat(lock.locked() && cond.locked()).isTrue();
            }
            assertThat(lock.locked() || cond.locked()).isFalse();
            try (var held = lock.acquire()) {
                assertThat(lock.locked() && cond.locked()).isTrue();
            }
            assertThat(lock.locked() || cond.locked()).isFalse();
            return null;
        });
    }

    @Test
    void ambiguousLoops() {
        Lock lock = new Lock();
        EventLoop other = newTrackedLoop(true);
        other.runUntilComplete(() -> {
            lock.acquire();
            Task<Held> waiter = Async.createTask(lock::acquire); // binds the lock to `other`
            sleep0();
            lock.release();
            waiter.await().close();
            return null;
        });
        runMain(() -> {
            try (var held = lock.acquire()) { // the fast path, with no loop involved
                Condition cond = new Condition(lock);
                assertThat(catchThrowable(cond::acquire)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("bound to a different event loop");
            }
            return null;
        });
    }

    @Test
    void timeoutInBlock() {
        Condition cond = new Condition();
        runMain(() -> {
            try (var held = cond.acquire()) {
                ignoringTimeout(Duration.ofMillis(500), cond::await);
                assertThat(cond.locked()).isTrue();
            }
            return null;
        });
    }

    /** Cancelled while waiting to be signalled: the cancellation, with its message, is what propagates. */
    @Test
    void cancelledErrorWakeup() {
        Condition cond = new Condition();
        AtomicReference<CancellationException> raised = new AtomicReference<>();
        runMain(() -> {
            Task<Void> task = spawn(() -> {
                try (var held = cond.acquire()) {
                    raised.set(catchThrowableOfType(CancellationException.class, () -> cond.awaitFor(() -> false)));
                    throw raised.get();
                }
            });
            sleep0();
            task.cancel("foo");
            assertThat(catchThrowable(task::await)).isInstanceOf(CancellationException.class).hasMessage("foo");
            assertThat(raised.get()).hasMessage("foo");
            return null;
        });
    }

    /** Cancelled while re-acquiring the lock after a signal: likewise. */
    @Test
    void cancelledErrorReAcquire() {
        Condition cond = new Condition();
        AtomicBoolean wake = new AtomicBoolean();
        AtomicReference<CancellationException> raised = new AtomicReference<>();
        runMain(() -> {
            Task<Void> task = spawn(() -> {
                try (var held = cond.acquire()) {
                    raised.set(catchThrowableOfType(CancellationException.class, () -> cond.awaitFor(wake::get)));
                    throw raised.get();
                }
            });
            sleep0();
            cond.acquire();
            wake.set(true);
            cond.signal();
            sleep0(); // the task now waits to re-acquire the lock
            task.cancel("foo");
            cond.release();
            assertThat(catchThrowable(task::await)).isInstanceOf(CancellationException.class).hasMessage("foo");
            assertThat(raised.get()).hasMessage("foo");
            return null;
        });
    }

    /** A consumer cancelled just as it is signalled (before it runs) must not swallow the wake-up. */
    @Test
    void cancelledWakeup() {
        consumersScenario(false);
    }

    /** A consumer cancelled while re-acquiring the lock after its signal must not swallow the wake-up. */
    @Test
    void cancelledWakeupRelock() {
        consumersScenario(true);
    }

    private void consumersScenario(boolean letItReachTheLock) {
        Condition condition = new Condition();
        int[] state = {0};
        runMain(() -> {
            List<Task<Void>> consumers = spawn(2, () -> {
                try (var held = condition.acquire()) {
                    for (;;) {
                        condition.awaitFor(() -> state[0] != 0);
                        if (state[0] < 0) {
                            return null;
                        }
                        state[0]--;
                    }
                }
            });
            sleep0();
            try (var held = condition.acquire()) {
                state[0]++; // produce one item, wake one consumer
                condition.signal(1);
                if (letItReachTheLock) {
                    sleep0(); // it wakes and queues for the lock we hold
                }
                consumers.get(0).cancel();
                ignoringTimeout(Duration.ofMillis(10), () -> condition.awaitFor(() -> state[0] == 0));
                assertThat(state[0]).as("the item was consumed: the wake-up was not lost").isZero();
                state[0] = -1;
                condition.signalAll();
            }
            consumers.get(1).await();
            assertThat(consumers.get(0).cancelled()).isTrue();
            return null;
        });
    }

    // CPython test_locks: ConditionTests.test_notify: notify() skips a waiter whose wait was cancelled (its
    // future is done) and wakes the next one instead
    @Test
    void signalSkipsAWaiterCancelledBeforeTheSignal() {
        Condition cond = new Condition();
        runMain(() -> {
            Task<Boolean> a = spawn(() -> {
                try (var held = cond.acquire()) {
                    return cond.await();
                }
            });
            Task<Boolean> b = spawn(() -> {
                try (var held = cond.acquire()) {
                    return cond.await();
                }
            });
            sleep0();
            try (var held = cond.acquire()) {
                a.cancel();
                cond.signal(); // one wake-up: it must go to b
            }
            assertThatThrownBy(a::await).isInstanceOf(CancellationException.class);
            assertThat(b.await()).isTrue();
            assertThat(cond.waiterCount()).isZero();
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    // CPython test_locks: ConditionTests.test_notify with n=0: notify(0) wakes nobody
    @Test
    void signalZeroWakesNobody() {
        Condition cond = new Condition();
        runMain(() -> {
            Task<Boolean> waiter = spawn(() -> {
                try (var held = cond.acquire()) {
                    return cond.await();
                }
            });
            sleep0();
            try (var held = cond.acquire()) {
                cond.signal(0);
            }
            sleep0(3);
            assertThat(waiter.done()).isFalse();
            assertThat(cond.waiterCount()).isEqualTo(1);
            try (var held = cond.acquire()) {
                cond.signal();
            }
            assertThat(waiter.await()).isTrue();
            return null;
        });
    }

    // CPython test_locks: ConditionTests.test_explicit_lock: two conditions over one lock keep their own waiters
    @Test
    void conditionsSharingALockWakeOnlyTheirOwnWaiters() {
        Lock lock = new Lock();
        Condition c1 = new Condition(lock);
        Condition c2 = new Condition(lock);
        runMain(() -> {
            Task<Boolean> w1 = spawn(() -> {
                try (var held = c1.acquire()) {
                    return c1.await();
                }
            });
            Task<Boolean> w2 = spawn(() -> {
                try (var held = c2.acquire()) {
                    return c2.await();
                }
            });
            sleep0();
            assertThat(lock.locked()).isFalse();
            try (var held = lock.acquire()) {
                assertThat(c1.locked() && c2.locked()).isTrue();
                c2.signalAll();
            }
            assertThat(w2.await()).isTrue();
            sleep0(3);
            assertThat(w1.done()).isFalse();
            try (var held = c1.acquire()) {
                c1.signal();
            }
            assertThat(w1.await()).isTrue();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    // CPython test_locks: ConditionTests.test_wait (re-acquire after notify): the signalled waiter re-acquires
    // the lock through the lock's queue, behind a task that was already waiting for it
    @Test
    void signalledWaiterQueuesBehindTasksAlreadyWaitingForTheLock() {
        Condition cond = new Condition();
        List<String> order = new ArrayList<>();
        runMain(() -> {
            Task<Void> waiter = spawn(() -> {
                try (var held = cond.acquire()) {
                    cond.await();
                    order.add("waiter");
                }
                return null;
            });
            sleep0();
            Held mine = cond.acquire();
            Task<Void> newcomer = spawn(() -> {
                try (var held = cond.acquire()) {
                    order.add("newcomer");
                }
                return null;
            });
            sleep0(); // the newcomer queues on the lock
            cond.signal();
            mine.close(); // hands the lock to the newcomer; the waiter, woken earlier, must not barge in
            waiter.await();
            newcomer.await();
            assertThat(order).containsExactly("newcomer", "waiter");
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    // CPython test_locks: ConditionTests.test_wait (re-acquire after notify), the other order: a task created
    // after the signal queues on the lock after the signalled waiter, which was scheduled first
    @Test
    void signalledWaiterQueuesAheadOfATaskCreatedAfterTheSignal() {
        Condition cond = new Condition();
        List<String> order = new ArrayList<>();
        runMain(() -> {
            Task<Void> waiter = spawn(() -> {
                try (var held = cond.acquire()) {
                    cond.await();
                    order.add("waiter");
                }
                return null;
            });
            sleep0();
            Held mine = cond.acquire();
            cond.signal();
            Task<Void> newcomer = spawn(() -> {
                try (var held = cond.acquire()) {
                    order.add("newcomer");
                }
                return null;
            });
            sleep0(); // the waiter's wake-up runs before the newcomer's first step: it queues first
            mine.close();
            waiter.await();
            newcomer.await();
            assertThat(order).containsExactly("waiter", "newcomer");
            return null;
        });
    }

    // CPython locks.py Condition.wait (3.13, gh-112202: any error out of wait() notifies one other waiter): a
    // waiter cancelled without having been signalled still wakes another one, spuriously; none is lost
    @Test
    void cancelledWaiterWakesAnotherWaiterSpuriously() {
        Condition cond = new Condition();
        runMain(() -> {
            Task<Boolean> a = spawn(() -> {
                try (var held = cond.acquire()) {
                    return cond.await();
                }
            });
            Task<Boolean> b = spawn(() -> {
                try (var held = cond.acquire()) {
                    return cond.await();
                }
            });
            sleep0();
            a.cancel(); // nobody signals
            assertThatThrownBy(a::await).isInstanceOf(CancellationException.class);
            assertThat(b.await()).as("woken by a's failure, as asyncio 3.13 does").isTrue();
            assertThat(cond.waiterCount()).isZero();
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }
}
