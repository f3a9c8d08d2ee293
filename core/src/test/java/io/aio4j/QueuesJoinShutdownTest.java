package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code taskDone}, {@code join} and {@code shutdown} of {@link Queue}, {@link LifoQueue} and
 * {@link PriorityQueue}: ports of {@code _QueueJoinTestMixin} and {@code _QueueShutdownTestMixin} (3.13) in
 * CPython's {@code Lib/test/test_asyncio/test_queues.py}, run for each queue type as CPython does. The rest of
 * that file is {@link QueuesTest}.
 */
abstract class QueuesJoinShutdownTest extends SyncTestBase {
    static final class VirtualThreadsTest extends QueuesJoinShutdownTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends QueuesJoinShutdownTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    enum Kind {
        FIFO, LIFO, PRIORITY;

        <T extends Comparable<T>> Queue<T> create(int maxsize) {
            return switch (this) {
                case FIFO -> new Queue<>(maxsize);
                case LIFO -> new LifoQueue<>(maxsize);
                case PRIORITY -> new PriorityQueue<>(maxsize);
            };
        }
    }

    private static void assertShutDown(ThrowingCallable call) {
        assertThat(catchThrowable(call)).isInstanceOf(QueueShutDownException.class)
                .hasMessageContaining("shut down");
    }

    /** After a shutdown, every way in or out refuses (the queue being empty). */
    private static void assertEverythingShutDown(Queue<String> q) {
        assertShutDown(() -> q.put("data"));
        assertShutDown(() -> q.putNowait("data"));
        assertShutDown(q::get);
        assertShutDown(q::getNowait);
    }

    // ------------------------------------------------------------------ _QueueJoinTestMixin

    @ParameterizedTest
    @EnumSource(Kind.class)
    void taskDoneUnderflow(Kind kind) {
        Queue<Integer> q = kind.create(0);
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskDone() called more times");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void taskDone(Kind kind) {
        Queue<Integer> q = kind.create(0);
        for (int i = 0; i < 100; i++) {
            q.putNowait(i);
        }
        AtomicInteger accumulator = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        runMain(() -> {
            // Two workers get items and call taskDone after each; join returns once all are processed.
            List<Task<Void>> workers = spawn(2, () -> {
                while (running.get()) {
                    int item = q.get();
                    accumulator.addAndGet(item);
                    q.taskDone();
                }
                return null;
            });
            q.join();
            assertThat(accumulator).hasValue(4950);
            running.set(false);
            for (int i = 0; i < workers.size(); i++) {
                q.putNowait(0);
            }
            awaitAll(workers);
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void joinEmptyQueue(Kind kind) {
        Queue<Integer> q = kind.create(0);
        runMain(() -> {
            q.join();
            q.join();
            return null;
        });
        q.join(); // nothing unfinished: no need to wait, so no need for a task
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void joinWaitsForEveryTaskDone(Kind kind) {
        Queue<Integer> q = kind.create(0);
        runMain(() -> {
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> joiner = spawn(() -> {
                q.join();
                return null;
            });
            q.getNowait();
            q.getNowait();
            sleep0(2);
            assertThat(joiner.done()).as("taken is not done").isFalse();
            q.taskDone();
            sleep0(2);
            assertThat(joiner.done()).isFalse();
            q.taskDone();
            joiner.await();
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void format(Kind kind) {
        Queue<Integer> q = kind.create(0);
        q.putNowait(1);
        q.putNowait(2);
        q.getNowait();
        assertThat(q.toString()).contains("tasks=2");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancelledJoinLeavesTheQueueAlone(Kind kind) {
        Queue<Integer> q = kind.create(0);
        runMain(() -> {
            q.putNowait(1);
            Task<Void> joiner = spawn(() -> {
                q.join();
                return null;
            });
            sleep0();
            joiner.cancel();
            assertThatThrownBy(joiner::await).isInstanceOf(CancellationException.class);
            assertThat(q.toString()).contains("tasks=1");
            q.getNowait();
            q.taskDone();
            q.join();
            return null;
        });
    }

    // ------------------------------------------------------------------ _QueueShutdownTestMixin

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownFormat(Kind kind) {
        Queue<String> q = kind.create(0);
        q.shutdown();
        assertThat(q.toString()).endsWith(", shutdown]");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownEmpty(Kind kind) {
        Queue<String> q = kind.create(0);
        runMain(() -> {
            Task<String> getTask = spawn(q::get);
            sleep0(); // the get is pending before the shutdown
            q.shutdown(); // unfinished tasks: 0 -> 0
            assertThat(q.qsize()).isZero();
            q.join();
            sleep0();
            assertThat(getTask.done()).isTrue();
            assertShutDown(getTask::await);
            assertEverythingShutDown(q);
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownNonempty(Kind kind) {
        Queue<String> q = kind.create(1);
        runMain(() -> {
            q.putNowait("data");
            Task<Void> joinTask = spawn(() -> {
                q.join();
                return null;
            });
            Task<Void> putTask = spawn(() -> {
                q.put("data2");
                return null;
            });
            sleep0();
            assertThat(putTask.done()).isFalse();

            q.shutdown(); // unfinished tasks: 1 -> 1
            assertThat(q.qsize()).isEqualTo(1);
            sleep0();
            assertThat(putTask.done()).isTrue();
            assertShutDown(putTask::await);

            assertThat(q.get()).as("a shut-down queue drains normally").isEqualTo("data");
            sleep0();
            assertThat(joinTask.done()).isFalse();
            assertEverythingShutDown(q);

            q.taskDone();
            sleep0();
            assertThat(joinTask.done()).isTrue();
            joinTask.await();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownImmediate(Kind kind) {
        Queue<String> q = kind.create(0);
        runMain(() -> {
            q.putNowait("data");
            Task<Void> joinTask = spawn(() -> {
                q.join();
                return null;
            });
            assertThat(q.shutdownNow()).containsExactly("data"); // unfinished tasks: 1 -> 0
            assertThat(q.qsize()).isZero();
            sleep0();
            assertThat(joinTask.done()).isTrue();
            joinTask.await();
            assertEverythingShutDown(q);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownImmediateWithUnfinished(Kind kind) {
        Queue<String> q = kind.create(0);
        runMain(() -> {
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joinTask = spawn(() -> {
                q.join();
                return null;
            });
            assertThat(q.get()).isEqualTo("data");
            assertThat(q.shutdownNow()).containsExactly("data"); // unfinished tasks: 2 -> 1
            assertThat(q.qsize()).isZero();
            sleep0();
            assertThat(joinTask.done()).isFalse();
            assertEverythingShutDown(q);

            q.taskDone();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            sleep0();
            assertThat(joinTask.done()).isTrue();
            joinTask.await();
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownWakesEveryWaitingGetterAndPutter(Kind kind) {
        Queue<String> empty = kind.create(0);
        Queue<String> full = kind.create(1);
        runMain(() -> {
            List<Task<String>> getters = spawn(3, empty::get);
            full.putNowait("x");
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                putters.add(spawn(() -> {
                    full.put("y");
                    return null;
                }));
            }
            sleep0();
            empty.shutdown();
            full.shutdown();
            for (Task<?> t : getters) {
                assertShutDown(t::await);
            }
            for (Task<?> t : putters) {
                assertShutDown(t::await);
            }
            assertThat(empty.getterCount() + full.putterCount()).isZero();
            assertThat(full.getNowait()).as("the queued item is still there").isEqualTo("x");
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownNowDropsItemsInGetOrder(Kind kind) {
        Queue<String> q = kind.create(0);
        for (String s : List.of("b", "a", "c")) {
            q.putNowait(s);
        }
        List<String> expected = switch (kind) {
            case FIFO -> List.of("b", "a", "c");
            case LIFO -> List.of("c", "a", "b");
            case PRIORITY -> List.of("a", "b", "c");
        };
        assertThat(q.shutdownNow()).containsExactlyElementsOf(expected);
        assertThat(q.shutdownNow()).isEmpty();
        assertThat(q.toString()).doesNotContain("tasks=");
    }

    // CPython test_queues: _QueueShutdownTestMixin, shutdown(immediate=False) then shutdown(immediate=True): the
    // second call drops what the first left to drain, and counts it as done
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownThenShutdownNowDropsWhatIsLeft(Kind kind) {
        Queue<String> q = kind.create(0);
        runMain(() -> {
            q.putNowait("a");
            q.putNowait("a");
            Task<Void> joinTask = spawn(() -> {
                q.join();
                return null;
            });
            q.shutdown(); // unfinished tasks: 2 -> 2
            assertThat(q.getNowait()).isEqualTo("a");
            assertThat(q.shutdownNow()).containsExactly("a"); // unfinished tasks: 2 -> 1
            assertThat(q.qsize()).isZero();
            assertEverythingShutDown(q);
            sleep0();
            assertThat(joinTask.done()).as("the item taken is not done yet").isFalse();
            q.taskDone();
            joinTask.await();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    // CPython test_queues: _QueueJoinTestMixin.test_task_done with several joiners: the last task_done() releases
    // every task waiting in join(), and a join() after that returns at once
    @ParameterizedTest
    @EnumSource(Kind.class)
    void lastTaskDoneReleasesEveryJoiner(Kind kind) {
        Queue<Integer> q = kind.create(0);
        runMain(() -> {
            q.putNowait(1);
            q.putNowait(2);
            List<Task<Void>> joiners = spawn(3, () -> {
                q.join();
                return null;
            });
            sleep0();
            q.getNowait();
            q.getNowait();
            q.taskDone();
            sleep0();
            assertThat(joiners).noneMatch(Task::done);
            q.taskDone();
            awaitAll(joiners);
            q.join();
            q.putNowait(3); // a new item makes join() wait again
            Task<Void> again = spawn(() -> {
                q.join();
                return null;
            });
            sleep0();
            assertThat(again.done()).isFalse();
            q.getNowait();
            q.taskDone();
            again.await();
            return null;
        });
    }

    // CPython test_queues: _QueueShutdownTestMixin.test_shutdown_immediate with a putter blocked on a full queue:
    // it fails, and its item is never added
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownNowFailsABlockedPutterWithoutAddingItsItem(Kind kind) {
        Queue<String> q = kind.create(1);
        runMain(() -> {
            q.putNowait("first");
            Task<Void> putter = spawn(() -> {
                q.put("second");
                return null;
            });
            sleep0();
            assertThat(q.shutdownNow()).containsExactly("first");
            assertShutDown(putter::await);
            assertThat(q.qsize()).isZero();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            q.join();
            return null;
        });
    }
}
