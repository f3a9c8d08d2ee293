package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#setTaskFactory} and {@link TaskFactory}: asyncio's {@code loop.set_task_factory},
 * {@code get_task_factory}, {@code eager_task_factory} and {@code create_eager_task_factory} (CPython
 * {@code test_base_events}: test_set_task_factory, test_set_task_factory_invalid; {@code test_eager_task_factory}:
 * the factory installed on the loop rather than asked for per task).
 */
abstract class TaskFactoryTest extends LoopTestBase {
    static final class VirtualThreadsTest extends TaskFactoryTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends TaskFactoryTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** A lambda as a coroutine, where a varargs of awaitables gives it no type of its own. */
    private static <T> Coroutine<T> coro(Coroutine<T> body) {
        return body;
    }

    @Test
    void theFactoryIsKeptAndNullRestoresTheLoopsOwnWay() {
        assertThat(loop.getTaskFactory()).isNull();
        TaskFactory counting = (l, coro, options) -> TaskFactory.DEFAULT.createTask(l, coro, options);
        loop.setTaskFactory(counting);
        assertThat(loop.getTaskFactory()).isSameAs(counting);
        loop.setTaskFactory(null);
        assertThat(loop.getTaskFactory()).isNull();
    }

    @Test
    void everyTaskOfTheLoopGoesThroughTheFactoryWithItsOptions() {
        List<String> made = new ArrayList<>();
        loop.setTaskFactory((l, coro, options) -> {
            assertThat(l).isSameAs(loop);
            made.add(options.name());
            return TaskFactory.DEFAULT.createTask(l, coro, options);
        });
        List<Integer> results = run(() -> {
            Task<Integer> named = Async.createTask(() -> 1, "named");
            List<Integer> gathered = Async.gather(coro(() -> 2), coro(() -> 3)).await();
            List<Integer> all = new ArrayList<>(List.of(named.await()));
            all.addAll(gathered);
            return all;
        });
        assertThat(results).containsExactly(1, 2, 3);
        // run()'s main task, the named one, then gather's two: each made by the factory, the name handed to it.
        assertThat(made).hasSize(4).contains("named");
    }

    @Test
    void aFactoryMayWrapTheBodyAndItsResultIsTheTasks() {
        List<String> log = new ArrayList<>();
        String result = run(() -> {
            loop.setTaskFactory((l, coro, options) -> TaskFactory.DEFAULT.createTask(l, () -> {
                log.add("before");
                try {
                    return coro.call();
                } finally {
                    log.add("after");
                }
            }, options));
            Task<String> t = Async.createTask(() -> {
                log.add("body");
                return "value";
            });
            return t.await();
        });
        assertThat(result).isEqualTo("value");
        assertThat(log).containsExactly("before", "body", "after");
    }

    @Test
    void theEagerFactoryRunsEachBodyInsideCreateTaskUntilItSuspends() {
        run(() -> {
            loop.setTaskFactory(TaskFactory.EAGER);
            Future<String> fut = loop.createFuture();
            expect(1);
            Task<String> t = Async.createTask(() -> {
                expect(2);
                return fut.await();
            });
            expect(3);
            Task<String> done = Async.createTask(() -> "at once");
            assertThat(done.done()).as("a body that never suspends finishes inside createTask").isTrue();
            assertThat(done.result()).isEqualTo("at once");
            fut.setResult("later");
            assertThat(t.await()).isEqualTo("later");
            finish(4);
            return null;
        });
    }

    @Test
    void gatherUnderTheEagerFactoryFinishesBodiesThatNeverSuspendWithoutSchedulingThem() {
        // CPython test_eager_task_factory: eager tasks that complete synchronously are done as gather gets them.
        List<String> order = new ArrayList<>();
        List<String> results = run(() -> {
            loop.setTaskFactory(TaskFactory.EAGER);
            Future<List<String>> all = Async.gather(
                    coro(() -> {
                        order.add("a");
                        return "a";
                    }),
                    coro(() -> {
                        order.add("b");
                        return "b";
                    }));
            order.add("gathered");
            return all.await();
        });
        assertThat(results).containsExactly("a", "b");
        assertThat(order).containsExactly("a", "b", "gathered");
    }

    @Test
    void createEagerTaskFactoryStartsTasksEagerlyThroughTheGivenFactory() {
        List<Boolean> eagerFlags = new ArrayList<>();
        TaskFactory recording = (l, coro, options) -> {
            eagerFlags.add(options.eagerStart());
            return TaskFactory.DEFAULT.createTask(l, coro, options);
        };
        List<String> order = new ArrayList<>();
        run(() -> {
            loop.setTaskFactory(TaskFactory.eager(recording));
            Async.createTask(() -> order.add("body"));
            order.add("after createTask");
            return null;
        });
        assertThat(eagerFlags).endsWith(true);
        assertThat(order).containsExactly("body", "after createTask");
        assertThatThrownBy(() -> TaskFactory.eager(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("factory");
    }

    @Test
    void aFactoryThatReturnsNullOrATaskOfAnotherLoopIsReportedAtCreateTask() {
        loop.setTaskFactory((l, coro, options) -> null);
        assertThatThrownBy(() -> loop.createTask(() -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned null").hasMessageContaining("TaskFactory.DEFAULT");

        EventLoop other = newTrackedLoop(true);
        List<Task<?>> strays = new ArrayList<>();
        loop.setTaskFactory((l, coro, options) -> {
            Task<?> stray = TaskFactory.DEFAULT.createTask(other, coro, options);
            strays.add(stray);
            return stray;
        });
        assertThatThrownBy(() -> loop.createTask(() -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("of the loop it is given");
        loop.setTaskFactory(null);
        assertThat(strays).hasSize(1);
        assertThat(other.runUntilComplete(strays.get(0))).isEqualTo(1); // the stray runs on its own loop
    }

    @Test
    void theArgumentsAndTheLoopAreCheckedBeforeTheFactorySeesThem() {
        List<Coroutine<?>> seen = new ArrayList<>();
        loop.setTaskFactory((l, coro, options) -> {
            seen.add(coro);
            return TaskFactory.DEFAULT.createTask(l, coro, options);
        });
        assertThatThrownBy(() -> loop.createTask(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("coro");
        assertThatThrownBy(() -> loop.createTask(() -> 1, (TaskOptions) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
        EventLoop closed = newTrackedLoop(true);
        closed.setTaskFactory(loop.getTaskFactory());
        closed.close();
        assertThatThrownBy(() -> closed.createTask(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(seen).isEmpty();
    }
}
