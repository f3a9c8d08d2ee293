package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Semaphore} and {@link BoundedSemaphore}: ports of {@code SemaphoreTests} in CPython's
 * {@code Lib/test/test_asyncio/test_locks.py} (3.13, with the FIFO-order cases), plus the rule that a permit is
 * never lost to a cancelled waiter and never granted twice.
 */
abstract class SemaphoreTest extends SyncTestBase {
    static final class VirtualThreadsTest extends SemaphoreTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends SemaphoreTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** A task that acquires {@code sem}, records {@code tag} and returns true, keeping the permit. */
    private static Task<Boolean> acquireAndRecord(Semaphore sem, List<Integer> result, int tag) {
        return spawn(() -> {
            sem.acquire();
            result.add(tag);
            return true;
        });
    }

    @Test
    void initialValueZero() {
        assertThat(new Semaphore(0).locked()).isTrue();
    }

    @Test
    void repr() {
        Semaphore sem = new Semaphore();
        assertThat(sem).hasToString("Semaphore[unlocked, value=1]");
        runMain(() -> {
            sem.acquire();
            assertThat(sem).hasToString("Semaphore[locked, value=0]");
            spawn(sem::acquire);
            spawn(sem::acquire);
            sleep0();
            assertThat(sem).hasToString("Semaphore[locked, value=0, waiters=2]");
            return null;
        });
        assertThat(new BoundedSemaphore(2)).hasToString("BoundedSemaphore[unlocked, value=2, bound=2]");
    }

    @Test
    void semaphore() {
        Semaphore sem = new Semaphore();
        runMain(() -> {
            assertThat(sem.acquire()).isNotNull();
            assertThat(sem.locked()).isTrue();
            sem.release();
            assertThat(sem.locked()).isFalse();
            return null;
        });
    }

    @Test
    void semaphoreValue() {
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value must be >= 0 but was -1");
        assertThatThrownBy(() -> new BoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acquire() {
        Semaphore sem = new Semaphore(3);
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            sem.acquire();
            sem.acquire();
            assertThat(sem.locked()).isFalse();

            Task<Boolean> t1 = acquireAndRecord(sem, result, 1);
            Task<Boolean> t2 = acquireAndRecord(sem, result, 2);
            Task<Boolean> t3 = acquireAndRecord(sem, result, 3);
            sleep0();
            assertThat(result).containsExactly(1);
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiterCount()).isEqualTo(2);
            assertThat(sem.value).isZero();

            Task<Boolean> t4 = acquireAndRecord(sem, result, 4);
            sem.release();
            sem.release();
            assertThat(sem.value).isZero(); // both permits are promised to t2 and t3
            sleep0();
            assertThat(sem.value).isZero();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiterCount()).isEqualTo(1);
            assertThat(t1.result() && t2.result() && t3.result()).isTrue();
            assertThat(t4.done()).isFalse();

            sem.release();
            assertThat(t4.await()).isTrue();
            assertThat(result).containsExactly(1, 2, 3, 4);
            return null;
        });
    }

    @Test
    void acquireCancel() {
        Semaphore sem = new Semaphore(0);
        runMain(() -> {
            Task<Held> acquire = spawn(sem::acquire);
            Async.getRunningLoop().callSoon(() -> acquire.cancel());
            assertThatThrownBy(acquire::await).isInstanceOf(CancellationException.class);
            assertThat(sem.waiterCount()).isZero();
            assertThat(sem.value).isZero();
            return null;
        });
    }

    @Test
    void acquireCancelBeforeAwoken() {
        Semaphore sem = new Semaphore(0);
        runMain(() -> {
            List<Task<Held>> t = spawn(4, sem::acquire);
            sleep0();
            t.get(0).cancel();
            t.get(1).cancel();
            sem.release();
            sleep0(2);
            assertThat(t.get(2).done()).isTrue();
            assertThat(t.get(3).done()).isFalse();
            t.get(3).cancel();
            sleep0();
            assertThat(sem.value).isZero();
            assertThat(sem.waiterCount()).isZero();
            return null;
        });
    }

    /** The permit is handed to t1, which is cancelled before it runs: it must go to t2. */
    @Test
    void acquireHang() {
        Semaphore sem = new Semaphore(0);
        runMain(() -> {
            Task<Held> t1 = spawn(sem::acquire);
            Task<Held> t2 = spawn(sem::acquire);
            sleep0();
            sem.release(); // hands the permit to t1
            t1.cancel();   // before t1 runs
            sleep0(2);
            assertThat(t1.cancelled()).isTrue();
            assertThat(sem.locked()).isTrue();
            assertThat(t2.done()).isTrue();
            assertThat(sem.value).as("exactly one permit, held by t2").isZero();
            return null;
        });
    }

    @Test
    void acquireNoHang() {
        Semaphore sem = new Semaphore(1);
        runMain(() -> {
            AtomicReference<Task<Void>> t2 = new AtomicReference<>();
            Task<Void> t1 = spawn(() -> {
                try (var held = sem.acquire()) {
                    sleep0();
                }
                t2.get().cancel();
                return null;
            });
            t2.set(spawn(() -> {
                try (var held = sem.acquire()) {
                    throw new AssertionError("t2 must not get the semaphore");
                }
            }));
            assertThat(t1.await()).isNull();
            assertThat(catchThrowable(t2.get()::await)).isInstanceOf(CancellationException.class);
            assertThat(sem.locked()).isFalse();
            sem.acquire(); // must not hang (asyncio: wait_for(sem.acquire(), timeout=1.0))
            return null;
        });
    }

    @Test
    void releaseNotAcquired() {
        BoundedSemaphore sem = new BoundedSemaphore();
        assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BoundedSemaphore.release()")
                .hasMessageContaining("BoundedSemaphore[unlocked, value=1, bound=1]");
    }

    @Test
    void boundedSemaphoreCountsAPermitHandedToAWaiterAsTaken() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        runMain(() -> {
            sem.acquire();
            Task<Held> waiter = spawn(sem::acquire);
            sleep0();
            sem.release(); // handed to the waiter, not back in the semaphore
            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
            waiter.await().close();
            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void releaseNoWaiters() {
        Semaphore sem = new Semaphore();
        runMain(() -> {
            sem.acquire();
            assertThat(sem.locked()).isTrue();
            sem.release();
            assertThat(sem.locked()).isFalse();
            return null;
        });
    }

    @Test
    void contextManager() {
        Semaphore sem = new Semaphore(2);
        runMain(() -> {
            try (var held = sem.acquire()) {
                assertThat(sem.value).isEqualTo(1);
                try (var again = sem.acquire()) {
                    assertThat(sem.locked()).isTrue();
                }
            }
            assertThat(sem.value).isEqualTo(2);
            return null;
        });
    }

    @Test
    void acquireFifoOrder() {
        Semaphore sem = new Semaphore(1);
        List<String> result = new ArrayList<>();
        runMain(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String tag : List.of("c1", "c2", "c3")) {
                tasks.add(spawn(() -> {
                    sem.acquire();
                    result.add(tag + "_1");
                    Async.sleep(Duration.ofMillis(10));
                    sem.release();
                    sem.acquire();
                    result.add(tag + "_2");
                    Async.sleep(Duration.ofMillis(10));
                    sem.release();
                    return null;
                }));
            }
            awaitAll(tasks);
            return null;
        });
        assertThat(result).containsExactly("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2");
    }

    @Test
    void acquireFifoOrder2() {
        Semaphore sem = new Semaphore(1);
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t1 = acquireAndRecord(sem, result, 1);
            Task<Boolean> t2 = spawn(() -> {
                sem.acquire();
                result.add(2);
                sem.release();
                sem.acquire();
                result.add(4);
                return true;
            });
            Task<Boolean> t3 = acquireAndRecord(sem, result, 3);
            sleep0();
            sem.release();
            sem.release();
            awaitAll(List.of(t1, t2, t3));
            return null;
        });
        assertThat(result).containsExactly(1, 2, 3, 4);
    }

    @Test
    void acquireFifoOrder3() {
        Semaphore sem = new Semaphore(0);
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t1 = acquireAndRecord(sem, result, 1);
            Task<Boolean> t2 = acquireAndRecord(sem, result, 2);
            Task<Boolean> t3 = acquireAndRecord(sem, result, 3);
            sleep0();
            t1.cancel();
            sleep0();
            sem.release();
            sem.release();
            catchThrowable(t1::await);
            awaitAll(List.of(t2, t3));
            return null;
        });
        assertThat(result).containsExactly(2, 3);
    }

    /** A successful acquire wakes every task that had to queue behind it while permits were promised. */
    @Test
    void acquireFifoOrder4() {
        Semaphore sem = new Semaphore(0);
        List<Integer> result = new ArrayList<>();
        List<Task<Boolean>> t4 = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t1 = spawn(() -> {
                assertThat(sem.value).isZero();
                sem.acquire(); // woken by t2
                assertThat(sem.value).as("all queued waiters were woken").isZero();
                t4.add(spawn(() -> { // runs after t3, not before t2
                    result.add(4);
                    return true;
                }));
                result.add(1);
                return true;
            });
            Task<Boolean> t2 = spawn(() -> {
                sem.release();
                sem.release();
                sem.release();
                assertThat(sem.value).isEqualTo(2);
                assertThat(sem.locked()).as("t1 has not woken up yet").isTrue();
                sem.acquire();
                result.add(2);
                return true;
            });
            Task<Boolean> t3 = spawn(() -> {
                sem.acquire();
                assertThat(sem.locked()).isTrue();
                result.add(3);
                return true;
            });
            sleep0();
            assertThat(sem.value).isEqualTo(2);
            assertThat(sem.waiterCount()).isEqualTo(3);
            sleep0();
            awaitAll(List.of(t1, t2, t3));
            t4.get(0).await();
            return null;
        });
        assertThat(result).containsExactly(1, 2, 3, 4);
    }

    @Test
    void permitIsNeverGrantedTwiceWhateverTheCancellations() {
        Semaphore sem = new Semaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        runMain(() -> {
            List<Task<Void>> workers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                workers.add(spawn(() -> {
                    try (var held = sem.acquire()) {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Async.sleep(Duration.ofMillis(1));
                        inside.decrementAndGet();
                    }
                    completed.incrementAndGet();
                    return null;
                }));
            }
            // Cancel every third worker at various moments: waiting, just woken, or holding a permit.
            for (int round = 0; round < 7; round++) {
                sleep0(round % 3);
                workers.get(round * 3).cancel();
                Async.sleep(Duration.ofNanos(400_000));
            }
            for (Task<Void> w : workers) {
                catchThrowable(w::await);
            }
            return null;
        });
        assertThat(maxInside).hasValue(2);
        assertThat(completed.get()).isBetween(13, 20);
        assertThat(sem.value).isEqualTo(2);
        assertThat(sem.promised).isZero();
        assertThat(sem.waiterCount()).isZero();
        assertThat(sem.locked()).isFalse();
    }

    // CPython test_locks: SemaphoreTests (Semaphore, unlike BoundedSemaphore, lets release() raise the value
    // above its initial one)
    @Test
    void releaseWithoutWaitersRaisesTheValueAboveTheInitialOne() {
        Semaphore sem = new Semaphore(1);
        runMain(() -> {
            sem.release();
            sem.release();
            assertThat(sem).hasToString("Semaphore[unlocked, value=3]");
            sem.acquire();
            sem.acquire();
            sem.acquire();
            assertThat(sem.locked()).isTrue();
            Task<Held> fourth = spawn(sem::acquire);
            sleep0();
            assertThat(fourth.done()).isFalse();
            sem.release();
            fourth.await();
            assertThat(sem.locked()).isTrue();
            return null;
        });
    }

    // CPython test_locks: SemaphoreTests.test_acquire_cancel, then a waiter cancelled from inside a timeout:
    // the permit count is untouched and the queue empty
    @Test
    void timedOutAcquireLeavesNoWaiterAndNoPermitBehind() {
        Semaphore sem = new Semaphore(1);
        runMain(() -> {
            sem.acquire();
            assertThatThrownBy(() -> Async.waitFor(sem::acquire, Duration.ofMillis(10)))
                    .isInstanceOf(AsyncTimeoutException.class);
            assertThat(sem.waiterCount()).isZero();
            sem.release();
            assertThat(sem).hasToString("Semaphore[unlocked, value=1]");
            return null;
        });
    }

    // CPython test_locks: test_acquire_hang, with the cancellation coming from a wait_for timeout that expires
    // in the very iteration the permit is handed over: the permit passes on to the next waiter
    @Test
    void permitHandedToAWaiterWhoseTimeoutExpiresInTheSameIterationGoesToTheNext() {
        Semaphore sem = new Semaphore(0);
        runMain(() -> {
            Async.getRunningLoop().callLater(Duration.ofMillis(10), sem::release);
            Task<Held> timed = spawn(() -> Async.waitFor(sem::acquire, Duration.ofMillis(10)));
            Task<Held> next = spawn(sem::acquire);
            assertThatThrownBy(timed::await).isInstanceOf(AsyncTimeoutException.class);
            next.await();
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiterCount()).isZero();
            assertThat(sem).hasToString("Semaphore[locked, value=0]");
            return null;
        });
    }

    // CPython locks.py Semaphore.locked() (value 0, or a waiter that is not cancelled): with only a cancelled
    // waiter left, a released permit is free for a newcomer at once
    @Test
    void permitReleasedWithOnlyACancelledWaiterIsFreeForANewcomer() {
        Semaphore sem = new Semaphore(0);
        runMain(() -> {
            Task<Held> waiter = spawn(sem::acquire);
            sleep0();
            waiter.cancel(); // not unwound yet: still queued, but cancelled
            sem.release();
            assertThat(sem.locked()).isFalse();
            sem.acquire(); // does not wait
            assertThat(sem.locked()).isTrue();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            assertThat(sem.waiterCount()).isZero();
            assertThat(sem).hasToString("Semaphore[locked, value=0]");
            return null;
        });
    }

    // CPython locks.py Semaphore._wake_up_next (the permit is taken when the waiter is woken): a newcomer in
    // the same step finds the semaphore locked and queues behind the woken waiter
    @Test
    void permitHandedToAWokenWaiterIsNotTakenByANewcomer() {
        Semaphore sem = new Semaphore(0);
        List<String> order = new ArrayList<>();
        runMain(() -> {
            Task<Void> waiter = spawn(() -> {
                sem.acquire();
                order.add("waiter");
                return null;
            });
            sleep0();
            sem.release();
            assertThat(sem.locked()).isTrue();
            assertThat(sem.toString()).contains("value=0");
            Task<Void> newcomer = spawn(() -> {
                sem.acquire();
                order.add("newcomer");
                return null;
            });
            waiter.await();
            sleep0();
            assertThat(newcomer.done()).isFalse();
            sem.release();
            newcomer.await();
            assertThat(order).containsExactly("waiter", "newcomer");
            return null;
        });
    }
}
