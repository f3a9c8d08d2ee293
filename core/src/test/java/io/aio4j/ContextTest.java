package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Context variables: CPython's {@code Lib/test/test_context.py} (the {@code contextvars} module) and the context
 * cases of {@code test_tasks.py} ({@code test_context_1..3}, {@code test_contextvar_modified_in_task}), plus the
 * loop's callback contexts.
 */
abstract class ContextTest extends LoopTestBase {
    static final class VirtualThreadsTest extends ContextTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ContextTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private final ContextVar<String> name = ContextVar.named("name");
    private final ContextVar<Integer> counter = ContextVar.withDefault("counter", 0);

    // ------------------------------------------------------------------ the variable itself (test_context.py)

    @Test
    void contextVarNew() {
        assertThat(name.getName()).isEqualTo("name");
        assertThat(name.toString()).contains("name");
        assertThat(counter.toString()).contains("default=0");
    }

    @Test
    void getWithoutValueOrDefaultThrowsLookupError() {
        assertThat(run(() -> {
            assertThatThrownBy(name::get).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("name").hasMessageContaining("no default");
            return name.get("fallback");
        })).isEqualTo("fallback");
    }

    @Test
    void defaultAndFallback() {
        run(() -> {
            assertThat(counter.get()).isEqualTo(0);
            assertThat(counter.get(7)).isEqualTo(7); // an explicit fallback wins over the variable's default
            counter.set(3);
            assertThat(counter.get(7)).isEqualTo(3);
            return null;
        });
    }

    @Test
    void setThenResetRestoresTheOldValue() {
        run(() -> {
            ContextVar.Token<String> first = name.set("a");
            assertThat(first.hadOldValue()).isFalse();
            assertThat(first.getOldValue()).isNull();
            assertThat(first.getVar()).isSameAs(name);
            ContextVar.Token<String> second = name.set("b");
            assertThat(second.hadOldValue()).isTrue();
            assertThat(second.getOldValue()).isEqualTo("a");
            name.reset(second);
            assertThat(name.get()).isEqualTo("a");
            name.reset(first);
            assertThat(name.get(null)).isNull();
            assertThat(Context.copyContext().containsKey(name)).isFalse();
            return null;
        });
    }

    @Test
    void tokenUsedTwiceIsRefused() {
        run(() -> {
            ContextVar.Token<String> token = name.set("a");
            name.reset(token);
            assertThatThrownBy(() -> name.reset(token)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already been used");
            return null;
        });
    }

    @Test
    void tokenOfAnotherVariableOrContextIsRefused() {
        ContextVar<String> other = ContextVar.named("other");
        run(() -> {
            ContextVar.Token<String> token = name.set("a");
            assertThatThrownBy(() -> other.reset(token)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("other");
            Context elsewhere = Context.copyContext();
            assertThatThrownBy(() -> elsewhere.run(() -> {
                name.reset(token);
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different Context");
            return null;
        });
    }

    // ------------------------------------------------------------------ Context objects

    @Test
    void contextRunSetsInThatContextOnly() {
        Context ctx = new Context();
        String seen = ctx.run(() -> {
            name.set("inside");
            return name.get();
        });
        assertThat(seen).isEqualTo("inside");
        assertThat(ctx.get(name)).isEqualTo("inside");
        assertThat(ctx.size()).isEqualTo(1);
        assertThat(ctx.toMap()).containsEntry(name, "inside");
        assertThat(name.get("outside")).isEqualTo("outside"); // this thread's own context is untouched
    }

    @Test
    void copyIsIndependent() {
        Context ctx = new Context();
        ctx.run(() -> name.set("original"));
        Context copy = ctx.copy();
        copy.run(() -> name.set("changed"));
        assertThat(ctx.get(name)).isEqualTo("original");
        assertThat(copy.get(name)).isEqualTo("changed");
    }

    @Test
    void awaitingInsideContextRunIsRefused() {
        Context ctx = new Context();
        String seen = run(() -> {
            name.set("task");
            assertThatThrownBy(() -> ctx.run(() -> {
                Async.sleep(Duration.ZERO);
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot await inside Context.run()");
            Async.sleep(Duration.ZERO); // and the task itself still awaits, in its own context
            return name.get();
        });
        assertThat(seen).isEqualTo("task");
    }

    @Test
    void enteringAnEnteredContextIsRefused() {
        Context ctx = new Context();
        assertThatThrownBy(() -> ctx.run(() -> ctx.run(() -> 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already entered");
        assertThat(ctx.run(() -> 2)).as("and usable again afterwards").isEqualTo(2);
    }

    @Test
    void aContextEnteredOnAnotherThreadIsRefusedUntilThatThreadLeavesIt() throws Exception {
        Context ctx = new Context();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread other = new Thread(() -> ctx.run(() -> {
            inside.countDown();
            return leave.await(30, TimeUnit.SECONDS);
        }));
        other.start();
        try {
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> ctx.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already entered");
            assertThat(ctx.copy().run(() -> 3)).as("a copy is another context").isEqualTo(3);
        } finally {
            leave.countDown();
            other.join();
        }
        assertThat(ctx.run(() -> 2)).as("entered again once the other thread left it").isEqualTo(2);
    }

    // ------------------------------------------------------------------ tasks (test_tasks.py)

    @Test
    void context1() {
        // Each task runs in a copy of its creator's context taken at creation: what a child sets stays in it.
        List<String> log = new ArrayList<>();
        run(() -> {
            name.set("main");
            Task<Void> child = Async.createTask(() -> {
                log.add("child sees " + name.get());
                name.set("child");
                Async.sleep(Duration.ZERO);
                log.add("child still sees " + name.get());
                return null;
            });
            name.set("main, later"); // after the copy was taken: the child does not see it
            child.await();
            log.add("main sees " + name.get());
            return null;
        });
        assertThat(log).containsExactly("child sees main", "child still sees child", "main sees main, later");
    }

    @Test
    void context2() {
        // Sibling tasks never see each other's sets, however their steps interleave.
        List<String> log = new ArrayList<>();
        run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String who : List.of("a", "b", "c")) {
                tasks.add(Async.createTask(() -> {
                    for (int i = 0; i < 3; i++) {
                        counter.set(counter.get() + 1);
                        name.set(who + counter.get());
                        Async.sleep(Duration.ZERO);
                    }
                    log.add(name.get());
                    return null;
                }));
            }
            for (Task<Void> t : tasks) {
                t.await();
            }
            assertThat(counter.get()).as("main's own value").isEqualTo(0);
            return null;
        });
        assertThat(log).containsExactly("a3", "b3", "c3");
    }

    @Test
    void context3() {
        // A task created with an explicit context runs in it, and what it sets lands there.
        Context given = new Context();
        given.run(() -> name.set("given"));
        run(() -> {
            Task<String> t = Async.getRunningLoop().createTask(() -> {
                String before = name.get();
                name.set("set by the task");
                return before;
            }, TaskOptions.DEFAULT.withContext(given));
            assertThat(t.getContext()).isSameAs(given);
            assertThat(t.await()).isEqualTo("given");
            return null;
        });
        assertThat(given.get(name)).isEqualTo("set by the task");
    }

    @Test
    void context4() {
        // CPython test_tasks: test_context_4 (and _5, _6): two tasks run one after the other in the same given
        // context; each one's set lands in it and the next one sees it
        List<Object> ret = new ArrayList<>();
        run(() -> {
            Context ctx = Context.copyContext();
            ret.add(ctx.get(name));
            Task<Object> t1 = Async.getRunningLoop().createTask(() -> {
                Async.sleep(Duration.ZERO);
                name.set("1");
                return null;
            }, TaskOptions.DEFAULT.withContext(ctx));
            t1.await();
            ret.add(ctx.get(name));
            Task<Object> t2 = Async.getRunningLoop().createTask(() -> {
                assertThat(name.get()).as("t2 sees what t1 set in the shared context").isEqualTo("1");
                Async.sleep(Duration.ZERO);
                name.set("2");
                return null;
            }, TaskOptions.DEFAULT.withContext(ctx));
            t2.await();
            ret.add(ctx.get(name));
            assertThat(name.get(null)).as("the creator's own context is untouched").isNull();
            return null;
        });
        assertThat(ret).containsExactly(null, "1", "2");
    }

    @Test
    void contextvarModifiedInTaskIsInvisibleToTheAwaiter() {
        run(() -> {
            name.set("outer");
            Async.createTask(() -> name.set("inner")).await();
            assertThat(name.get()).isEqualTo("outer");
            return null;
        });
    }

    @Test
    void eagerTaskRunsItsFirstStepInItsOwnContext() {
        List<String> log = new ArrayList<>();
        run(() -> {
            name.set("creator");
            Task<Void> eager = Async.getRunningLoop().createTask(() -> {
                log.add("eager sees " + name.get());
                name.set("eager");
                Async.sleep(Duration.ZERO);
                log.add("eager resumes with " + name.get());
                return null;
            }, TaskOptions.eager());
            log.add("creator sees " + name.get());
            eager.await();
            return null;
        });
        assertThat(log).containsExactly("eager sees creator", "creator sees creator", "eager resumes with eager");
    }

    // ------------------------------------------------------------------ callbacks

    @Test
    void callbackRunsInACopyOfTheContextItWasScheduledFrom() {
        AtomicReference<String> seen = new AtomicReference<>();
        run(() -> {
            name.set("scheduler");
            Async.getRunningLoop().callSoon(() -> {
                seen.set(name.get());
                name.set("callback"); // lands in the copy only
            });
            name.set("scheduler, later");
            Async.sleep(Duration.ZERO);
            assertThat(name.get()).isEqualTo("scheduler, later");
            return null;
        });
        assertThat(seen.get()).isEqualTo("scheduler");
    }

    @Test
    void callSoonWithAContextRunsInThatContext() {
        Context ctx = new Context();
        loop.callSoon(() -> name.set("from the callback"), ctx);
        runOneIteration();
        assertThat(ctx.get(name)).isEqualTo("from the callback");
    }

    @Test
    void doneCallbackRunsInTheContextItWasAddedFrom() {
        AtomicReference<String> seen = new AtomicReference<>();
        run(() -> {
            Future<String> f = Async.getRunningLoop().createFuture();
            name.set("at registration");
            f.addDoneCallback(fut -> seen.set(name.get() + " / " + fut.result()));
            name.set("at completion");
            f.setResult("done");
            Async.sleep(Duration.ZERO);
            return null;
        });
        assertThat(seen.get()).isEqualTo("at registration / done");
    }

    @Test
    void timerCallbackRunsInTheContextItWasScheduledFrom() {
        AtomicReference<String> seen = new AtomicReference<>();
        run(() -> {
            name.set("when scheduled");
            Async.getRunningLoop().callLater(Duration.ofSeconds(5), () -> seen.set(name.get()));
            name.set("later");
            Async.sleep(Duration.ofSeconds(6));
            return null;
        });
        assertThat(seen.get()).isEqualTo("when scheduled");
    }

    @Test
    void threadsafeCallbackRunsInTheSendingThreadsContext() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread sender = Thread.ofPlatform().start(() -> {
            name.set("sender thread");
            loop.callSoonThreadsafe(() -> seen.set(name.get()));
        });
        sender.join();
        runOneIteration();
        assertThat(seen.get()).isEqualTo("sender thread");
    }

    @Test
    void copyContextInsideATaskSeesTheTasksValues() {
        Context copy = run(() -> {
            name.set("task value");
            return Context.copyContext();
        });
        assertThat(copy.get(name)).isEqualTo("task value");
    }
}
