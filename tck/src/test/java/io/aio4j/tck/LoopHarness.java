package io.aio4j.tck;

import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One event loop running on a platform thread of its own for one TCK verification class, so that the signals of
 * the publishers and subscribers under test flow while the TCK's test thread waits for them.
 *
 * <p>The loop's exception handler records every report; {@link #verifyNoReports(String)} fails with them. Nothing core
 * publishes or subscribes with may report anything during a TCK run: an unretrieved failure, an error dropped
 * after a cancel that should not have happened, a task that crashed, would all show up here.
 *
 * <p>{@link #close()} stops the loop, cancels and awaits the tasks still pending (as {@link Runner#close()} does),
 * closes it and joins its thread.
 */
public final class LoopHarness implements AutoCloseable {
    /** A verification class that runs on a harness, so that {@link LoopReportsListener} can check its reports. */
    public interface Owner {
        /** The harness of the running class; null before {@code @BeforeClass} ran. */
        LoopHarness loopHarness();
    }

    /** How long a hop onto the loop, or the loop's thread ending, may take before we call it hung. */
    private static final long HOP_TIMEOUT_SECONDS = 30;

    private final EventLoop loop;
    private final Thread thread;
    private final List<ExceptionContext> reports = new CopyOnWriteArrayList<>();

    private LoopHarness(Backend backend, String name) {
        loop = EventLoop.newEventLoop(backend);
        loop.setExceptionHandler((l, context) -> reports.add(context));
        CompletableFuture<Void> running = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> running.complete(null));
        thread = Thread.ofPlatform().daemon().name("tck-loop-" + name).unstarted(loop::runForever);
        thread.start();
        await(running, "the loop of " + name + " to start");
    }

    /**
     * Starts a loop on {@code backend} on a new daemon platform thread and waits until it runs.
     *
     * @param backend the loop's backend
     * @param name    names the thread ({@code tck-loop-NAME})
     * @return the running harness
     */
    public static LoopHarness start(Backend backend, String name) {
        return new LoopHarness(backend, name);
    }

    /** The running loop. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Runs {@code action} on the loop (through {@link EventLoop#callSoonThreadsafe}) and returns its result: for
     * what must be created there, like a task or a completed future.
     *
     * @throws AssertionError if the action threw, or the loop did not run it within 30 s
     */
    public <T> T onLoop(Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            try {
                result.complete(action.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return await(result, "an action on " + loop);
    }

    /** Takes the reports the loop's exception handler received so far. */
    public List<ExceptionContext> takeReports() {
        List<ExceptionContext> taken = new ArrayList<>(reports);
        reports.removeAll(taken);
        return taken;
    }

    /**
     * Fails if the loop's exception handler received anything since the last check.
     *
     * @param when names the check in the message (the test method, or the class teardown)
     * @throws AssertionError listing the reports, with their exceptions as suppressed ones
     */
    public void verifyNoReports(String when) {
        List<ExceptionContext> taken = takeReports();
        if (taken.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("the loop's exception handler received " + taken.size()
                + " report(s) " + when + ":");
        for (ExceptionContext c : taken) {
            sb.append("\n  - ").append(c.message());
            if (c.exception() != null) {
                sb.append(" [").append(c.exception()).append(']');
            }
        }
        AssertionError error = new AssertionError(sb.toString());
        taken.stream().map(ExceptionContext::exception).filter(e -> e != null).forEach(error::addSuppressed);
        throw error;
    }

    /**
     * {@link #close()} then {@link #verifyNoReports}: for the {@code @AfterClass} of a verification class.
     *
     * @param testClass names the class in the failure message
     */
    public void closeAndVerify(Class<?> testClass) {
        close();
        verifyNoReports("while closing the loop of " + testClass.getSimpleName() + " (after all its tests)");
    }

    /** Stops the loop, cancels and awaits leftover tasks, closes the loop and joins its thread. Idempotent. */
    @Override
    public void close() {
        if (loop.isClosed()) {
            return;
        }
        if (thread.isAlive()) {
            loop.callSoonThreadsafe(loop::stop);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(HOP_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping " + loop, e);
            }
            if (thread.isAlive()) {
                throw new AssertionError(loop + " did not stop within " + HOP_TIMEOUT_SECONDS + " s");
            }
        }
        new Runner(loop).close(); // cancels and awaits what the TCK left pending, reports failures, closes
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(HOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + HOP_TIMEOUT_SECONDS + " s waiting for " + what, e);
        }
    }

    @Override
    public String toString() {
        return "LoopHarness[" + loop + " on " + thread.getName() + "]";
    }
}
