package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks for tools ({@link LoopInstrumentation}): step listeners bracket every step of every task on the thread
 * that runs it, and {@link LoopInstrumentation#runsLoopCode()} is true exactly where loop code runs. No CPython
 * counterpart.
 */
abstract class LoopInstrumentationTest extends LoopTestBase {
    static final class VirtualThreadsTest extends LoopInstrumentationTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends LoopInstrumentationTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** Records "+name"/"-name" per step, and fails if a step ends on another thread or out of order. */
    private static final class Recorder implements LoopInstrumentation.StepListener {
        final List<String> events = new ArrayList<>();
        final ThreadLocal<ArrayList<Task<?>>> open = ThreadLocal.withInitial(ArrayList::new);

        @Override
        public void stepBegins(Task<?> task) {
            assertThat(Async.currentTask()).isSameAs(task);
            open.get().add(task);
            events.add("+" + task.getName());
        }

        @Override
        public void stepEnds(Task<?> task) {
            assertThat(Async.currentTask()).isSameAs(task);
            ArrayList<Task<?>> stack = open.get();
            assertThat(stack).as("steps open on this thread").isNotEmpty();
            assertThat(stack.remove(stack.size() - 1)).as("the innermost open step").isSameAs(task);
            events.add("-" + task.getName());
        }
    }

    private final List<LoopInstrumentation.StepListener> added = new ArrayList<>();

    private void add(LoopInstrumentation.StepListener listener) {
        LoopInstrumentation.addStepListener(listener);
        added.add(listener);
    }

    @AfterEach
    void removeListeners() {
        added.forEach(LoopInstrumentation::removeStepListener);
    }

    @Test
    void listenerBracketsEveryStepOnTheThreadThatRunsIt() {
        Recorder recorder = new Recorder();
        add(recorder);
        run(() -> {
            Task<String> child = Async.createTask(() -> {
                Async.sleep(Duration.ofMillis(1));
                return "done";
            }, "child");
            Async.currentTask().setName("main");
            return child.await();
        });
        assertThat(recorder.events).containsExactly("+Task-1", "-main", "+child", "-child", "+child", "-child",
                "+main", "-main");
    }

    @Test
    void eagerStepsNestInsideTheirCreatorsStep() {
        Recorder recorder = new Recorder();
        add(recorder);
        run(() -> {
            Async.currentTask().setName("main");
            Task<Void> eager = Async.getRunningLoop().createTask(() -> {
                Async.sleep(Duration.ZERO);
                return null;
            }, TaskOptions.named("eager").withEagerStart());
            eager.await();
            return null;
        });
        assertThat(recorder.events).startsWith("+Task-1", "+eager", "-eager");
    }

    @Test
    void aThrowingListenerIsReportedAndTheStepGoesOn() {
        RuntimeException boom = new Boom("listener");
        add(new LoopInstrumentation.StepListener() {
            @Override
            public void stepBegins(Task<?> task) {
                throw boom;
            }

            @Override
            public void stepEnds(Task<?> task) {
            }
        });
        assertThat(run(() -> "ran")).isEqualTo("ran");
        assertThat(takeReport().exception()).isSameAs(boom);
    }

    @Test
    void removedListenerHearsNothing() {
        Recorder recorder = new Recorder();
        LoopInstrumentation.addStepListener(recorder);
        assertThat(LoopInstrumentation.removeStepListener(recorder)).isTrue();
        assertThat(LoopInstrumentation.removeStepListener(recorder)).isFalse();
        run(() -> null);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void runsLoopCodeOnlyWhereTheLoopRuns() throws Exception {
        assertThat(LoopInstrumentation.runsLoopCode()).as("test thread, loop idle").isFalse();
        List<Boolean> seen = new ArrayList<>();
        run(() -> {
            seen.add(LoopInstrumentation.runsLoopCode()); // a task
            Future<Boolean> inCallback = Async.getRunningLoop().createFuture();
            Async.getRunningLoop().callSoon(() -> inCallback.setResult(LoopInstrumentation.runsLoopCode()));
            seen.add(inCallback.await());
            seen.add(Async.toThread(LoopInstrumentation::runsLoopCode)); // a thread of the executor
            return null;
        });
        assertThat(seen).containsExactly(true, true, false);
        assertThat(LoopInstrumentation.runsLoopCode()).as("test thread after the run").isFalse();
        assertThat(CompletableFuture.supplyAsync(LoopInstrumentation::runsLoopCode).get(30, TimeUnit.SECONDS))
                .as("another thread").isFalse();
    }
}
