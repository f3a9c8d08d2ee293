package io.aio4j;

import static io.aio4j.TaskGroupsTest.after;
import static io.aio4j.TaskGroupsTest.crashAfter;
import static io.aio4j.TaskGroupsTest.errorTypes;
import static io.aio4j.TaskGroupsTest.failingWhenCancelled;
import static io.aio4j.TaskGroupsTest.group;
import static io.aio4j.TaskGroupsTest.seconds;
import static io.aio4j.TaskGroupsTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import io.aio4j.TaskGroupsTest.OtherBoom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskGroup}: the rest of CPython 3.13's {@code Lib/test/test_asyncio/test_taskgroups.py} (entering and
 * creation rules, the parent's cancellation count), kept apart from {@link TaskGroupsTest} only for size, plus the
 * cancellation bookkeeping and {@link TaskGroupException} contents as behaviour sentences. Run as
 * {@link TaskGroupsTest} is: both backends, lazily and with the eager task factory.
 */
abstract class TaskGroupCancellationTest extends LoopTestBase {
    static final class VirtualThreadsTest extends TaskGroupCancellationTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends TaskGroupCancellationTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // CPython test_taskgroups: TestEagerTaskTaskGroup runs every case again with the loop's task factory set to
    // asyncio.eager_task_factory; here TaskFactory.EAGER, on both backends.
    static final class EagerVirtualThreadsTest extends TaskGroupCancellationTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }

        @Override
        boolean eagerTaskFactory() {
            return true;
        }
    }

    static final class EagerContinuationTest extends TaskGroupCancellationTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }

        @Override
        boolean eagerTaskFactory() {
            return true;
        }
    }


    @Test
    void taskgroupNoCreateTaskAfterFailure() {
        Coroutine<Object> coro1 = crashAfter(0.001, new Boom("zero division"));
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(coro1);
            g.createTask(() -> {
                try {
                    sleep(1);
                } catch (CancellationException e) {
                    refused.set(catchThrowable(() -> g.createTask(coro1)));
                }
                return null;
            });
            return null;
        })));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(refused.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
    }

    @Test
    void taskgroupContextManagerExitRaises() {
        // The body's cleanup raises while the group cancels it: both errors end up in the group exception.
        Task<Object> main = loop.createTask(() -> {
            Task<?> task = Async.currentTask();
            Throwable thrown = catchThrowable(() -> new TaskGroup().run(tg -> {
                try {
                    tg.createTask(() -> {
                        throw new OtherBoom("custom");
                    });
                    sleep(1);
                } finally {
                    throw new OtherBoom("custom from cleanup");
                }
            }));
            assertThat(task.cancelling()).isZero();
            assertThat(group(thrown).exceptions()).hasSize(2);
            assertThat(errorTypes(thrown)).containsExactly(OtherBoom.class);
            return null;
        });
        loop.runUntilComplete(main);
    }

    @Test
    void taskgroupAlreadyEntered() {
        run(() -> {
            TaskGroup tg = new TaskGroup();
            return tg.run(g -> {
                assertThatThrownBy(() -> tg.run(inner -> null)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("has already been entered");
                return null;
            });
        });
    }

    @Test
    void taskgroupDoubleEnter() {
        run(() -> {
            TaskGroup tg = new TaskGroup();
            tg.run(g -> null);
            assertThatThrownBy(() -> tg.run(g -> null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has already been entered");
            return null;
        });
    }

    @Test
    void taskgroupFinished() {
        AtomicBoolean ran = new AtomicBoolean();
        run(() -> {
            TaskGroup tg = new TaskGroup();
            tg.run(g -> null);
            assertThatThrownBy(() -> tg.createTask(() -> {
                ran.set(true);
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("is finished");
            Async.sleep(Duration.ZERO);
            return null;
        });
        assertThat(ran).as("the refused coroutine never runs").isFalse();
    }

    @Test
    void taskgroupNotEntered() {
        TaskGroup tg = new TaskGroup();
        assertThatThrownBy(() -> tg.createTask(() -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not been entered");
    }

    @Test
    void taskgroupWithoutParentTask() {
        TaskGroup tg = new TaskGroup();
        assertThatThrownBy(() -> tg.run(g -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parent task");
        assertThatThrownBy(() -> tg.createTask(() -> null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not been entered");
    }

    @Test
    void cancellingLevelPreserved() {
        run(() -> {
            Throwable thrown = catchThrowable(() -> new TaskGroup().run(tg -> tg.createTask(
                    crashAfter(0.0, new OtherBoom("runtime error")))));
            assertThat(errorTypes(thrown)).containsExactly(OtherBoom.class);
            assertThat(Async.currentTask().cancelling()).isZero();
            return null;
        });
    }

    @Test
    void nestedGroupsBothCancelled() {
        run(() -> {
            Throwable outerThrown = catchThrowable(() -> new TaskGroup().run(outerTg -> {
                Throwable innerThrown = catchThrowable(() -> new TaskGroup().run(innerTg -> {
                    innerTg.createTask(crashAfter(0, new OtherBoom("runtime error")));
                    outerTg.createTask(crashAfter(0, new Boom("value error")));
                    return null;
                }));
                assertThat(errorTypes(innerThrown)).containsExactly(OtherBoom.class);
                assertThat(Async.currentTask().cancelling()).isEqualTo(1);
                return null;
            }));
            assertThat(errorTypes(outerThrown)).containsExactly(Boom.class);
            assertThat(Async.currentTask().cancelling()).isZero();
            return null;
        });
    }

    @Test
    void errorAndCancel() {
        Future<Object> event = loop.createFuture();
        run(() -> {
            Task<Object> t = Async.createTask(() -> {
                Throwable thrown = catchThrowable(() -> new TaskGroup().run(tg -> {
                    tg.createTask(() -> {
                        event.setResult(null);
                        Async.sleep(Duration.ZERO);
                        throw new OtherBoom("runtime error");
                    });
                    sleep(1);
                    fail("the sleep in the group should have been cancelled");
                    return null;
                }));
                assertThat(errorTypes(thrown)).containsExactly(OtherBoom.class);
                assertThat(Async.currentTask().cancelling()).isEqualTo(1);
                sleep(1);
                fail("the sleep after the group should have been cancelled");
                return null;
            });
            event.await();
            assertThat(t.cancelling()).isZero();
            t.cancel();
            assertThat(t.cancelling()).isEqualTo(1);
            assertThatThrownBy(t::await).isInstanceOf(CancellationException.class);
            assertThat(t.cancelled()).isTrue();
            return null;
        });
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void runReturnsTheBodysValueOnceEveryTaskIsDone() {
        run(() -> {
            expect(1);
            String value = new TaskGroup().run(g -> {
                g.createTask(() -> {
                    sleep(0.5);
                    expect(3);
                    return null;
                });
                expect(2);
                return "body";
            });
            expect(4);
            assertThat(value).isEqualTo("body");
            return null;
        });
        finish(5);
    }

    @Test
    void groupExceptionCarriesEveryRealFailureButNoCancellation() {
        Boom first = new Boom("first");
        OtherBoom second = new OtherBoom("second, while aborting");
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(crashAfter(0.1, first));
            g.createTask(failingWhenCancelled(second));
            g.createTask(after(10, "cancelled quietly"));
            return null;
        })));
        assertThat(group(thrown).exceptions()).containsExactly(first, second);
        assertThat(thrown.getSuppressed()).containsExactly(first, second);
        assertThat(thrown).hasMessage("unhandled errors in a TaskGroup (2 sub-exceptions)");
    }

    @Test
    void checkedExceptionsAreHeldAsThrown() {
        CheckedBoom fromTask = new CheckedBoom("task");
        CheckedBoom fromBody = new CheckedBoom("body");
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(() -> {
                throw fromTask;
            });
            sleep(1);
            return null;
        })));
        assertThat(group(thrown).exceptions()).containsExactly(fromTask);
        Throwable fromBodyThrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            throw fromBody;
        })));
        assertThat(group(fromBodyThrown).exceptions()).containsExactly(fromBody);
    }

    @Test
    void parentContinuesAfterAHandledFailureWithoutAStrayCancellation() {
        String result = run(() -> {
            try {
                new TaskGroup().run(g -> {
                    g.createTask(crashAfter(0.01, new Boom("x")));
                    sleep(10);
                    return null;
                });
            } catch (TaskGroupException e) {
                // handled
            }
            assertThat(Async.currentTask().cancelling()).isZero();
            sleep(0.1); // would throw if the group's cancellation had leaked
            return "went on";
        });
        assertThat(result).isEqualTo("went on");
    }

    @Test
    void outsideCancellationWithoutFailuresIsACancellation() {
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            g.createTask(after(10, null));
            return null; // waits in the exit
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        r.cancel("from outside");
        assertThat(catchThrowable(() -> loop.runUntilComplete(r))).isExactlyInstanceOf(CancellationException.class)
                .hasMessage("from outside");
        assertThat(r.cancelled()).isTrue();
    }

    @Test
    void outsideCancellationAndAFailureRaiseTheGroupAndKeepTheCancellation() {
        AtomicReference<Throwable> afterGroup = new AtomicReference<>();
        Task<Object> r = loop.createTask(() -> {
            try {
                new TaskGroup().run(g -> {
                    g.createTask(failingWhenCancelled(new Boom("cleanup failed")));
                    sleep(10);
                    return null;
                });
            } catch (TaskGroupException e) {
                assertThat(Async.currentTask().cancelling()).isEqualTo(1);
                afterGroup.set(catchThrowable(() -> sleep(1)));
            }
            return "not cancelled";
        });
        run(() -> Async.sleep(seconds(0.1), null));
        r.cancel();
        loop.runUntilComplete(r);
        assertThat(afterGroup.get()).as("the outside cancellation is delivered at the next await")
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void eagerTaskThatFailsAtOnceAbortsTheGroupAfterCreateTaskReturned() {
        Task<?>[] created = new Task<?>[2];
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            created[0] = g.createTask(() -> {
                throw new Boom("eager failure");
            }, TaskOptions.eager());
            assertThat(created[0].done()).isTrue();
            created[1] = g.createTask(after(10, null)); // not refused: the failure is seen by a callback
            sleep(1);
            return null;
        })));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(created[1].cancelled()).isTrue();
    }

    @Test
    void taskGroupRepr() {
        TaskGroup tg = new TaskGroup();
        assertThat(tg).hasToString("TaskGroup[created]");
        AtomicReference<String> aborting = new AtomicReference<>();
        run(() -> catchThrowable(() -> tg.run(g -> {
            g.createTask(after(10, null));
            g.createTask(after(10, null));
            assertThat(g).hasToString("TaskGroup[tasks=2, entered]");
            g.createTask(() -> {
                sleep(0.1);
                throw new Boom("x");
            });
            g.createTask(() -> {
                try {
                    sleep(10);
                } catch (CancellationException e) {
                    aborting.set(g.toString());
                    throw e;
                }
                return null;
            });
            return null;
        })));
        assertThat(aborting.get()).isEqualTo("TaskGroup[tasks=3, errors=1, aborting]");
        assertThat(tg).hasToString("TaskGroup[errors=1, finished]");
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new TaskGroup().run(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("body");
        run(() -> new TaskGroup().run(g -> {
            assertThatThrownBy(() -> g.createTask(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("coro");
            assertThatThrownBy(() -> g.createTask(() -> null, (String) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> g.createTask(() -> null, (TaskOptions) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
            return null;
        }));
        assertThatThrownBy(() -> new TaskGroupException("m", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // CPython test_taskgroups: test_cancels_task_if_created_during_creation (gh-128550)
    @Test
    void cancelsTaskIfCreatedDuringCreation() {
        AtomicBoolean ran = new AtomicBoolean();
        Boom third = new Boom("third task failed");
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(tg -> {
            tg.createTask(() -> {
                tg.createTask(() -> {
                    throw third;
                });
                // The failure of the task just created must reach this one too, at its next awaits.
                assertThatThrownBy(() -> {
                    Async.sleep(Duration.ZERO);
                    Async.sleep(Duration.ZERO);
                }).isInstanceOf(CancellationException.class);
                ran.set(true);
                return null;
            });
            return null;
        })));
        assertThat(ran).isTrue();
        assertThat(thrown).isInstanceOf(TaskGroupException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(third);
    }

    // CPython test_taskgroups: test_cancellation_does_not_leak_out_of_tg
    @Test
    void cancellationDoesNotLeakOutOfTg() {
        String result = run(() -> {
            Boom boom = new Boom("my error");
            assertThatThrownBy(() -> new TaskGroup().run(tg -> tg.createTask(() -> {
                throw boom;
            }))).isInstanceOf(TaskGroupException.class);
            // A cancellation of the parent left behind by the group would strike here.
            Async.sleep(Duration.ZERO);
            Async.sleep(Duration.ofMillis(1));
            assertThat(Async.currentTask().cancelling()).isZero();
            return "not cancelled";
        });
        assertThat(result).isEqualTo("not cancelled");
    }

    // CPython test_taskgroups: test_taskgroup_without_parent_task, then the group is still usable
    @Test
    void groupRefusedOutsideATaskCanStillBeEnteredInOne() {
        TaskGroup tg = new TaskGroup();
        assertThatThrownBy(() -> tg.run(g -> null)).isInstanceOf(IllegalStateException.class);
        Integer value = run(() -> tg.run(g -> g.createTask(() -> 7).await()));
        assertThat(value).isEqualTo(7);
    }

    // CPython test_taskgroups: test_taskgroup_03 variant: a child that swallows its cancellation and returns a
    // value does not fail the group, and the group still ends with the value
    @Test
    void childSwallowingTheGroupsCancellationEndsNormally() {
        Boom boom = new Boom("first failure");
        AtomicReference<Task<String>> swallower = new AtomicReference<>();
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(tg -> {
            swallower.set(tg.createTask(() -> {
                try {
                    Async.sleep(Duration.ofSeconds(10));
                    return "slept";
                } catch (CancellationException e) {
                    return "swallowed";
                }
            }));
            tg.createTask(() -> {
                Async.sleep(Duration.ofMillis(1));
                throw boom;
            });
            return null;
        })));
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
        assertThat(swallower.get().result()).isEqualTo("swallowed");
    }

    // CPython test_taskgroups: test_taskgroup_15/16 idea for a body failure: the body's own exception aborts the
    // group and is carried with the children's failures; the parent is not left cancelled
    @Test
    void bodyFailureCancelsChildrenAndIsCarried() {
        Boom body = new Boom("body");
        AtomicBoolean childCancelled = new AtomicBoolean();
        Throwable thrown = run(() -> {
            Throwable t = catchThrowable(() -> new TaskGroup().run(tg -> {
                tg.createTask(() -> {
                    try {
                        Async.sleep(Duration.ofSeconds(10));
                    } catch (CancellationException e) {
                        childCancelled.set(true);
                        throw e;
                    }
                    return null;
                });
                Async.sleep(Duration.ZERO);
                throw body;
            }));
            assertThat(Async.currentTask().cancelling()).isZero();
            return t;
        });
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(body);
        assertThat(childCancelled).isTrue();
    }

    // CPython taskgroups.py _aexit ("while self._tasks" loop): the parent cancelled again while the group waits
    // for tasks that unwind slowly: the group still waits for all of them, then raises the cancellation
    @Test
    void groupKeepsWaitingForItsTasksWhenItsParentIsCancelledRepeatedly() {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicBoolean cleanupDoneBeforeRunEnded = new AtomicBoolean();
        Task<Object> parent = loop.createTask(() -> {
            try {
                return new TaskGroup().run(g -> {
                    g.createTask(() -> {
                        try {
                            Async.sleep(Duration.ofSeconds(10));
                        } catch (CancellationException e) {
                            Async.sleep(Duration.ofSeconds(1)); // slow cleanup, not interrupted again
                            cleanedUp.set(true);
                            throw e;
                        }
                        return null;
                    });
                    return null;
                });
            } finally {
                cleanupDoneBeforeRunEnded.set(cleanedUp.get());
            }
        });
        loop.callLater(Duration.ofMillis(100), () -> parent.cancel());
        loop.callLater(Duration.ofMillis(500), () -> parent.cancel());
        double t0 = loop.time();
        assertThat(catchThrowable(() -> loop.runUntilComplete(parent))).isExactlyInstanceOf(CancellationException.class);
        assertThat(cleanupDoneBeforeRunEnded).isTrue();
        assertThat(loop.time() - t0).isGreaterThanOrEqualTo(1.1 - 1e-3);
    }

    // CPython taskgroups.py _aexit (et is None): a body that swallows an outside cancellation ends the body
    // normally, so the group does not abort: its tasks run to completion and run() returns the body's value
    @Test
    void bodySwallowingAnOutsideCancellationLetsTheTasksFinish() {
        AtomicReference<Task<String>> child = new AtomicReference<>();
        Task<String> parent = loop.createTask(() -> new TaskGroup().run(g -> {
            child.set(g.createTask(() -> Async.sleep(Duration.ofSeconds(1), "child done")));
            try {
                Async.sleep(Duration.ofSeconds(10));
            } catch (CancellationException swallowed) {
                return "body done";
            }
            return "slept";
        }));
        loop.callLater(Duration.ofMillis(100), () -> parent.cancel());
        assertThat(loop.runUntilComplete(parent)).isEqualTo("body done");
        assertThat(child.get().result()).isEqualTo("child done");
        assertThat(parent.cancelling()).as("the swallowed request is still counted").isEqualTo(1);
    }

    // CPython taskgroups.py (_on_task_done runs before the awaiting body resumes, and cancels it): a body that
    // awaits a child that fails sees the group's cancellation, not the child's error, and the error is carried
    // once
    @Test
    void bodyAwaitingAFailingChildIsCancelledAndTheFailureIsCarriedOnce() {
        Boom boom = new Boom("child failed");
        AtomicReference<Throwable> seenByBody = new AtomicReference<>();
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            Task<Object> child = g.createTask(() -> {
                Async.sleep(Duration.ofMillis(1));
                throw boom;
            });
            try {
                return child.await();
            } catch (RuntimeException e) {
                seenByBody.set(e);
                throw e;
            }
        })));
        assertThat(seenByBody.get()).isExactlyInstanceOf(CancellationException.class);
        assertThat(((TaskGroupException) thrown).exceptions()).containsExactly(boom);
        assertThat(run(() -> Async.currentTask().cancelling())).isZero();
    }

    // CPython taskgroups.py create_task (no task needed, only the loop): a loop callback may add a task to an
    // entered group, and the group waits for it
    @Test
    void loopCallbackCanAddATaskToAnEnteredGroup() {
        AtomicReference<Task<String>> added = new AtomicReference<>();
        String value = run(() -> new TaskGroup().run(g -> {
            Async.getRunningLoop().callSoon(() -> added.set(g.createTask(() -> "from a callback")));
            Async.sleep(Duration.ofMillis(1)); // the callback runs while the body is still inside
            return added.get().await();
        }));
        assertThat(value).isEqualTo("from a callback");
    }
}
