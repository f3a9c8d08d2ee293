package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Queue}, {@link PriorityQueue}, {@link LifoQueue}: ports of {@code QueueBasicTests},
 * {@code QueueGetTests}, {@code QueuePutTests}, {@code LifoQueueTests} and {@code PriorityQueueTests} in
 * CPython's {@code Lib/test/test_asyncio/test_queues.py}, plus the rules that a cancelled getter never loses an
 * item and a cancelled putter never inserts one. {@code task_done}/{@code join}/{@code shutdown} are in
 * {@link QueuesJoinShutdownTest}.
 */
abstract class QueuesTest extends SyncTestBase {
    static final class VirtualThreadsTest extends QueuesTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends QueuesTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ QueueBasicTests

    @Test
    void repr() {
        Queue<Integer> q = new Queue<>();
        assertThat(q).hasToString("Queue[maxsize=0]");
        assertThat(new Queue<>(10)).hasToString("Queue[maxsize=10]");
        runMain(() -> {
            Task<Integer> getter = spawn(q::get);
            sleep0();
            assertThat(q).hasToString("Queue[maxsize=0, getters=1]");
            q.putNowait(1);
            assertThat(q).hasToString("Queue[maxsize=0, items=[1], tasks=1]");
            getter.await();

            Queue<Integer> full = new Queue<>(1);
            full.putNowait(7);
            spawn(() -> {
                full.put(8);
                return null;
            });
            sleep0();
            assertThat(full).hasToString("Queue[maxsize=1, items=[7], putters=1, tasks=1]");
            return null;
        });
        assertThat(new PriorityQueue<Integer>()).hasToString("PriorityQueue[maxsize=0]");
        assertThat(new LifoQueue<Integer>(3)).hasToString("LifoQueue[maxsize=3]");
    }

    @Test
    void reprAbbreviatesLongQueues() {
        Queue<Integer> q = new Queue<>();
        for (int i = 0; i < 25; i++) {
            q.putNowait(i);
        }
        assertThat(q).hasToString("Queue[maxsize=0, items=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... (25 in all)], tasks=25]");
    }

    @Test
    void empty() {
        Queue<Integer> q = new Queue<>();
        assertThat(q.empty()).isTrue();
        q.putNowait(1);
        assertThat(q.empty()).isFalse();
        assertThat(q.getNowait()).isEqualTo(1);
        assertThat(q.empty()).isTrue();
    }

    @Test
    void full() {
        Queue<Integer> q = new Queue<>();
        assertThat(q.full()).isFalse();
        Queue<Integer> bounded = new Queue<>(1);
        bounded.putNowait(1);
        assertThat(bounded.full()).isTrue();
    }

    @Test
    void order() {
        Queue<Integer> q = new Queue<>();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }
        assertThat(List.of(q.getNowait(), q.getNowait(), q.getNowait())).containsExactly(1, 3, 2);
    }

    @Test
    void maxsize() {
        Queue<Integer> q = new Queue<>(2);
        assertThat(q.maxsize()).isEqualTo(2);
        List<Integer> haveBeenPut = new ArrayList<>();
        runMain(() -> {
            Task<Boolean> t = spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    haveBeenPut.add(i);
                }
                return true;
            });
            sleep0(2);
            assertThat(haveBeenPut).as("the putter is blocked after two items").containsExactly(0, 1);
            assertThat(q.get()).isZero();

            sleep0();
            assertThat(haveBeenPut).containsExactly(0, 1, 2);
            assertThat(q.getNowait()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(t.await()).isTrue();
            return null;
        });
    }

    @Test
    void negativeMaxsizeAndNullItemsAreRejected() {
        assertThatThrownBy(() -> new Queue<>(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxsize must be >= 0 (0 for unbounded) but was -1");
        assertThatThrownBy(() -> new PriorityQueue<>(-1, Comparator.naturalOrder()))
                .isInstanceOf(IllegalArgumentException.class);
        Queue<String> q = new Queue<>();
        assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("item must not be null");
        assertThatThrownBy(() -> new PriorityQueue<String>(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("comparator must not be null");
    }

    // ------------------------------------------------------------------ QueueGetTests

    @Test
    void blockingGet() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        assertThat(runMain(q::get)).isEqualTo(1);
    }

    @Test
    void getWithPutters() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        runMain(() -> {
            Task<Void> putter = spawn(() -> {
                q.put(2);
                return null;
            });
            sleep0();
            assertThat(q.putterCount()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(1);
            assertThat(q.putterCount()).as("the putter was woken and taken off").isZero();
            putter.await();
            assertThat(q.getNowait()).isEqualTo(2);
            return null;
        });
    }

    @Test
    void blockingGetWait() {
        Queue<Integer> q = new Queue<>();
        Event started = new Event();
        AtomicBoolean finished = new AtomicBoolean();
        runMain(() -> {
            Task<Integer> getter = spawn(() -> {
                started.set();
                int res = q.get();
                finished.set(true);
                return res;
            });
            started.await();
            assertThat(finished).isFalse();
            Async.getRunningLoop().callLater(Duration.ofMillis(10), () -> q.putNowait(1));
            assertThat(getter.await()).isEqualTo(1);
            assertThat(finished).isTrue();
            return null;
        });
    }

    @Test
    void nonblockingGet() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        assertThat(q.getNowait()).isEqualTo(1);
    }

    @Test
    void nonblockingGetException() {
        Queue<Integer> q = new Queue<>();
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class)
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("Queue.getNowait()").hasMessageContaining("Queue[maxsize=0]");
    }

    @Test
    void getCancelledRace() {
        Queue<String> q = new Queue<>();
        runMain(() -> {
            Task<String> t1 = spawn(q::get);
            Task<String> t2 = spawn(q::get);
            sleep0();
            t1.cancel();
            sleep0();
            assertThat(t1.done()).isTrue();
            q.put("a");
            sleep0();
            assertThat(t2.await()).isEqualTo("a");
            return null;
        });
    }

    @Test
    void getWithWaitingPutters() {
        Queue<String> q = new Queue<>(1);
        runMain(() -> {
            spawn(() -> {
                q.put("a");
                return null;
            });
            spawn(() -> {
                q.put("b");
                return null;
            });
            sleep0();
            assertThat(q.get()).isEqualTo("a");
            assertThat(q.get()).isEqualTo("b");
            return null;
        });
    }

    @Test
    void whyAreGettersWaiting() {
        Queue<Integer> q = new Queue<>(1);
        List<Integer> got = new ArrayList<>();
        runMain(() -> {
            Task<Void> producer = spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    q.put(i);
                }
                return null;
            });
            Task<Void> consumer = spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    got.add(q.get());
                }
                return null;
            });
            producer.await();
            consumer.await();
            return null;
        });
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void cancelledGettersNotBeingHeldInSelfGetters() {
        Queue<Integer> q = new Queue<>(5);
        runMain(() -> {
            Task<Integer> getter = spawn(q::get);
            Async.getRunningLoop().callLater(Duration.ofMillis(100), () -> getter.cancel());
            assertThatThrownBy(getter::await).isInstanceOf(CancellationException.class);
            assertThat(q.getterCount()).isZero();
            return null;
        });
    }

    // ------------------------------------------------------------------ QueuePutTests

    @Test
    void blockingPut() {
        Queue<Integer> q = new Queue<>();
        runMain(() -> {
            q.put(1); // no maxsize: never blocks
            return null;
        });
        assertThat(q.getNowait()).isEqualTo(1);
    }

    @Test
    void blockingPutWait() {
        Queue<Integer> q = new Queue<>(1);
        AtomicBoolean finished = new AtomicBoolean();
        runMain(() -> {
            Task<Void> putter = spawn(() -> {
                q.put(1);
                q.put(2);
                finished.set(true);
                return null;
            });
            sleep0();
            assertThat(finished).isFalse();
            Async.getRunningLoop().callLater(Duration.ofMillis(10), q::getNowait);
            putter.await();
            assertThat(finished).isTrue();
            assertThat(q.getNowait()).isEqualTo(2);
            return null;
        });
    }

    @Test
    void nonblockingPut() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        assertThat(q.getNowait()).isEqualTo(1);
    }

    /** The getter is woken for item 1 and cancelled before it runs: 1 must stay first in the queue. */
    @Test
    void getCancelDropOnePendingReader() {
        Queue<Integer> q = new Queue<>();
        runMain(() -> {
            Task<Integer> reader = spawn(q::get);
            sleep0();
            q.putNowait(1);
            q.putNowait(2);
            reader.cancel();
            assertThat(catchThrowable(reader::await)).isInstanceOf(CancellationException.class);
            assertThat(spawn(q::get).await()).as("if we get 2, 1 was dropped").isEqualTo(1);
            return null;
        });
    }

    @Test
    void getCancelDropManyPendingReaders() {
        Queue<Integer> q = new Queue<>();
        runMain(() -> {
            Task<Integer> reader1 = spawn(q::get);
            Task<Integer> reader2 = spawn(q::get);
            Task<Integer> reader3 = spawn(q::get);
            sleep0();
            q.putNowait(1);
            q.putNowait(2);
            reader1.cancel(); // reader1 was woken for item 1: the wake-up must pass to reader3
            assertThatThrownBy(reader1::await).isInstanceOf(CancellationException.class);
            assertThat(List.of(reader2.await(), reader3.await())).containsExactlyInAnyOrder(1, 2);
            assertThat(q.empty()).isTrue();
            return null;
        });
    }

    @Test
    void putCancelDrop() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        runMain(() -> {
            Task<Void> writer = spawn(() -> {
                q.put(2);
                return null;
            });
            sleep0();
            assertThat(q.getNowait()).isEqualTo(1); // wakes the writer, which has not run yet
            writer.cancel();
            assertThat(catchThrowable(writer::await)).isInstanceOf(CancellationException.class);
            assertThat(q.qsize()).as("the cancelled writer inserted nothing").isZero();
            spawn(() -> {
                q.put(2);
                return null;
            }).await();
            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(q.qsize()).isZero();
            return null;
        });
    }

    @Test
    void nonblockingPutException() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFullException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Queue.putNowait()").hasMessageContaining("Queue[maxsize=1, items=[1]");
    }

    @Test
    void putCancelled() {
        Queue<Integer> q = new Queue<>();
        runMain(() -> {
            Task<Boolean> t = spawn(() -> {
                q.put(1);
                return true;
            });
            assertThat(q.get()).isEqualTo(1);
            assertThat(t.done()).isTrue();
            assertThat(t.result()).isTrue();
            return null;
        });
    }

    @Test
    void putCancelledRace() {
        Queue<String> q = new Queue<>(1);
        runMain(() -> {
            Task<Void> putA = spawn(() -> {
                q.put("a");
                return null;
            });
            Task<Void> putB = spawn(() -> {
                q.put("b");
                return null;
            });
            Task<Void> putC = spawn(() -> {
                q.put("X");
                return null;
            });
            sleep0();
            assertThat(putA.done()).isTrue();
            assertThat(putB.done()).isFalse();

            putC.cancel();
            sleep0();
            assertThat(putC.done()).isTrue();
            assertThat(q.getNowait()).isEqualTo("a");
            sleep0();
            assertThat(q.getNowait()).isEqualTo("b");
            putB.await();
            assertThat(q.empty()).as("X was never inserted").isTrue();
            return null;
        });
    }

    /** Room is made for putter A, which is cancelled before it runs: putter B must get the room. */
    @Test
    void cancelledPutterPassesTheRoomItWasWokenForToTheNextPutter() {
        Queue<String> q = new Queue<>(1);
        q.putNowait("x");
        runMain(() -> {
            Task<Void> putA = spawn(() -> {
                q.put("a");
                return null;
            });
            Task<Void> putB = spawn(() -> {
                q.put("b");
                return null;
            });
            sleep0();
            assertThat(q.getNowait()).isEqualTo("x"); // wakes A
            putA.cancel();
            sleep0(2);
            assertThat(putA.cancelled()).isTrue();
            assertThat(putB.done()).as("B got the room").isTrue();
            assertThat(q.getNowait()).isEqualTo("b");
            assertThat(q.empty()).isTrue();
            return null;
        });
    }

    @Test
    void putWithWaitingGetters() {
        Queue<String> q = new Queue<>();
        runMain(() -> {
            Task<String> t = spawn(q::get);
            sleep0();
            q.put("a");
            assertThat(t.await()).isEqualTo("a");
            return null;
        });
    }

    @Test
    void whyArePuttersWaiting() {
        Queue<Integer> q = new Queue<>(2);
        runMain(() -> {
            Task<Void> getter = spawn(() -> {
                sleep0();
                int n = q.qsize();
                for (int i = 0; i < n; i++) {
                    q.getNowait();
                }
                return null;
            });
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int item = i;
                putters.add(spawn(() -> {
                    q.put(item);
                    return null;
                }));
            }
            getter.await();
            awaitAll(putters);
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly(2, 3);
            return null;
        });
    }

    @Test
    void cancelledPutsNotBeingHeldInSelfPutters() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        runMain(() -> {
            Task<Void> putTask = spawn(() -> {
                q.put(1);
                return null;
            });
            sleep0();
            assertThat(q.putterCount()).isEqualTo(1);
            putTask.cancel();
            assertThatThrownBy(putTask::await).isInstanceOf(CancellationException.class);
            assertThat(q.putterCount()).isZero();
            return null;
        });
    }

    @Test
    void cancelledPutSilenceValueErrorException() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        runMain(() -> {
            Task<Void> putTask = spawn(() -> {
                q.put(1);
                return null;
            });
            sleep0();
            q.getNowait(); // takes the putter off the list
            putTask.cancel(); // so removing it again on cancellation must be harmless
            assertThatThrownBy(putTask::await).isInstanceOf(CancellationException.class);
            return null;
        });
    }

    // ------------------------------------------------------------------ LifoQueueTests, PriorityQueueTests

    @Test
    void lifoOrder() {
        LifoQueue<Integer> q = new LifoQueue<>();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }
        assertThat(List.of(q.getNowait(), q.getNowait(), q.getNowait())).containsExactly(2, 3, 1);
    }

    @Test
    void priorityOrder() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        for (int i : new int[] {1, 3, 2}) {
            q.putNowait(i);
        }
        assertThat(List.of(q.getNowait(), q.getNowait(), q.getNowait())).containsExactly(1, 2, 3);
    }

    @Test
    void priorityOrderByComparator() {
        record Job(int priority, String name) {}
        PriorityQueue<Job> q = new PriorityQueue<>(2, Comparator.comparingInt(Job::priority).reversed());
        runMain(() -> {
            q.put(new Job(1, "low"));
            q.put(new Job(5, "high"));
            Task<Void> blocked = spawn(() -> {
                q.put(new Job(3, "mid"));
                return null;
            });
            sleep0();
            assertThat(q.full()).isTrue();
            assertThat(q.get().name()).isEqualTo("high");
            blocked.await();
            assertThat(q.get().name()).isEqualTo("mid");
            assertThat(q.get().name()).isEqualTo("low");
            return null;
        });
    }

    @Test
    void priorityQueueInNaturalOrderRefusesItemsThatAreNotComparable() {
        PriorityQueue<Object> q = new PriorityQueue<>();
        assertThatThrownBy(() -> q.putNowait(new Object())).isInstanceOf(ClassCastException.class);
        assertThat(q.qsize()).isZero();
        assertThat(q).hasToString("PriorityQueue[maxsize=0]");
    }

    @Test
    void waitingOnAQueueBoundToAnotherLoopIsRefused() {
        Queue<Integer> q = new Queue<>();
        EventLoop other = newTrackedLoop(true);
        other.runUntilComplete(() -> {
            Async.getRunningLoop().callSoon(() -> q.putNowait(1));
            return q.get(); // binds the queue to `other`
        });
        runMain(() -> {
            assertThat(catchThrowable(q::get)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Queue.get()").hasMessageContaining("bound to a different event loop");
            assertThat(q.getterCount()).isZero();
            return null;
        });
    }

    @Test
    void getOutsideATaskIsRefusedWhenItWouldWait() {
        Queue<Integer> q = new Queue<>();
        assertThatThrownBy(q::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Queue.get()").hasMessageContaining("not running a task");
        assertThat(q.getterCount()).isZero();
        q.putNowait(5);
        assertThat(q.get()).as("no wait, no task needed").isEqualTo(5);
    }

    // CPython test_queues: QueueGetTests (the woken getter loops while the queue is empty): an item taken by
    // get_nowait() before the woken getter runs sends it back to wait, and it gets the next item
    @Test
    void itemTakenBeforeTheWokenGetterRunsSendsItBackToWait() {
        Queue<Integer> q = new Queue<>();
        runMain(() -> {
            Task<Integer> getter = spawn(q::get);
            sleep0();
            q.putNowait(1); // wakes the getter
            assertThat(q.getNowait()).isEqualTo(1); // but main takes the item first
            sleep0();
            assertThat(getter.done()).isFalse();
            assertThat(q.getterCount()).isEqualTo(1);
            q.putNowait(2);
            assertThat(getter.await()).isEqualTo(2);
            assertThat(q.getterCount()).isZero();
            return null;
        });
    }

    // CPython test_queues: QueuePutTests (the woken putter loops while the queue is full): room taken by
    // put_nowait() before the woken putter runs sends it back to wait, and its item goes in later, in order
    @Test
    void roomTakenBeforeTheWokenPutterRunsSendsItBackToWait() {
        Queue<String> q = new Queue<>(1);
        runMain(() -> {
            q.putNowait("a");
            Task<Void> putter = spawn(() -> {
                q.put("b");
                return null;
            });
            sleep0();
            assertThat(q.getNowait()).isEqualTo("a"); // wakes the putter
            q.putNowait("x"); // but main fills the room first
            sleep0();
            assertThat(putter.done()).isFalse();
            assertThat(q.putterCount()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo("x");
            putter.await();
            assertThat(q.getNowait()).isEqualTo("b");
            assertThat(q.empty()).isTrue();
            return null;
        });
    }

    // CPython test_queues: test_get_with_waiting_putters / test_put_with_waiting_getters with several waiters:
    // getters are served in arrival order, one item each
    @Test
    void gettersAreServedInArrivalOrder() {
        Queue<Integer> q = new Queue<>();
        runMain(() -> {
            List<Task<Integer>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                getters.add(spawn(q::get));
                sleep0();
            }
            q.putNowait(10);
            q.putNowait(20);
            q.putNowait(30);
            assertThat(awaitAll(getters)).containsExactly(10, 20, 30);
            return null;
        });
    }

    // CPython test_queues: QueueBasicTests.test_full, unbounded: maxsize 0 is never full
    @Test
    void unboundedQueueIsNeverFull() {
        Queue<Integer> q = new Queue<>(0);
        for (int i = 0; i < 1000; i++) {
            q.putNowait(i);
        }
        assertThat(q.full()).isFalse();
        assertThat(q.qsize()).isEqualTo(1000);
        assertThat(q.maxsize()).isZero();
    }

    // CPython test_queues: LifoQueueTests/PriorityQueueTests.test_order with getters already waiting: a waiting
    // getter takes the item put for it, whatever the storage order
    @Test
    void lifoAndPriorityQueuesHandAPutItemToAWaitingGetter() {
        runMain(() -> {
            LifoQueue<Integer> lifo = new LifoQueue<>();
            PriorityQueue<Integer> prio = new PriorityQueue<>();
            Task<Integer> g1 = spawn(lifo::get);
            Task<Integer> g2 = spawn(prio::get);
            sleep0();
            lifo.putNowait(1);
            lifo.putNowait(2);
            prio.putNowait(5);
            prio.putNowait(3);
            // Each getter wakes for the first put, but takes from the storage when it runs, as asyncio does.
            assertThat(g1.await()).isEqualTo(2);
            assertThat(g2.await()).isEqualTo(3);
            assertThat(lifo.getNowait()).isEqualTo(1);
            assertThat(prio.getNowait()).isEqualTo(5);
            return null;
        });
    }

    // CPython test_queues: test_get_cancel_drop_one_pending_reader, with the cancellation coming from a
    // wait_for timeout that expires in the iteration the getter is woken: the item stays for the next getter
    @Test
    void getterWokenThenTimedOutInTheSameIterationLeavesTheItemForTheNextGetter() {
        Queue<String> q = new Queue<>();
        runMain(() -> {
            Async.getRunningLoop().callLater(Duration.ofMillis(10), () -> q.putNowait("item"));
            Task<String> timed = spawn(() -> Async.waitFor(q::get, Duration.ofMillis(10)));
            Task<String> next = spawn(q::get);
            assertThatThrownBy(timed::await).isInstanceOf(AsyncTimeoutException.class);
            assertThat(next.await()).isEqualTo("item");
            assertThat(q.empty()).isTrue();
            assertThat(q.getterCount()).isZero();
            return null;
        });
    }

    // CPython test_queues: test_put_cancel_drop, with the cancellation coming from a wait_for timeout that
    // expires in the iteration the putter is woken: its item is not added and the room goes to the next putter
    @Test
    void putterWokenThenTimedOutInTheSameIterationLeavesTheRoomForTheNextPutter() {
        Queue<String> q = new Queue<>(1);
        runMain(() -> {
            q.putNowait("first");
            Async.getRunningLoop().callLater(Duration.ofMillis(10), q::getNowait);
            Task<Void> timed = spawn(() -> {
                Async.waitFor(() -> {
                    q.put("timed out");
                    return null;
                }, Duration.ofMillis(10));
                return null;
            });
            Task<Void> next = spawn(() -> {
                q.put("next");
                return null;
            });
            assertThatThrownBy(timed::await).isInstanceOf(AsyncTimeoutException.class);
            next.await();
            assertThat(q.getNowait()).isEqualTo("next");
            assertThat(q.empty()).isTrue();
            assertThat(q.putterCount()).isZero();
            return null;
        });
    }
}
