package io.aio4j.reactor;

import io.aio4j.Awaitable;
import io.aio4j.internal.CurrentTask;

/**
 * An awaitable over a Mono or Flux, as {@link AioReactor} returns them: each {@link #await()} subscribes anew (a
 * {@link MonoAwaiter}, or the core's publisher awaitable for a Flux, does the work). It exists for two things a bare lambda lacks: an await outside a task
 * fails naming the {@code AioReactor} method the user called, and {@code toString} names the source.
 */
final class ReactorAwaitable<R> implements Awaitable<R> {
    private final String method;
    private final Object source;
    private final Awaitable<R> delegate;

    ReactorAwaitable(String method, Object source, Awaitable<R> delegate) {
        this.method = method;
        this.source = source;
        this.delegate = delegate;
    }

    @Override
    public R await() {
        checkInTask(method);
        return delegate.await();
    }

    /** Refuses, naming {@code method}, where no task runs (the core's message would name its own method). */
    static void checkInTask(String method) {
        CurrentTask.require(method);
    }

    @Override
    public String toString() {
        return method + " of " + source;
    }
}
