package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The shared base of the core tests: asyncio's {@code test_utils.TestCase} plus kotlinx's {@code TestBase}.
 *
 * <p>Each test gets a fresh {@link #loop} on {@link #backend()} with a virtual clock (asyncio's {@code TestLoop}):
 * the loop jumps to the next timer whenever it is idle, so timers cost no wall-clock time and never race. The
 * loop's exception handler records every report in {@link #reports}; a test takes the reports it expects with
 * {@link #takeReport()}, and anything left at the end fails the test (RxJava's {@code trackPluginErrors}).
 * {@link #expect(int)}/{@link #finish(int)} check the order of steps. After each test, tasks still pending are
 * cancelled and awaited as {@link Runner#close()} does, and every loop the test made is closed.
 *
 * <p>Each concrete test class is an abstract class of cases with one tiny nested subclass per {@link Backend}
 * (asyncio's Py/C test pairs). A hung test fails after a generous timeout instead of blocking the build.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class LoopTestBase {
    /** The loop of this test: virtual time, recording exception handler. */
    protected EventLoop loop;
    /** What the exception handlers of this test's loops received, in order. */
    protected final List<ExceptionContext> reports = new CopyOnWriteArrayList<>();

    private final List<EventLoop> loops = new ArrayList<>();
    private final AtomicInteger actionIndex = new AtomicInteger();
    private volatile boolean finished;

    /** The backend the cases run on. */
    abstract Backend backend();

    /** The handler installed on every loop of the test: records what it gets. */
    protected final ExceptionHandler recorder = (l, context) -> reports.add(context);

    @BeforeEach
    final void createLoop() {
        loop = newTrackedLoop(virtualTime());
        if (eagerTaskFactory()) {
            loop.setTaskFactory(TaskFactory.EAGER); // every task the loop makes, as loop.set_task_factory does
        }
    }

    /**
     * Whether {@link #loop} makes its tasks with asyncio's eager task factory ({@link TaskFactory#EAGER}); the
     * {@code Eager*} variants of a test class say yes, as CPython's {@code TestEagerTask*} classes rerun theirs.
     */
    boolean eagerTaskFactory() {
        return false;
    }

    /**
     * Whether {@link #loop} has a virtual clock (the default). The I/O tests say no: socket readiness and child
     * exits come in real time, and a virtual clock would jump the tests' timers past them.
     */
    boolean virtualTime() {
        return true;
    }

    /**
     * A further loop on this test's backend, with the recording handler, closed after the test.
     *
     * @param virtualTime whether its clock jumps over idle time (else it is a real-time loop)
     */
    protected final EventLoop newTrackedLoop(boolean virtualTime) {
        EventLoop l = virtualTime ? EventLoop.newVirtualTimeLoop(backend()) : EventLoop.newEventLoop(backend());
        l.setExceptionHandler(recorder);
        synchronized (loops) {
            loops.add(l);
        }
        return l;
    }

    @AfterEach
    final void checkAndCloseLoops() {
        List<Throwable> problems = new ArrayList<>();
        List<EventLoop> all;
        synchronized (loops) {
            all = new ArrayList<>(loops);
        }
        for (EventLoop l : all) {
            if (l.isRunning()) {
                problems.add(new AssertionError("the test left " + l + " running"));
                continue;
            }
            try {
                new Runner(l).close(); // cancels and awaits leftover tasks, reports failed ones, closes
            } catch (Throwable t) {
                problems.add(t);
            }
        }
        if (actionIndex.get() > 0 && !finished) {
            problems.add(new AssertionError("expect() was used but finish() was never reached (last step "
                    + actionIndex.get() + ")"));
        }
        if (!reports.isEmpty()) {
            AssertionError unexpected = new AssertionError("the exception handler received " + reports.size()
                    + " report(s) that the test did not expect: " + describe(reports));
            for (ExceptionContext c : reports) {
                if (c.exception() != null) {
                    unexpected.addSuppressed(c.exception());
                }
            }
            problems.add(unexpected);
        }
        if (!problems.isEmpty()) {
            AssertionError error = problems.get(0) instanceof AssertionError a ? a
                    : new AssertionError("test teardown failed", problems.get(0));
            problems.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    private static String describe(List<ExceptionContext> contexts) {
        StringBuilder sb = new StringBuilder();
        for (ExceptionContext c : contexts) {
            sb.append("\n  - ").append(c.message());
            if (c.exception() != null) {
                sb.append(" [").append(c.exception()).append(']');
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ reports

    /** Removes and returns the one report received so far; fails if there is not exactly one. */
    protected final ExceptionContext takeReport() {
        assertThat(reports).as("exception handler reports").hasSize(1);
        return reports.remove(0);
    }

    /** Removes and returns every report received so far. */
    protected final List<ExceptionContext> takeReports() {
        List<ExceptionContext> taken = new ArrayList<>(reports);
        reports.removeAll(taken);
        return taken;
    }

    // ------------------------------------------------------------------ step order (kotlinx TestBase)

    /** Asserts that this is step {@code index} of the test (steps count from 1). */
    protected final void expect(int index) {
        int actual = actionIndex.incrementAndGet();
        if (actual != index) {
            fail("expected step " + index + " but this is step " + actual);
        }
    }

    /** Asserts that this is step {@code index} and the last one. */
    protected final void finish(int index) {
        expect(index);
        if (finished) {
            fail("finish() called twice");
        }
        finished = true;
    }

    // ------------------------------------------------------------------ loop driving

    /** Runs {@code main} as a task of {@link #loop} until it completes ({@code loop.run_until_complete}). */
    protected final <T> T run(Coroutine<T> main) {
        return loop.runUntilComplete(main);
    }

    /** Runs exactly one iteration of {@link #loop} (asyncio's {@code test_utils.run_once}). */
    protected final void runOneIteration() {
        loop.stop();
        loop.runForever();
    }

    /** Runs {@code n} iterations of {@link #loop}. */
    protected final void runIterations(int n) {
        for (int i = 0; i < n; i++) {
            runOneIteration();
        }
    }

    /**
     * Collects garbage and runs one loop iteration (which polls the loop's reference queue) until {@code done}
     * holds, at most 50 times. Each attempt waits for the JVM's reference handler to have processed that
     * collection (through a sentinel reference of our own), so no attempt depends on wall-clock time.
     *
     * @return whether {@code done} held in the end
     */
    protected final boolean gcUntil(BooleanSupplier done) throws InterruptedException {
        return collectGarbageUntil(done, this::runOneIteration);
    }

    /** Like {@link #gcUntil} for a loop that cannot run any more (closed): only collects and checks. */
    protected static boolean gcWithoutTheLoopUntil(BooleanSupplier done) throws InterruptedException {
        return collectGarbageUntil(done, () -> { });
    }

    private static boolean collectGarbageUntil(BooleanSupplier done, Runnable afterEachCollection)
            throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
            System.gc();
            queue.remove(1_000); // the reference handler has enqueued what this collection found
            Reference.reachabilityFence(sentinel); // an unreachable Reference object is never enqueued
            afterEachCollection.run();
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** A callback whose {@code toString} names it, as reports and warnings print it. */
    protected static Runnable named(String name, Runnable body) {
        return new Runnable() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** A named callback that throws {@code exc}. */
    protected static Runnable throwing(String name, RuntimeException exc) {
        return named(name, () -> {
            throw exc;
        });
    }

    /** A plain unchecked exception with a recognisable message, for identity checks. */
    protected static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    /** A checked exception, for the CompletionException wrapping rules. */
    protected static final class CheckedBoom extends Exception {
        private static final long serialVersionUID = 1L;

        CheckedBoom(String message) {
            super(message);
        }
    }
}
