package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Barrier}: ports of {@code BarrierTests} in CPython's {@code Lib/test/test_asyncio/test_locks.py}
 * ({@code async with barrier as i} is {@code int i = barrier.await()} here), plus cancellation of a waiter while
 * the barrier fills and while it drains.
 */
abstract class BarrierTest extends SyncTestBase {
    static final class VirtualThreadsTest extends BarrierTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends BarrierTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final int N = 5;

    @Test
    void repr() {
        Barrier barrier = new Barrier(N);
        assertThat(barrier).hasToString("Barrier[filling, waiters=0/5]");
        runMain(() -> {
            List<Task<Integer>> waiters = new ArrayList<>(spawn(2, barrier::await));
            sleep0();
            assertThat(barrier).hasToString("Barrier[filling, waiters=2/5]");

            waiters.addAll(spawn(barrier.parties() - barrier.nWaiting(), barrier::await));
            sleep0();
            assertThat(barrier).hasToString("Barrier[draining, waiters=0/5]");

            waiters.addAll(spawn(2, barrier::await)); // they wait for the draining to end
            sleep0();
            barrier.reset();
            assertThat(barrier.toString()).startsWith("Barrier[resetting");

            waiters.addAll(spawn(2, barrier::await));
            sleep0();
            barrier.abort();
            assertThat(barrier).hasToString("Barrier[broken]");
            assertThat(barrier.broken()).isTrue();
            for (Task<Integer> w : waiters) {
                catchThrowable(w::await);
            }
            return null;
        });
    }

    @Test
    void barrierParties() {
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parties must be >= 1 but was 0");
        assertThatThrownBy(() -> new Barrier(-4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Barrier(N).parties()).isEqualTo(N);
    }

    @Test
    void contextManager() {
        Barrier barrier = new Barrier(3);
        List<Integer> results = runMain(() -> runCoros(3, barrier::await));
        assertThat(results).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void arrivalIndexesFollowTheArrivalOrder() {
        Barrier barrier = new Barrier(3);
        assertThat(runMain(() -> runCoros(3, barrier::await))).containsExactly(0, 1, 2);
    }

    @Test
    void fillingOneTask() {
        Barrier barrier = new Barrier(1);
        assertThat(runMain(barrier::await)).isZero();
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void fillingOneTaskTwice() {
        Barrier barrier = new Barrier(1);
        runMain(() -> {
            Task<Integer> t1 = spawn(barrier::await);
            sleep0();
            assertThat(barrier.nWaiting()).isZero();
            Task<Integer> t2 = spawn(barrier::await);
            sleep0();
            assertThat(t1.result()).isEqualTo(t2.result());
            assertThat(t1.done() && t2.done()).isTrue();
            return null;
        });
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void fillingTaskByTask() {
        Barrier barrier = new Barrier(3);
        runMain(() -> {
            Task<Integer> t1 = spawn(barrier::await);
            sleep0();
            assertThat(barrier.nWaiting()).isEqualTo(1);
            assertThat(barrier.toString()).contains("filling");
            Task<Integer> t2 = spawn(barrier::await);
            sleep0();
            assertThat(barrier.nWaiting()).isEqualTo(2);
            Task<Integer> t3 = spawn(barrier::await);
            sleep0();
            assertThat(awaitAll(List.of(t1, t2, t3))).containsExactly(0, 1, 2);
            assertThat(barrier.nWaiting()).isZero();
            return null;
        });
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void fillingTasksWaitTwice() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        runMain(() -> runCoros(N, () -> {
            barrier.await();
            results.add(true);
            barrier.await();
            results.add(false);
            return null;
        }));
        assertThat(Collections.frequency(results, true)).isEqualTo(N);
        assertThat(Collections.frequency(results, false)).isEqualTo(N);
        assertThat(results.subList(0, N)).as("nobody passes twice before all passed once").containsOnly(true);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void drainingState() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        runMain(() -> runCoros(N, () -> {
            barrier.await();
            results.add(barrier.toString().contains("draining")); // the last one out sees it filling again
            return null;
        }));
        assertThat(results).hasSize(N);
        assertThat(results.get(N - 1)).isFalse();
        assertThat(results.subList(0, N - 1)).containsOnly(true);
    }

    @Test
    void blockingTasksWhileDraining() {
        int rewait = 2;
        Barrier barrier = new Barrier(N);
        Barrier barrierNowaiting = new Barrier(N - rewait);
        AtomicInteger rewaitN = new AtomicInteger(rewait);
        runMain(() -> runCoros(N, () -> {
            barrier.await();
            if (rewaitN.getAndDecrement() > 0) {
                barrier.await(); // waits while the first round drains, then fills the second
            } else {
                barrierNowaiting.await();
                barrier.await();
            }
            return null;
        }));
        assertThat(barrier.nWaiting()).isZero();
    }

    @Test
    void fillingTasksCancelOne() {
        Barrier barrier = new Barrier(3);
        List<Boolean> results = new ArrayList<>();
        Coroutine<Void> coro = () -> {
            barrier.await();
            results.add(true);
            return null;
        };
        runMain(() -> {
            Task<Void> t1 = spawn(coro);
            sleep0();
            assertThat(barrier.nWaiting()).isEqualTo(1);
            Task<Void> t2 = spawn(coro);
            sleep0();
            assertThat(barrier.nWaiting()).isEqualTo(2);

            t1.cancel();
            sleep0();
            assertThat(barrier.nWaiting()).as("the cancelled arrival is withdrawn").isEqualTo(1);
            assertThatThrownBy(t1::await).isInstanceOf(CancellationException.class);

            Task<Void> t3 = spawn(coro);
            sleep0();
            assertThat(barrier.nWaiting()).isEqualTo(2);
            Task<Void> t4 = spawn(coro);
            awaitAll(List.of(t2, t3, t4));
            return null;
        });
        assertThat(results).hasSize(3);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void waiterCancelledWhileTheBarrierDrainsLetsTheOthersPass() {
        Barrier barrier = new Barrier(3);
        runMain(() -> {
            Task<Integer> t1 = spawn(barrier::await);
            Task<Integer> t2 = spawn(barrier::await);
            sleep0();
            Task<Integer> t3 = spawn(barrier::await);
            sleep0(); // t3 arrives last and opens the barrier; t1 and t2 are woken, not yet run
            assertThat(barrier.toString()).contains("draining");
            t1.cancel();
            assertThatThrownBy(t1::await).isInstanceOf(CancellationException.class);
            assertThat(t2.await()).isEqualTo(1);
            assertThat(t3.await()).isEqualTo(2);
            assertThat(barrier).hasToString("Barrier[filling, waiters=0/3]");
            // Still usable.
            assertThat(runCoros(3, barrier::await)).containsExactly(0, 1, 2);
            return null;
        });
    }

    @Test
    void resetBarrier() {
        Barrier barrier = new Barrier(1);
        runMain(() -> {
            spawn(() -> {
                barrier.reset();
                return null;
            });
            sleep0();
            return null;
        });
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void resetBarrierWhileTasksWaiting() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        runMain(() -> {
            List<Task<Void>> tasks = spawn(N - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    assertThat(e).hasMessageContaining("reset");
                    results.add(true);
                }
                return null;
            });
            sleep0();
            spawn(() -> {
                barrier.reset();
                return null;
            });
            awaitAll(tasks);
            return null;
        });
        assertThat(results).hasSize(N - 1);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.toString()).doesNotContain("resetting");
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void resetBarrierWhenTasksHalfDraining() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        int restOfTasks = N / 2;
        runMain(() -> runCoros(N, () -> {
            try {
                barrier.await();
            } catch (BrokenBarrierException e) {
                results1.add(true); // a task still waiting when the barrier was reset
                return null;
            }
            if (barrier.nInside() == restOfTasks) {
                barrier.reset(); // some tasks have left the barrier, the rest have not
            }
            return null;
        }));
        assertThat(results1).hasSize(restOfTasks).containsOnly(true);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.toString()).doesNotContain("resetting");
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void abortBarrier() {
        Barrier barrier = new Barrier(1);
        runMain(() -> {
            spawn(() -> {
                barrier.abort();
                return null;
            });
            sleep0();
            return null;
        });
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isTrue();
        assertThatThrownBy(() -> runMain(barrier::await)).isInstanceOf(BrokenBarrierException.class)
                .hasMessageContaining("aborted").hasMessageContaining("Barrier[broken]");
    }

    @Test
    void abortBarrierWhenException() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        runMain(() -> runCoros(N, () -> {
            try {
                int i = barrier.await();
                if (i == N / 2) {
                    throw new Boom("in the barrier");
                }
                barrier.await();
                results1.add(true);
            } catch (BrokenBarrierException e) {
                results2.add(true);
            } catch (Boom e) {
                barrier.abort();
            }
            return null;
        }));
        assertThat(results1).isEmpty();
        assertThat(results2).hasSize(N - 1);
        assertThat(barrier.broken()).isTrue();
    }

    @Test
    void abortBarrierWhenExceptionThenResetting() {
        Barrier barrier1 = new Barrier(N);
        Barrier barrier2 = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Boolean> results3 = new ArrayList<>();
        runMain(() -> runCoros(N, () -> {
            try {
                int i = barrier1.await();
                if (i == N / 2) {
                    throw new Boom("in the barrier");
                }
                barrier1.await();
                results1.add(true);
            } catch (BrokenBarrierException e) {
                results2.add(true);
            } catch (Boom e) {
                barrier1.abort();
            }
            // Synchronize, reset, synchronize: nobody is inside barrier1 during the reset.
            int i = barrier2.await();
            if (i == N / 2) {
                barrier1.reset();
            }
            barrier2.await();
            barrier1.await();
            results3.add(true);
            return null;
        }));
        assertThat(results1).isEmpty();
        assertThat(results2).hasSize(N - 1);
        assertThat(results3).hasSize(N);
    }

    // CPython test_locks: BarrierTests.test_filling_tasks_check_return_value
    @Test
    void fillingTasksCheckReturnValue() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Integer> indexes = runMain(() -> runCoros(N, () -> {
            barrier.await();
            results1.add(true);
            int i = barrier.await();
            results2.add(true);
            return i;
        }));
        assertThat(results1).hasSize(N);
        assertThat(results2).hasSize(N);
        assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    // CPython test_locks: BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking
    @Test
    void resetBarrierWhenTasksHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        int blockingTasks = N / 2;
        AtomicInteger count = new AtomicInteger();
        runMain(() -> runCoros(N, () -> {
            try {
                barrier.await();
            } catch (BrokenBarrierException e) {
                results1.add(true); // still waiting to drain when the reset came: wait again
                barrier.await();
                return null;
            }
            if (count.incrementAndGet() > blockingTasks) {
                barrier.reset(); // breaks the tasks that have not drained yet
                barrier.await();
            } else {
                try {
                    barrier.await(); // drained early: blocked on the next round, which the reset must not break
                } catch (BrokenBarrierException e) {
                    results2.add(true);
                }
            }
            return null;
        }));
        assertThat(results1).hasSize(blockingTasks);
        assertThat(results2).isEmpty();
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.toString()).doesNotContain("resetting");
        assertThat(barrier.broken()).isFalse();
    }

    // CPython test_locks: BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again
    @Test
    void resetBarrierWhileTasksWaitingAndWaitingAgain() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        runMain(() -> {
            List<Task<Void>> tasks = spawn(N - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    results1.add(true);
                } finally {
                    barrier.await();
                    results2.add(true);
                }
                return null;
            });
            spawn(() -> {
                barrier.reset(); // the N-1 tasks are waiting by then: they are broken
                return null;
            });
            sleep0();
            spawn(() -> {
                barrier.await(); // the N-th party of the waits in the finally blocks
                results2.add(true);
                return null;
            });
            awaitAll(tasks);
            return null;
        });
        assertThat(barrier.broken()).isFalse();
        assertThat(results1).hasSize(N - 1);
        assertThat(results2).hasSize(N);
        assertThat(barrier.nWaiting()).isZero();
    }

    // CPython test_locks: BarrierTests.test_reset_barrier_while_tasks_draining
    @Test
    void resetBarrierWhileTasksDraining() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Boolean> results3 = new ArrayList<>();
        AtomicInteger count = new AtomicInteger();
        runMain(() -> runCoros(N, () -> {
            barrier.await();
            if (count.incrementAndGet() == N) {
                barrier.reset(); // the last one out: nobody waits, so the reset breaks nobody
                barrier.await();
            } else {
                try {
                    barrier.await();
                    results1.add(true);
                } catch (BrokenBarrierException e) {
                    results2.add(true);
                }
            }
            barrier.await();
            results3.add(true);
            return null;
        }));
        assertThat(barrier.broken()).isFalse();
        assertThat(results1).hasSize(N - 1);
        assertThat(results2).isEmpty();
        assertThat(results3).hasSize(N);
        assertThat(barrier.nWaiting()).isZero();
    }

    // CPython test_locks: BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking
    @Test
    void abortBarrierWhenTasksHalfDrainingHalfBlocking() {
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        int blockingTasks = N / 2;
        AtomicInteger count = new AtomicInteger();
        runMain(() -> runCoros(N, () -> {
            try {
                barrier.await();
            } catch (BrokenBarrierException e) {
                results1.add(true); // had not drained yet when the barrier was aborted
                return null;
            }
            if (count.incrementAndGet() > blockingTasks) {
                barrier.abort();
            } else {
                try {
                    barrier.await();
                } catch (BrokenBarrierException e) {
                    results2.add(true); // drained, blocked on the next round: aborted too
                }
            }
            return null;
        }));
        assertThat(barrier.broken()).isTrue();
        assertThat(results1).hasSize(blockingTasks);
        assertThat(results2).hasSize(N - blockingTasks - 1);
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.toString()).doesNotContain("resetting");
    }

    // CPython test_locks (threading lock_tests idiom): a party arriving at a broken barrier fails at once
    @Test
    void awaitOnABrokenBarrierFailsWithoutSuspending() {
        Barrier barrier = new Barrier(2);
        runMain(() -> {
            Task<Integer> first = spawn(barrier::await);
            sleep0();
            barrier.abort();
            assertThatThrownBy(first::await).isInstanceOf(BrokenBarrierException.class);
            assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
            assertThat(barrier.nWaiting()).isZero();
            barrier.reset(); // a reset mends a broken barrier
            assertThat(barrier.broken()).isFalse();
            assertThat(runCoros(2, barrier::await)).containsExactly(0, 1);
            return null;
        });
    }

    // CPython locks.py Barrier._wait (state checked after the wake-up): an abort() after the barrier opened but
    // before the woken parties ran breaks them; the party that opened it has already passed
    @Test
    void abortWhileDrainingBreaksTheWokenPartiesThatHaveNotRunYet() {
        Barrier barrier = new Barrier(3);
        runMain(() -> {
            Task<Integer> t1 = spawn(barrier::await);
            Task<Integer> t2 = spawn(barrier::await);
            sleep0();
            Task<Integer> t3 = spawn(barrier::await);
            sleep0(); // t3 opens the barrier and returns; t1 and t2 are woken, not yet run
            assertThat(t3.done()).isTrue();
            barrier.abort();
            assertThatThrownBy(t1::await).isInstanceOf(BrokenBarrierException.class);
            assertThatThrownBy(t2::await).isInstanceOf(BrokenBarrierException.class);
            assertThat(t3.result()).isEqualTo(2);
            assertThat(barrier.broken()).isTrue();
            assertThat(barrier.nWaiting()).isZero();
            return null;
        });
    }

    // CPython locks.py Barrier._wait: likewise a reset() while draining breaks the woken parties, and the last
    // of them to leave refills the barrier
    @Test
    void resetWhileDrainingBreaksTheWokenPartiesThatHaveNotRunYet() {
        Barrier barrier = new Barrier(3);
        runMain(() -> {
            Task<Integer> t1 = spawn(barrier::await);
            Task<Integer> t2 = spawn(barrier::await);
            sleep0();
            Task<Integer> t3 = spawn(barrier::await);
            sleep0();
            barrier.reset();
            assertThat(barrier.toString()).startsWith("Barrier[resetting");
            assertThatThrownBy(t1::await).isInstanceOf(BrokenBarrierException.class);
            assertThatThrownBy(t2::await).isInstanceOf(BrokenBarrierException.class);
            assertThat(t3.result()).isEqualTo(2);
            assertThat(barrier).hasToString("Barrier[filling, waiters=0/3]");
            assertThat(runCoros(3, barrier::await)).containsExactly(0, 1, 2);
            return null;
        });
    }
}
