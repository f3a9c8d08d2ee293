package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Eager start ({@link TaskOptions#eagerStart()}): ports of CPython's
 * {@code Lib/test/test_asyncio/test_eager_task_factory.py} ({@code EagerTaskFactoryLoopTests}), where the loop's
 * task factory is asyncio's eager one; here each task opts in with {@link TaskOptions#eager()}, except in the task
 * counting cases ({@code BaseTaskCountingTests}), which install {@link TaskFactory#eager(TaskFactory)} on the loop.
 * The rest of {@link TaskFactory} is in {@link TaskFactoryTest}.
 */
abstract class EagerTaskFactoryTest extends LoopTestBase {
    static final class VirtualThreadsTest extends EagerTaskFactoryTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends EagerTaskFactoryTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private <T> Task<T> eager(Coroutine<T> coro) {
        return loop.createTask(coro, TaskOptions.eager());
    }

    @Test
    void bodyRunsInsideCreateTaskUntilItFirstSuspends() {
        Future<String> fut = loop.createFuture();
        run(() -> {
            expect(1);
            Task<String> t = eager(() -> {
                expect(2);
                String value = fut.await();
                expect(5);
                return value;
            });
            expect(3);
            assertThat(t.done()).isFalse();
            fut.setResult("resumed");
            expect(4);
            assertThat(t.await()).isEqualTo("resumed");
            finish(6);
            return null;
        });
    }

    @Test
    void awaitFutureDuringEagerStep() {
        assertThat(run(() -> {
            Future<String> fut = loop.createFuture();
            Task<Object> t = eager(() -> {
                fut.setResult("my message");
                return null;
            });
            assertThat(t.done()).as("the eager step completed the task").isTrue();
            return fut.await();
        })).isEqualTo("my message");
    }

    @Test
    void eagerCompletion() {
        assertThat(run(() -> {
            Task<String> t = eager(() -> "hello");
            assertThat(t.done()).as("a body that never suspends is done right after createTask").isTrue();
            assertThat(t.result()).isEqualTo("hello");
            return t.await();
        })).isEqualTo("hello");
    }

    @Test
    void blockAfterEagerStep() {
        assertThat(run(() -> {
            Task<String> t = eager(() -> {
                Async.sleep(Duration.ofMillis(100));
                return "finished after blocking";
            });
            assertThat(t.done()).isFalse();
            String result = t.await();
            assertThat(t.done()).isTrue();
            return result;
        })).isEqualTo("finished after blocking");
    }

    @Test
    void cancellationAfterEagerCompletion() {
        assertThat(run(() -> {
            Task<String> t = eager(() -> "finished without blocking");
            assertThat(t.cancel()).isFalse();
            String result = t.await();
            assertThat(t.cancelled()).as("a finished task cannot be cancelled").isFalse();
            return result;
        })).isEqualTo("finished without blocking");
    }

    @Test
    void cancellationAfterEagerStepBlocks() {
        assertThatThrownBy(() -> run(() -> {
            Task<String> t = eager(() -> {
                Async.sleep(Duration.ofMillis(100));
                return "finished after blocking";
            });
            t.cancel("cancellation message");
            assertThat(t.cancelling()).isPositive();
            return t.await();
        })).isInstanceOf(CancellationException.class).hasMessage("cancellation message");
    }

    @Test
    void currentTask() {
        AtomicReference<Task<?>> captured = new AtomicReference<>();
        run(() -> {
            Task<?> creator = Async.currentTask();
            Task<Object> t = eager(() -> {
                captured.set(Async.currentTask());
                Async.sleep(Duration.ofMillis(100));
                assertThat(Async.currentTask()).isSameAs(captured.get());
                return null;
            });
            assertThat(captured.get()).as("current task during the eager step").isSameAs(t);
            assertThat(Async.currentTask()).as("restored after the eager step").isSameAs(creator);
            t.await();
            return null;
        });
    }

    @Test
    void currentTaskDuringAnEagerStepStartedFromAPlainCallback() {
        AtomicReference<Task<?>> inside = new AtomicReference<>();
        AtomicReference<Object> afterwards = new AtomicReference<>("unset");
        AtomicReference<Task<Object>> created = new AtomicReference<>();
        loop.callSoon(() -> {
            created.set(eager(() -> {
                inside.set(Async.currentTask());
                Async.sleep(Duration.ZERO);
                return null;
            }));
            afterwards.set(Async.currentTask());
        });
        runOneIteration();
        assertThat(inside.get()).isNotNull().isSameAs(created.get());
        assertThat(afterwards.get()).isNull();
        loop.runUntilComplete(created.get());
    }

    @Test
    void allTasksWithEagerCompletion() {
        AtomicReference<Set<Task<?>>> captured = new AtomicReference<>();
        run(() -> {
            Task<Object> t = eager(() -> {
                captured.set(Async.allTasks());
                return null;
            });
            assertThat(captured.get()).contains(t);
            assertThat(Async.allTasks()).doesNotContain(t);
            return null;
        });
    }

    @Test
    void allTasksDuringAnEagerStepIncludesTheCreator() {
        AtomicReference<Set<Task<?>>> captured = new AtomicReference<>();
        Task<Object> creator = loop.createTask(() -> {
            eager(() -> {
                captured.set(Async.allTasks());
                return null;
            });
            return null;
        });
        loop.runUntilComplete(creator);
        assertThat(captured.get()).as("asyncio.all_tasks() holds every task that is not done").contains(creator);
    }

    @Test
    void allTasksWithBlocking() {
        AtomicReference<Set<Task<?>>> captured = new AtomicReference<>();
        run(() -> {
            Future<Object> fut1 = loop.createFuture();
            Future<Object> fut2 = loop.createFuture();
            Task<Object> t = eager(() -> {
                captured.set(Async.allTasks());
                fut1.await();
                fut2.setResult(null);
                return null;
            });
            assertThat(captured.get()).contains(t);
            assertThat(Async.allTasks()).contains(t);
            fut1.setResult(null);
            fut2.await();
            assertThat(Async.allTasks()).doesNotContain(t);
            return null;
        });
    }

    @Test
    void notEagerWhenTheLoopIsNotRunning() {
        AtomicReference<String> log = new AtomicReference<>("not run");
        Task<String> t = eager(() -> {
            log.set("ran");
            return "done";
        });
        assertThat(log.get()).isEqualTo("not run");
        assertThat(t.done()).isFalse();
        assertThat(loop.runUntilComplete(t)).isEqualTo("done");
        assertThat(log.get()).isEqualTo("ran");
    }

    @Test
    void eagerTaskKeepsItsNameAndFailsLikeAnyTask() {
        Boom exc = new Boom("eager failure");
        assertThat(run(() -> {
            Task<Object> t = loop.createTask(() -> {
                throw exc;
            }, TaskOptions.named("eager-one").withEagerStart());
            assertThat(t.getName()).isEqualTo("eager-one");
            assertThat(t.done()).isTrue();
            return t.exception();
        })).isSameAs(exc);
    }

    @Test
    void nestedEagerTasksRunDepthFirstInsideCreateTask() {
        Future<Object> gate = loop.createFuture();
        run(() -> {
            expect(1);
            Task<Object> outer = eager(() -> {
                expect(2);
                Task<Object> inner = eager(() -> {
                    expect(3);
                    gate.await();
                    expect(7);
                    return null;
                });
                expect(4);
                Async.sleep(Duration.ZERO);
                expect(6);
                return inner.await();
            });
            expect(5);
            gate.setResult(null);
            outer.await();
            finish(8);
            return null;
        });
    }

    @Test
    void contextVars() {
        // CPython test_eager_task_factory: test_context_vars
        ContextVar<Integer> cv = ContextVar.withDefault("cv", 0);
        boolean[] steps = {false, false};
        run(() -> {
            cv.set(1);
            Task<Object> t = eager(() -> {
                assertThat(cv.get()).isEqualTo(1);
                cv.set(2);
                steps[0] = true;
                Async.sleep(Duration.ofMillis(100));
                assertThat(cv.get()).isEqualTo(2);
                cv.set(3);
                steps[1] = true;
                return null;
            });
            assertThat(steps[0]).as("first step ran inside createTask").isTrue();
            assertThat(steps[1]).isFalse();
            assertThat(cv.get()).as("the eager step set its own copy").isEqualTo(1);
            t.await();
            assertThat(steps[1]).isTrue();
            assertThat(cv.get()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void eagerStartTrue() {
        // CPython test_tasks: test_eager_start_true: the name is in place during the eager step
        AtomicReference<String> name = new AtomicReference<>();
        run(() -> {
            Task<Object> t = loop.createTask(() -> {
                name.set(Async.currentTask().getName());
                return null;
            }, TaskOptions.named("example").withEagerStart());
            assertThat(t.done()).isTrue();
            assertThat(name.get()).isEqualTo("example");
            return t.await();
        });
    }

    @Test
    void eagerStartFalse() {
        // CPython test_tasks: test_eager_start_false
        AtomicReference<String> name = new AtomicReference<>();
        run(() -> {
            Task<Object> t = loop.createTask(() -> {
                name.set(Async.currentTask().getName());
                return null;
            }, TaskOptions.named("example"));
            assertThat(t.done()).isFalse();
            assertThat(name.get()).isNull();
            t.await();
            assertThat(name.get()).isEqualTo("example");
            return null;
        });
    }

    @Test
    void doneCallbacksOfAnEagerlyCompletedTaskRunThroughTheLoop() {
        // tasks.py: a task finished by its eager step schedules its done callbacks with call_soon like any future
        List<String> log = new ArrayList<>();
        run(() -> {
            Task<String> t = eager(() -> "at once");
            t.addDoneCallback(x -> log.add("callback " + x.result()));
            log.add("after createTask");
            Async.sleep(Duration.ZERO);
            log.add("after one iteration");
            return null;
        });
        assertThat(log).containsExactly("after createTask", "callback at once", "after one iteration");
    }

    @Test
    void eagerTaskAwaitingADoneFutureCompletesWithoutSuspending() {
        // futures.py __await__: a done future returns at once, so an eager task awaiting one never leaves the
        // eager step
        run(() -> {
            Future<String> ready = loop.createFuture();
            ready.setResult("ready");
            Task<String> t = eager(() -> ready.await() + "!");
            assertThat(t.done()).isTrue();
            assertThat(t.result()).isEqualTo("ready!");
            return null;
        });
    }

    @Test
    void cancellingAnEagerTaskCancelsTheFutureItSuspendedOn() {
        // tasks.py Task.cancel() after the eager step suspended: the future it waits for is cancelled with the
        // message, and the task ends cancelled
        run(() -> {
            Future<Object> fut = loop.createFuture();
            Task<Object> t = eager(fut::await);
            assertThat(t.done()).isFalse();
            assertThat(t.cancel("stop")).isTrue();
            assertThat(fut.cancelled()).isTrue();
            assertThat(catchThrowable(t::await)).isInstanceOf(CancellationException.class).hasMessage("stop");
            assertThat(t.cancelled()).isTrue();
            return null;
        });
    }

    @Test
    void eagerTaskThatCancelsItselfAndReturnsIsCancelled() {
        // CPython test_tasks: test_cancel_at_end, during the eager step: the task is cancelled, not finished
        run(() -> {
            Task<Integer> t = eager(() -> {
                Async.currentTask().cancel("self");
                return 12;
            });
            assertThat(t.done()).isTrue();
            assertThat(t.cancelled()).isTrue();
            assertThat(catchThrowable(t::result)).isInstanceOf(CancellationException.class).hasMessage("self");
            return null;
        });
    }

    @Test
    void eagerTaskThatCancelsItselfIsCancelledAtItsFirstAwait() {
        // CPython test_tasks: test_cancel_current_task, during the eager step: as in asyncio's __step, the await
        // cancels the future it would wait for and the eager step ends there; the task resumes with the
        // cancellation at the next iteration, without waiting for the sleep
        List<String> log = new ArrayList<>();
        double t0 = loop.time();
        run(() -> {
            Task<Integer> t = eager(() -> {
                Async.currentTask().cancel();
                try {
                    Async.sleep(Duration.ofSeconds(100));
                } catch (CancellationException e) {
                    log.add("cancelled at the await");
                    throw e;
                }
                return 12;
            });
            assertThat(t.done()).isFalse();
            assertThat(log).isEmpty();
            assertThat(catchThrowable(t::await)).isInstanceOf(CancellationException.class);
            assertThat(log).containsExactly("cancelled at the await");
            assertThat(t.cancelled()).isTrue();
            return null;
        });
        assertThat(loop.time() - t0).isLessThan(1.0);
    }

    @Test
    void eagerTaskThatFailsInItsEagerStepHasTheExceptionAndTheCreatorGoesOn() {
        // tasks.py: an exception in the eager step is the task's outcome; create_task itself does not raise
        Boom exc = new Boom("eager step failed");
        assertThat(run(() -> {
            Task<Object> t = eager(() -> {
                throw exc;
            });
            assertThat(t.done()).isTrue();
            assertThat(catchThrowable(t::await)).isSameAs(exc);
            return "creator went on";
        })).isEqualTo("creator went on");
    }

    @Test
    void eagerStepRunsInTheGivenContext() {
        // CPython test_tasks: test_context_4 with eager_start: the eager step runs in the given context, and the
        // creator's is back once createTask returns
        ContextVar<String> cv = ContextVar.named("cv");
        Context given = new Context();
        run(() -> {
            cv.set("creator");
            Task<String> t = loop.createTask(() -> {
                String seen = cv.get(null);
                cv.set("eager");
                return seen;
            }, TaskOptions.eager().withContext(given));
            assertThat(t.done()).isTrue();
            assertThat(t.result()).as("the given context is empty").isNull();
            assertThat(cv.get()).isEqualTo("creator");
            return null;
        });
        assertThat(given.get(cv)).isEqualTo("eager");
    }

    // ------------------------------------------------------------------ task counting (BaseTaskCountingTests)

    /**
     * Installs a factory on {@link #loop} that counts the tasks made without eager start (CPython's
     * {@code AsyncTaskCounter}), eager or not.
     */
    private int[] installCountingFactory(boolean eager) {
        int[] count = {0};
        TaskFactory counting = (l, coro, options) -> {
            if (!options.eagerStart()) {
                count[0]++;
            }
            return TaskFactory.DEFAULT.createTask(l, coro, options);
        };
        loop.setTaskFactory(eager ? TaskFactory.eager(counting) : counting);
        return count;
    }

    private static Coroutine<Integer> awaitableChain(int depth) {
        return () -> depth == 0 ? 0 : 1 + awaitableChain(depth - 1).await();
    }

    private static Coroutine<Void> recursiveTaskgroups(int width, int depth) {
        return () -> {
            if (depth > 0) {
                new TaskGroup().run(tg -> {
                    for (int i = 0; i < width; i++) {
                        tg.createTask(recursiveTaskgroups(width, depth - 1));
                    }
                    return null;
                });
            }
            return null;
        };
    }

    private static Coroutine<Void> recursiveGather(int width, int depth) {
        return () -> {
            if (depth > 0) {
                List<Coroutine<Void>> children = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    children.add(recursiveGather(width, depth - 1));
                }
                Async.gather(children).await();
            }
            return null;
        };
    }

    @Test
    void eagerTaskFactorySet() {
        // CPython test_eager_task_factory: test_eager_task_factory_set
        loop.setTaskFactory(TaskFactory.EAGER);
        assertThat(loop.getTaskFactory()).isSameAs(TaskFactory.EAGER);
        run(() -> {
            Task<Object> t = loop.createTask(() -> null);
            assertThat(t.done()).as("made eagerly by the factory").isTrue();
            return t.await();
        });
    }

    @Test
    void awaitablesChainMakesOneTaskOrNoneEagerly() {
        // CPython test_eager_task_factory: test_awaitables_chain (NonEagerTests and EagerTests)
        int[] lazy = installCountingFactory(false);
        assertThat(run(awaitableChain(100))).isEqualTo(100);
        assertThat(lazy[0]).isEqualTo(1);
        int[] eager = installCountingFactory(true);
        assertThat(run(awaitableChain(100))).isEqualTo(100);
        assertThat(eager[0]).isZero();
    }

    @Test
    void recursiveTaskgroups() {
        // CPython test_eager_task_factory: test_recursive_taskgroups: 1 + 5 + 5^2 + 5^3 + 5^4 tasks, all eager
        // under the eager factory
        int[] lazy = installCountingFactory(false);
        run(recursiveTaskgroups(5, 4));
        assertThat(lazy[0]).isEqualTo(781);
        int[] eager = installCountingFactory(true);
        run(recursiveTaskgroups(5, 4));
        assertThat(eager[0]).isZero();
    }

    @Test
    void recursiveGather() {
        // CPython test_eager_task_factory: test_recursive_gather
        int[] lazy = installCountingFactory(false);
        run(recursiveGather(5, 4));
        assertThat(lazy[0]).isEqualTo(781);
        int[] eager = installCountingFactory(true);
        run(recursiveGather(5, 4));
        assertThat(eager[0]).isZero();
    }
}
