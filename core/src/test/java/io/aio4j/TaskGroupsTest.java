package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskGroup} and {@link TaskGroupException}: ports of CPython 3.13's
 * {@code Lib/test/test_asyncio/test_taskgroups.py} ({@code async with} is {@link TaskGroup#run}; ExceptionGroup is
 * {@link TaskGroupException}; {@code KeyboardInterrupt} is a {@link VirtualMachineError}; a {@code BaseException}
 * is an {@link Error}), in virtual time, plus the cancellation bookkeeping of the parent task. Each case runs on
 * both backends, lazily and with the eager task factory (CPython's {@code TestEagerTaskTaskGroup}).
 */
abstract class TaskGroupsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends TaskGroupsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends TaskGroupsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // CPython test_taskgroups: TestEagerTaskTaskGroup runs every case again with the loop's task factory set to
    // asyncio.eager_task_factory; here TaskFactory.EAGER, on both backends.
    static final class EagerVirtualThreadsTest extends TaskGroupsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }

        @Override
        boolean eagerTaskFactory() {
            return true;
        }
    }

    static final class EagerContinuationTest extends TaskGroupsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }

        @Override
        boolean eagerTaskFactory() {
            return true;
        }
    }


    /** asyncio's {@code MyBaseExc(BaseException)}: not an Exception, but no VirtualMachineError either. */
    static final class MyError extends Error {
        private static final long serialVersionUID = 1L;

        MyError() {
            super("my error");
        }
    }

    /** A stand-in for ZeroDivisionError, a ValueError... distinguishable by class. */
    static final class OtherBoom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OtherBoom(String message) {
            super(message);
        }
    }

    static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    static void sleep(double s) {
        Async.sleep(seconds(s));
    }

    static <T> Coroutine<T> after(double s, T value) {
        return () -> Async.sleep(seconds(s), value);
    }

    static Coroutine<Object> crashAfter(double s, RuntimeException exc) {
        return () -> {
            sleep(s);
            throw exc;
        };
    }

    static Set<Class<?>> errorTypes(Throwable t) {
        assertThat(t).isInstanceOf(TaskGroupException.class);
        Set<Class<?>> types = new HashSet<>();
        for (Throwable e : ((TaskGroupException) t).exceptions()) {
            types.add(e.getClass());
        }
        return types;
    }

    static TaskGroupException group(Throwable t) {
        assertThat(t).isInstanceOf(TaskGroupException.class);
        return (TaskGroupException) t;
    }

    @Test
    void taskgroup01() {
        List<Task<Integer>> tasks = run(() -> new TaskGroup().run(g -> List.of(
                g.createTask(after(0.1, 42)),
                g.createTask(after(0.2, 11)))));
        assertThat(tasks.get(0).result()).isEqualTo(42);
        assertThat(tasks.get(1).result()).isEqualTo(11);
    }

    @Test
    void taskgroup02() {
        List<Task<Integer>> tasks = run(() -> new TaskGroup().run(g -> {
            Task<Integer> t1 = g.createTask(after(0.1, 42));
            sleep(0.15);
            Task<Integer> t2 = g.createTask(after(0.2, 11));
            return List.of(t1, t2);
        }));
        assertThat(tasks.get(0).result()).isEqualTo(42);
        assertThat(tasks.get(1).result()).isEqualTo(11);
    }

    @Test
    void taskgroup03() {
        List<Task<Integer>> tasks = run(() -> new TaskGroup().run(g -> {
            Task<Integer> t1 = g.createTask(after(1, 42));
            sleep(0.15);
            t1.cancel(); // a task cancelled explicitly: everything goes on as expected
            Task<Integer> t2 = g.createTask(after(0.2, 11));
            return List.of(t1, t2);
        }));
        assertThat(tasks.get(0).cancelled()).isTrue();
        assertThat(tasks.get(1).result()).isEqualTo(11);
    }

    @Test
    void taskgroup04() {
        AtomicInteger num = new AtomicInteger();
        AtomicBoolean t2Cancel = new AtomicBoolean();
        AtomicReference<Task<Object>> t2 = new AtomicReference<>();
        Task<Object> runner = loop.createTask(() -> {
            new TaskGroup().run(g -> {
                g.createTask(crashAfter(0.1, new Boom("zero division")));
                t2.set(g.createTask(() -> {
                    try {
                        sleep(1);
                    } catch (CancellationException e) {
                        t2Cancel.set(true);
                        throw e;
                    }
                    num.addAndGet(1);
                    return null;
                }));
                return null;
            });
            num.addAndGet(10);
            return null;
        });
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(runner));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(num).hasValue(0);
        assertThat(t2Cancel).isTrue();
        assertThat(t2.get().cancelled()).isTrue();
    }

    @Test
    void cancelChildrenOnChildError() {
        AtomicInteger num = new AtomicInteger();
        AtomicBoolean t2Cancel = new AtomicBoolean();
        AtomicBoolean runnerCancel = new AtomicBoolean();
        Task<Object> runner = loop.createTask(() -> {
            new TaskGroup().run(g -> {
                for (int i = 0; i < 3; i++) {
                    g.createTask(crashAfter(0.1, new Boom("zero division " + i)));
                }
                g.createTask(() -> {
                    try {
                        sleep(5);
                    } catch (CancellationException e) {
                        t2Cancel.set(true);
                        throw e;
                    }
                    num.addAndGet(1);
                    return null;
                });
                try {
                    sleep(10);
                } catch (CancellationException e) {
                    runnerCancel.set(true);
                    throw e;
                }
                return null;
            });
            num.addAndGet(10);
            return null;
        });
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(runner));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(group(thrown).exceptions()).as("all three crash in the same iteration").hasSize(3);
        assertThat(num).hasValue(0);
        assertThat(t2Cancel).isTrue();
        assertThat(runnerCancel).isTrue();
        assertThat(runner.cancelled()).as("the group withdrew its cancellation of the parent").isFalse();
    }

    @Test
    void cancellation() {
        AtomicInteger num = new AtomicInteger();
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(() -> {
                    try {
                        sleep(5);
                    } catch (CancellationException e) {
                        num.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            return null;
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel("test");
        assertThat(catchThrowable(() -> loop.runUntilComplete(r))).isInstanceOf(CancellationException.class)
                .hasMessage("test");
        assertThat(num).hasValue(5);
    }

    @Test
    void taskgroup07() {
        AtomicInteger num = new AtomicInteger();
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(() -> {
                    try {
                        sleep(5);
                    } catch (CancellationException e) {
                        num.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            try {
                sleep(10);
            } catch (CancellationException e) {
                num.addAndGet(10);
                throw e;
            }
            return null;
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(r)).isInstanceOf(CancellationException.class);
        assertThat(num).hasValue(15);
    }

    static Coroutine<Object> failingWhenCancelled(RuntimeException exc) {
        return () -> {
            try {
                sleep(10);
            } finally {
                throw exc;
            }
        };
    }

    @Test
    void taskgroup08() {
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            for (int i = 0; i < 5; i++) {
                g.createTask(failingWhenCancelled(new Boom("zero division")));
            }
            sleep(10);
            return null;
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(group(thrown).exceptions()).hasSize(5);
    }

    @Test
    void taskgroup09() {
        List<Task<Integer>> tasks = new ArrayList<>();
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            tasks.add(g.createTask(after(1, 42)));
            tasks.add(g.createTask(after(2, 11)));
            sleep(0.1);
            throw new Boom("zero division");
        })));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(tasks).allMatch(Future::cancelled);
    }

    @Test
    void taskgroup10() {
        List<Task<Integer>> tasks = new ArrayList<>();
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            tasks.add(g.createTask(after(1, 42)));
            tasks.add(g.createTask(after(2, 11)));
            throw new Boom("zero division");
        })));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(tasks).allMatch(Future::cancelled);
    }

    @Test
    void taskgroup11() {
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g1 -> new TaskGroup().run(g2 -> {
            for (int i = 0; i < 5; i++) {
                g2.createTask(failingWhenCancelled(new Boom("zero division")));
            }
            sleep(10);
            return null;
        })));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactly(TaskGroupException.class);
        assertThat(errorTypes(group(thrown).exceptions().get(0))).containsExactly(Boom.class);
    }

    @Test
    void taskgroup12() {
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g1 -> {
            g1.createTask(after(10, null));
            return new TaskGroup().run(g2 -> {
                for (int i = 0; i < 5; i++) {
                    g2.createTask(failingWhenCancelled(new Boom("zero division")));
                }
                sleep(10);
                return null;
            });
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactly(TaskGroupException.class);
        assertThat(errorTypes(group(thrown).exceptions().get(0))).containsExactly(Boom.class);
    }

    @Test
    void taskgroup13() {
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g1 -> {
            g1.createTask(crashAfter(0.1, new OtherBoom("value error 0.1")));
            return new TaskGroup().run(g2 -> g2.createTask(crashAfter(10, new OtherBoom("value error 10"))));
        })));
        assertThat(errorTypes(thrown)).containsExactly(OtherBoom.class);
    }

    @Test
    void taskgroup14() {
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g1 -> {
            g1.createTask(crashAfter(10, new OtherBoom("value error 10")));
            return new TaskGroup().run(g2 -> g2.createTask(crashAfter(0.1, new OtherBoom("value error 0.1"))));
        })));
        assertThat(errorTypes(thrown)).containsExactly(TaskGroupException.class);
        assertThat(errorTypes(group(thrown).exceptions().get(0))).containsExactly(OtherBoom.class);
    }

    private Coroutine<Object> runnerWithSlowCleanup() {
        return () -> new TaskGroup().run(g1 -> {
            g1.createTask(crashAfter(0.3, new Boom("zero division")));
            try {
                sleep(10);
            } catch (CancellationException e) {
                sleep(0.5);
                throw e;
            }
            return null;
        });
    }

    @Test
    void taskgroup15() {
        Task<Object> r = loop.createTask(runnerWithSlowCleanup());
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
    }

    @Test
    void taskgroup16() {
        Coroutine<Object> nestedRunner = runnerWithSlowCleanup();
        Task<Object> r = loop.createTask(() -> Async.createTask(nestedRunner).await());
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
    }

    @Test
    void taskgroup17() {
        AtomicInteger num = new AtomicInteger();
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            try {
                sleep(10);
            } catch (CancellationException e) {
                num.addAndGet(10);
                throw e;
            }
            return null;
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(r)).isInstanceOf(CancellationException.class);
        assertThat(num).hasValue(10);
    }

    @Test
    void taskgroup18() {
        AtomicInteger num = new AtomicInteger();
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            try {
                sleep(10);
            } catch (CancellationException e) {
                num.addAndGet(10);
                throw new Boom("my exc"); // not a good idea, but it has to be supported
            }
            return null;
        }));
        run(() -> Async.sleep(seconds(0.1), null));
        assertThat(r.done()).isFalse();
        r.cancel();
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(num).hasValue(10);
        assertThat(r.cancelled()).isFalse();
    }

    static Coroutine<Object> nestedRaising(Throwable exc) {
        return () -> {
            try {
                sleep(10);
            } finally {
                if (exc instanceof RuntimeException re) {
                    throw re;
                }
                throw (Error) exc;
            }
        };
    }

    @Test
    void taskgroup19() {
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            g.createTask(crashAfter(0.1, new Boom("zero division")));
            return nestedRaising(new OtherBoom("my exc")).await();
        }));
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(r));
        assertThat(errorTypes(thrown)).containsExactlyInAnyOrder(OtherBoom.class, Boom.class);
    }

    @Test
    void taskgroup20() {
        // A VirtualMachineError (asyncio: KeyboardInterrupt) is raised as it is; the other errors are reported.
        InternalError fatal = new InternalError("keyboard interrupt");
        Boom exc = new Boom("zero division");
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(crashAfter(0.1, exc));
            return nestedRaising(fatal).await();
        })));
        assertThat(thrown).isSameAs(fatal);
        ExceptionContext report = takeReport();
        assertThat(report.exception()).isSameAs(exc);
        assertThat(report.message()).contains("was not propagated");
    }

    @Test
    void taskgroup20a() {
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(crashAfter(0.1, new Boom("zero division")));
            return nestedRaising(new MyError()).await();
        })));
        assertThat(errorTypes(thrown)).containsExactlyInAnyOrder(MyError.class, Boom.class);
    }

    @Test
    void taskgroup21() {
        // A child's VirtualMachineError is raised as it is too.
        InternalError fatal = new InternalError("keyboard interrupt");
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(() -> {
                sleep(0.1);
                throw fatal;
            });
            return nestedRaising(new OtherBoom("type error")).await();
        })));
        assertThat(thrown).isSameAs(fatal);
        assertThat(takeReport().exception()).isInstanceOf(OtherBoom.class);
    }

    @Test
    void taskgroup21a() {
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(() -> {
                sleep(0.1);
                throw new MyError();
            });
            return nestedRaising(new OtherBoom("type error")).await();
        })));
        assertThat(errorTypes(thrown)).containsExactlyInAnyOrder(MyError.class, OtherBoom.class);
    }

    @Test
    void taskgroup22() {
        Task<Object> r = loop.createTask(() -> new TaskGroup().run(g -> {
            g.createTask(after(1, 42));
            g.createTask(after(2, 11));
            return null;
        }));
        run(() -> Async.sleep(seconds(0.05), null));
        r.cancel();
        assertThatThrownBy(() -> loop.runUntilComplete(r)).isInstanceOf(CancellationException.class);
    }

    @Test
    void taskgroup23() {
        run(() -> new TaskGroup().run(g -> {
            for (int count = 0; count < 10; count++) {
                sleep(0.1);
                g.createTask(after(0.3, null));
                if (count == 5) {
                    assertThat(g.toString()).matches("TaskGroup\\[tasks=[1-4], entered]");
                }
            }
            sleep(1.35);
            assertThat(g).hasToString("TaskGroup[entered]");
            return null;
        }));
    }

    @Test
    void taskgroup24() {
        run(() -> new TaskGroup().run(g -> g.createTask(() -> {
            sleep(0.1);
            g.createTask(after(0.1, null));
            g.createTask(after(0.2, null));
            return null;
        })));
    }

    @Test
    void taskgroup25() {
        AtomicInteger nhydras = new AtomicInteger();
        class Hydra implements Coroutine<Object> {
            private final TaskGroup g;

            Hydra(TaskGroup g) {
                this.g = g;
            }

            @Override
            public Object call() {
                nhydras.incrementAndGet();
                sleep(0.01);
                g.createTask(new Hydra(g));
                g.createTask(new Hydra(g));
                return null;
            }
        }
        Throwable thrown = run(() -> catchThrowable(() -> new TaskGroup().run(g -> {
            g.createTask(new Hydra(g));
            g.createTask(() -> {
                while (nhydras.get() < 10) {
                    sleep(0.015);
                }
                throw new Boom("zero division");
            });
            return null;
        })));
        assertThat(errorTypes(thrown)).containsExactly(Boom.class);
        assertThat(nhydras.get()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void taskgroupTaskName() {
        run(() -> new TaskGroup().run(g -> {
            Task<Object> t = g.createTask(() -> Async.sleep(Duration.ZERO, null), "yolo");
            assertThat(t.getName()).isEqualTo("yolo");
            return null;
        }));
    }

    @Test
    void taskgroupTaskContext() {
        ContextVar<Integer> cvar = ContextVar.named("cvar");
        run(() -> new TaskGroup().run(g -> {
            Context ctx = Context.copyContext();
            assertThat(ctx.get(cvar)).isNull();
            Task<Object> t1 = g.createTask(() -> {
                Async.sleep(Duration.ZERO);
                cvar.set(1);
                return null;
            }, TaskOptions.DEFAULT.withContext(ctx));
            t1.await();
            assertThat(ctx.get(cvar)).isEqualTo(1);
            Task<Object> t2 = g.createTask(() -> {
                Async.sleep(Duration.ZERO);
                cvar.set(2);
                return null;
            }, TaskOptions.DEFAULT.withContext(ctx));
            t2.await();
            assertThat(ctx.get(cvar)).isEqualTo(2);
            return null;
        }));
    }

    /** Guards the Eager* variants: they must really start the group's tasks inside createTask. */
    @Test
    void variantStartsTasksEagerlyOnlyWhenAsked() {
        AtomicBoolean started = new AtomicBoolean();
        run(() -> new TaskGroup().run(g -> {
            g.createTask(() -> {
                started.set(true);
                return null;
            });
            assertThat(started.get()).isEqualTo(eagerTaskFactory());
            return null;
        }));
        assertThat(started).isTrue();
    }
}
