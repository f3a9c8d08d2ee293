package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Async#wait}: suspends the calling task until some or all of a set of futures are done, or a timeout
 * passes, and partitions them into done and pending. It neither raises on timeout nor cancels anything.
 * <dl><dt>asyncio</dt><dd>{@code asyncio.wait} and {@code _wait} (tasks.py); since Python 3.11 it refuses
 * coroutines, which here the parameter type does.</dd></dl>
 */
final class Wait<F extends Future<?>> implements Consumer<Future<?>> {
    private final Set<F> futures;
    private final ReturnWhen returnWhen;
    private final Future<Void> waiter;
    private TimerHandle timeoutHandle;
    private int remaining;

    private Wait(EventLoop loop, Set<F> futures, ReturnWhen returnWhen) {
        this.futures = futures;
        this.returnWhen = returnWhen;
        this.remaining = futures.size();
        this.waiter = loop.createFuture();
    }

    /**
     * Implements {@link Async#wait(Collection, ReturnWhen, Duration)}; a null {@code timeout} waits without limit.
     */
    static <F extends Future<?>> WaitResult<F> wait(Collection<? extends F> fs, ReturnWhen returnWhen,
            Duration timeout) {
        String method = "Async.wait()";
        Checks.notNull(fs, "fs");
        Checks.notNull(returnWhen, "returnWhen");
        Set<F> futures = new LinkedHashSet<>(); // Future keeps Object's identity equality
        int index = 0;
        for (F f : fs) {
            futures.add(Checks.notNull(f, "fs[" + index++ + "]"));
        }
        if (futures.isEmpty()) {
            throw new IllegalArgumentException(method + ": the collection of futures is empty; pass at least one "
                    + "task or future");
        }
        Task<?> task = RunningLoop.currentTask(method);
        EventLoop loop = task.loop;
        for (Future<?> f : futures) {
            loop.toFuture(f, method); // refuses a future of another loop
        }
        return new Wait<>(loop, futures, returnWhen).await(timeout);
    }

    private WaitResult<F> await(Duration timeout) {
        EventLoop loop = waiter.loop;
        if (timeout != null) {
            timeoutHandle = loop.callLater(Timeout.nonNegative(timeout), this::release);
        }
        for (F f : futures) {
            f.addDoneCallback(this);
        }
        try {
            waiter.await();
        } finally {
            if (timeoutHandle != null) {
                timeoutHandle.cancel();
            }
            for (F f : futures) {
                f.removeDoneCallback(this);
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : futures) {
            (f.done() ? done : pending).add(f);
        }
        return new WaitResult<>(done, pending);
    }

    /** A future is done (asyncio's {@code _on_completion}). */
    @Override
    public void accept(Future<?> f) {
        remaining--;
        if (remaining <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
            if (timeoutHandle != null) {
                timeoutHandle.cancel();
            }
            release();
        }
    }

    private void release() {
        if (!waiter.done()) {
            waiter.setResult(null);
        }
    }

    @Override
    public String toString() {
        return "Async.wait(" + returnWhen + ") of " + futures.size() + " futures";
    }
}
