package io.aio4j.reactor;

import io.aio4j.AsyncGenerator;
import io.aio4j.Coroutine;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The bridge's side of {@link AioContextPropagation}, free of Micrometer types: the bridges call it on every
 * subscription, and it reaches {@link ThreadLocalSnapshots} (which needs Micrometer on the classpath) only while
 * propagation is enabled, so that the optional dependency stays optional.
 */
final class ThreadLocalBridge {
    /** Set by {@link AioContextPropagation}. */
    static volatile boolean enabled;

    private ThreadLocalBridge() {}

    /** The context an awaiting task shows upstream, plus its thread-locals when propagation is on. */
    static Context withThreadLocals(Context taskContext) {
        return enabled ? ThreadLocalSnapshots.capture(taskContext) : taskContext;
    }

    /** {@code coro}, made to adopt the thread-locals {@code view} holds first, when propagation is on. */
    static <T> Coroutine<T> adopting(ContextView view, Coroutine<T> coro) {
        if (!enabled) {
            return coro;
        }
        Runnable adopt = ThreadLocalSnapshots.adopter(view);
        if (adopt == null) {
            return coro;
        }
        return new Coroutine<>() {
            @Override
            public T call() throws Exception {
                adopt.run();
                return coro.call();
            }

            @Override
            public String toString() {
                return coro.toString();
            }
        };
    }

    /** {@code body}, made to adopt the thread-locals {@code view} holds first, when propagation is on. */
    static <T> AsyncGenerator.Body<T> adopting(ContextView view, AsyncGenerator.Body<T> body) {
        if (!enabled) {
            return body;
        }
        Runnable adopt = ThreadLocalSnapshots.adopter(view);
        if (adopt == null) {
            return body;
        }
        return new AsyncGenerator.Body<>() {
            @Override
            public void run(AsyncGenerator.Emitter<T> out) throws Exception {
                adopt.run();
                body.run(out);
            }

            @Override
            public String toString() {
                return body.toString();
            }
        };
    }
}
