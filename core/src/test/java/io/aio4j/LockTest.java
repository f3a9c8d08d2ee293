package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Lock} and {@link Held}: ports of {@code LockTests} in CPython's
 * {@code Lib/test/test_asyncio/test_locks.py}, plus the fairness, cancellation, loop-binding and
 * try-with-resources rules they imply.
 */
abstract class LockTest extends SyncTestBase {
    static final class VirtualThreadsTest extends LockTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends LockTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @Test
    void repr() {
        Lock lock = new Lock();
        assertThat(lock).hasToString("Lock[unlocked]");
        runMain(() -> {
            lock.acquire();
            assertThat(lock).hasToString("Lock[locked]");
            Task<Held> waiter = spawn(lock::acquire);
            sleep0();
            assertThat(lock).hasToString("Lock[locked, waiters=1]");
            waiter.cancel();
            sleep0();
            assertThat(lock).hasToString("Lock[locked]");
            return null;
        });
    }

    @Test
    void lock() {
        Lock lock = new Lock();
        runMain(() -> {
            Held held = lock.acquire();
            assertThat(held).isNotNull();
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void acquire() {
        Lock lock = new Lock();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            lock.acquire();
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                tasks.add(spawn(() -> {
                    lock.acquire();
                    result.add(tag);
                    return true;
                }));
            }
            sleep0();
            assertThat(result).isEmpty();

            lock.release();
            sleep0();
            assertThat(result).containsExactly(1);

            sleep0();
            assertThat(result).containsExactly(1);

            Task<Boolean> t3 = tasks.get(2);
            lock.release();
            sleep0();
            assertThat(result).containsExactly(1, 2);

            lock.release();
            sleep0();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(awaitAll(tasks)).containsExactly(true, true, true);
            assertThat(t3.result()).isTrue();
            return null;
        });
    }

    @Test
    void acquireCancel() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            Task<Held> task = spawn(lock::acquire);
            Async.getRunningLoop().callSoon(() -> task.cancel());
            assertThatThrownBy(task::await).isInstanceOf(CancellationException.class);
            assertThat(lock.waiterCount()).isZero();
            assertThat(lock.locked()).isTrue();
            return null;
        });
    }

    /**
     * A holds the lock, B and C wait. B is cancelled and A releases in the same iteration: B's waiter is
     * cancelled but still queued when release() looks at it, so B must hand the lock on when it unwinds.
     */
    @Test
    void cancelRace() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            Task<Held> tb = spawn(lock::acquire);
            List<Boolean> cAcquired = new ArrayList<>();
            Task<Void> tc = spawn(() -> {
                lock.acquire();
                cAcquired.add(true);
                lock.release();
                return null;
            });
            sleep0();
            assertThat(lock.waiterCount()).isEqualTo(2);

            tb.cancel();
            lock.release();
            tc.await();
            assertThat(cAcquired).containsExactly(true);
            assertThat(tb.cancelled()).isTrue();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    /** bpo-32734: four waiters, the first cancelled as the holder releases; only one may take the lock. */
    @Test
    void cancelReleaseRace() {
        Lock lock = new Lock();
        AtomicInteger lockCount = new AtomicInteger();
        AtomicInteger callCount = new AtomicInteger();
        runMain(() -> {
            Coroutine<Void> lockit = () -> {
                callCount.incrementAndGet();
                lock.acquire();
                lockCount.incrementAndGet();
                return null;
            };
            lock.acquire();
            Task<Void> t1 = spawn(lockit);
            Task<Void> t2 = spawn(lockit);
            Task<Void> t3 = spawn(lockit);
            sleep0();

            Async.getRunningLoop().callSoon(() -> {
                t1.cancel();
                lock.release();
            });
            assertThatThrownBy(t1::await).isInstanceOf(CancellationException.class);
            assertThat(lockCount).hasValue(1);
            assertThat(callCount).hasValue(3);
            assertThat(t1.cancelled() && t2.done()).isTrue();

            t3.cancel();
            sleep0();
            assertThat(t3.cancelled()).isTrue();
            return null;
        });
    }

    /** The lock is handed to B, and B is cancelled before it runs: C, queued behind it, must get the lock. */
    @Test
    void finishedWaiterCancelled() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            assertThat(lock.locked()).isTrue();
            Task<Held> tb = spawn(lock::acquire);
            sleep0();
            assertThat(lock.waiterCount()).isEqualTo(1);

            Task<Held> tc = spawn(lock::acquire);
            tb.cancel();
            lock.release();
            sleep0();
            assertThat(lock.locked()).isTrue();
            assertThat(tb.cancelled()).isTrue();

            sleep0();
            assertThat(tc.done()).isTrue();
            assertThat(tc.result()).isNotNull();
            assertThat(lock.waiterCount()).isZero();
            return null;
        });
    }

    @Test
    void lockHandedToAWaiterIsNotTakenByANewcomer() {
        Lock lock = new Lock();
        List<String> order = new ArrayList<>();
        runMain(() -> {
            lock.acquire();
            Task<Void> first = spawn(() -> {
                lock.acquire();
                order.add("first");
                sleep0(); // hold it across an await: nobody else may be inside meanwhile
                order.add("first out");
                lock.release();
                return null;
            });
            sleep0();
            lock.release(); // handed to `first`, which has not run yet
            assertThat(lock.locked()).isFalse();
            assertThat(lock).hasToString("Lock[unlocked, waiters=1]");
            lock.acquire(); // in the same step: must queue behind `first`, not barge in
            order.add("main");
            lock.release();
            first.await();
            assertThat(order).containsExactly("first", "first out", "main");
            return null;
        });
    }

    @Test
    void cancelledWaiterLeavesTheLockToANewcomerWhenNobodyElseWaits() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            Task<Held> waiter = spawn(lock::acquire);
            sleep0();
            waiter.cancel();
            lock.release();
            // The only waiter is cancelled (not yet unwound): a newcomer may take the free lock at once.
            Held held = lock.acquire();
            assertThat(lock.locked()).isTrue();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            held.close();
            assertThat(lock.locked()).isFalse();
            assertThat(lock.waiterCount()).isZero();
            return null;
        });
    }

    @Test
    void cancelMessageReachesTheWaiter() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            Task<Held> waiter = spawn(lock::acquire);
            sleep0();
            waiter.cancel("give up");
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class).hasMessage("give up");
            return null;
        });
    }

    @Test
    void releaseNotAcquired() {
        Lock lock = new Lock();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock.release()").hasMessageContaining("Lock[unlocked]");
    }

    @Test
    void releaseNoWaiters() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void contextManager() {
        Lock lock = new Lock();
        runMain(() -> {
            try (Held held = lock.acquire()) {
                assertThat(lock.locked()).isTrue();
                assertThat(held).hasToString("Held[Lock[locked]]");
            }
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void heldReleasesOnAnExceptionAndOnCancellation() {
        Lock lock = new Lock();
        Boom boom = new Boom("inside");
        runMain(() -> {
            assertThat(catchThrowable(() -> {
                try (var held = lock.acquire()) {
                    throw boom;
                }
            })).isSameAs(boom);
            assertThat(lock.locked()).isFalse();

            Task<Void> sleeper = spawn(() -> {
                try (var held = lock.acquire()) {
                    Async.getRunningLoop().createFuture().await(); // forever
                }
                return null;
            });
            sleep0();
            assertThat(lock.locked()).isTrue();
            sleeper.cancel();
            assertThatThrownBy(sleeper::await).isInstanceOf(CancellationException.class);
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void closingHeldTwiceReleasesOnce() {
        Lock lock = new Lock();
        runMain(() -> {
            Held mine = lock.acquire();
            mine.close();
            Held theirs = lock.acquire();
            mine.close(); // must not release the lock that `theirs` holds now
            assertThat(lock.locked()).isTrue();
            assertThat(mine).hasToString("Held[released]");
            theirs.close();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void closingHeldAfterAnExplicitReleaseIsRefused() {
        Lock lock = new Lock();
        runMain(() -> {
            Held held = lock.acquire();
            lock.release();
            assertThatThrownBy(held::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not acquired");
            return null;
        });
    }

    @Test
    void contendedAcquireOutsideATaskIsRefusedAndLeavesNoWaiter() {
        Lock lock = new Lock();
        runMain(lock::acquire);
        assertThatThrownBy(lock::acquire).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock.acquire()").hasMessageContaining("not running a task");
        assertThat(lock.waiterCount()).isZero();

        List<Throwable> inCallback = new ArrayList<>();
        loop.callSoon(() -> inCallback.add(catchThrowable(lock::acquire)));
        runOneIteration();
        assertThat(inCallback.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock.acquire()");
        assertThat(lock.waiterCount()).isZero();
    }

    @Test
    void waitingOnALockBoundToAnotherLoopIsRefused() {
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
            lock.acquire(); // the fast path does not look at the loop, as in asyncio
            Task<Held> waiter = spawn(lock::acquire);
            assertThat(catchThrowable(waiter::await)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Lock.acquire()")
                    .hasMessageContaining("bound to a different event loop")
                    .hasMessageContaining(other.toString().substring(0, other.toString().indexOf('[')));
            assertThat(lock.waiterCount()).isZero();
            lock.release();
            return null;
        });
    }

    // CPython test_locks: asyncio.Lock has no owner, so any task may release it (locks.py, Lock.release)
    @Test
    void releaseFromAnotherTaskIsAllowed() {
        Lock lock = new Lock();
        runMain(() -> {
            Task<Held> holder = spawn(lock::acquire);
            holder.await();
            assertThat(lock.locked()).isTrue();
            lock.release(); // main never acquired it
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    // CPython test_locks: asyncio.Lock is not reentrant: the holder acquiring again waits for itself
    @Test
    void lockIsNotReentrant() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            assertThatThrownBy(() -> Async.waitFor(lock::acquire, java.time.Duration.ofSeconds(1)))
                    .isInstanceOf(AsyncTimeoutException.class);
            assertThat(lock.locked()).isTrue();
            assertThat(lock.waiterCount()).as("the timed-out acquire left the queue").isZero();
            lock.release();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    // CPython test_locks: test_acquire with one release per waiter, each waiter releasing for the next: FIFO
    @Test
    void waitersGetTheLockInArrivalOrderAcrossManyHandOffs() {
        Lock lock = new Lock();
        List<Integer> order = new ArrayList<>();
        runMain(() -> {
            lock.acquire();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int tag = i;
                tasks.add(spawn(() -> {
                    lock.acquire();
                    order.add(tag);
                    sleep0(); // hold it across an await
                    lock.release();
                    return null;
                }));
                sleep0();
            }
            lock.release();
            awaitAll(tasks);
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    // CPython test_locks: test_finished_waiter_cancelled, with the cancellation coming from a wait_for timeout
    // that expires in the very iteration the lock is handed over: the lock passes on to the next waiter
    @Test
    void lockHandedToAWaiterWhoseTimeoutExpiresInTheSameIterationGoesToTheNext() {
        Lock lock = new Lock();
        runMain(() -> {
            lock.acquire();
            EventLoop l = Async.getRunningLoop();
            // Registered before the waiter's timeout: due in the same iteration, and run first.
            l.callLater(java.time.Duration.ofMillis(10), lock::release);
            Task<Held> timed = spawn(() -> Async.waitFor(lock::acquire, java.time.Duration.ofMillis(10)));
            Task<Held> next = spawn(lock::acquire);
            sleep0();
            assertThat(lock.waiterCount()).isEqualTo(2);
            assertThatThrownBy(timed::await).isInstanceOf(AsyncTimeoutException.class);
            next.await();
            assertThat(lock.locked()).isTrue();
            assertThat(lock.waiterCount()).isZero();
            lock.release();
            return null;
        });
    }
}
