package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * {@link Event}: ports of {@code EventTests} in CPython's {@code Lib/test/test_asyncio/test_locks.py}, plus
 * loop binding and the {@code event::await} coroutine idiom.
 */
abstract class EventTest extends SyncTestBase {
    static final class VirtualThreadsTest extends EventTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends EventTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @Test
    void repr() {
        Event ev = new Event();
        assertThat(ev).hasToString("Event[unset]");
        ev.set();
        assertThat(ev).hasToString("Event[set]");
        ev.clear();
        runMain(() -> {
            Task<Boolean> waiter = spawn(ev::await);
            sleep0();
            assertThat(ev).hasToString("Event[unset, waiters=1]");
            ev.set();
            waiter.await();
            assertThat(ev).hasToString("Event[set]");
            return null;
        });
    }

    @Test
    void await() {
        Event ev = new Event();
        assertThat(ev.isSet()).isFalse();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                tasks.add(spawn(() -> {
                    if (ev.await()) {
                        result.add(tag);
                    }
                    return true;
                }));
            }
            sleep0();
            assertThat(result).isEmpty();
            assertThat(ev.waiterCount()).isEqualTo(3);

            ev.set();
            sleep0();
            assertThat(ev.isSet()).isTrue();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(awaitAll(tasks)).containsExactly(true, true, true);
            assertThat(ev.waiterCount()).isZero();
            return null;
        });
    }

    @Test
    void awaitOnSet() {
        Event ev = new Event();
        ev.set();
        assertThat(runMain(ev::await)).isTrue();
    }

    @Test
    void awaitOnASetEventNeedsNoTask() {
        Event ev = new Event();
        ev.set();
        assertThat(ev.await()).isTrue();
    }

    @Test
    void awaitCancel() {
        Event ev = new Event();
        runMain(() -> {
            Task<Boolean> waiter = spawn(ev::await);
            Async.getRunningLoop().callSoon(() -> waiter.cancel());
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            assertThat(ev.waiterCount()).isZero();
            return null;
        });
    }

    @Test
    void cancellingOneWaiterLeavesTheOthersWaiting() {
        Event ev = new Event();
        runMain(() -> {
            Task<Boolean> a = spawn(ev::await);
            Task<Boolean> b = spawn(ev::await);
            sleep0();
            a.cancel();
            sleep0();
            assertThat(a.cancelled()).isTrue();
            assertThat(b.done()).isFalse();
            ev.set();
            assertThat(b.await()).isTrue();
            return null;
        });
    }

    @Test
    void clear() {
        Event ev = new Event();
        assertThat(ev.isSet()).isFalse();
        ev.set();
        assertThat(ev.isSet()).isTrue();
        ev.clear();
        assertThat(ev.isSet()).isFalse();
    }

    /** A waiter woken by set() returns true even if the event is cleared before it runs. */
    @Test
    void clearWithWaiters() {
        Event ev = new Event();
        List<Integer> result = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t = spawn(() -> {
                if (ev.await()) {
                    result.add(1);
                }
                return true;
            });
            sleep0();
            assertThat(result).isEmpty();

            ev.set();
            ev.clear();
            assertThat(ev.isSet()).isFalse();

            ev.set();
            ev.set();
            assertThat(ev.waiterCount()).isEqualTo(1);

            sleep0();
            assertThat(result).containsExactly(1);
            assertThat(ev.waiterCount()).isZero();
            assertThat(t.done()).isTrue();
            assertThat(t.result()).isTrue();
            return null;
        });
    }

    @Test
    void awaitAfterClearWaitsForTheNextSet() {
        Event ev = new Event();
        runMain(() -> {
            ev.set();
            ev.clear();
            Task<Boolean> waiter = spawn(ev::await);
            sleep0(3);
            assertThat(waiter.done()).isFalse();
            Async.getRunningLoop().callSoon(ev::set);
            assertThat(waiter.await()).isTrue();
            return null;
        });
    }

    @Test
    void methodReferenceIsTheWaitCoroutine() {
        Event ev = new Event();
        Coroutine<Boolean> wait = ev::await; // asyncio's ev.wait()
        runMain(() -> {
            Task<Boolean> waiter = spawn(wait);
            loop.callLater(java.time.Duration.ofSeconds(5), ev::set);
            assertThat(waiter.await()).isTrue();
            return null;
        });
    }

    @Test
    void waitingOnAnEventBoundToAnotherLoopIsRefused() {
        Event ev = new Event();
        EventLoop other = newTrackedLoop(true);
        other.runUntilComplete(() -> {
            Async.getRunningLoop().callSoon(ev::set);
            return ev.await(); // binds the event to `other`
        });
        ev.clear();
        runMain(() -> {
            assertThat(catchThrowable(ev::await)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Event.await()")
                    .hasMessageContaining("bound to a different event loop");
            assertThat(ev.waiterCount()).isZero();
            return null;
        });
    }

    // CPython test_locks: EventTests (wait after set, then cancel before the waiter runs): asyncio's task
    // cancel() on a task whose future is already done sets must_cancel, so the waiter ends cancelled
    @Test
    void waiterCancelledAfterSetButBeforeItRunsEndsCancelled() {
        Event ev = new Event();
        runMain(() -> {
            Task<Boolean> waiter = spawn(ev::await);
            Task<Boolean> other = spawn(ev::await);
            sleep0();
            ev.set();
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            assertThat(other.await()).isTrue();
            assertThat(ev.waiterCount()).isZero();
            assertThat(ev.isSet()).isTrue();
            return null;
        });
    }

    // CPython test_locks: EventTests.test_clear_with_waiters (set twice): a second set() is a no-op
    @Test
    void setTwiceWakesEachWaiterOnce() {
        Event ev = new Event();
        List<Integer> woken = new ArrayList<>();
        runMain(() -> {
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int tag = i;
                tasks.add(spawn(() -> {
                    boolean r = ev.await();
                    woken.add(tag);
                    return r;
                }));
            }
            sleep0();
            ev.set();
            ev.set();
            assertThat(awaitAll(tasks)).containsExactly(true, true, true);
            assertThat(woken).containsExactly(0, 1, 2);
            assertThat(ev.waiterCount()).isZero();
            return null;
        });
    }

    // CPython test_locks: EventTests.test_wait_cancel, with the cancellation coming from a wait_for timeout that
    // expires in the iteration the event is set: the waiter times out, leaves the queue, and the event stays set
    @Test
    void waiterTimingOutInTheIterationTheEventIsSetLeavesItSet() {
        Event ev = new Event();
        runMain(() -> {
            Async.getRunningLoop().callLater(java.time.Duration.ofMillis(10), ev::set);
            Task<Boolean> timed = spawn(() -> Async.waitFor(ev::await, java.time.Duration.ofMillis(10)));
            Task<Boolean> other = spawn(ev::await);
            assertThatThrownBy(timed::await).isInstanceOf(AsyncTimeoutException.class);
            assertThat(other.await()).isTrue();
            assertThat(ev.isSet()).isTrue();
            assertThat(ev.waiterCount()).isZero();
            assertThat(ev.await()).as("no wait once set").isTrue();
            return null;
        });
    }
}
