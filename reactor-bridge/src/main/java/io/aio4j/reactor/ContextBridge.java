package io.aio4j.reactor;

import io.aio4j.AsyncGenerator;
import io.aio4j.ContextVar;
import io.aio4j.Coroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Reactor {@link Context} and aio4j {@link ContextVar}s, both ways (DESIGN §5). The convention: a Reactor context
 * entry whose key is a {@code ContextVar} object is that variable's value.
 *
 * <p><b>Reactor to task</b> ({@link #settingVars}): a task started for a subscription ({@code mono(loop, coro)},
 * {@code flux(loop, body)}) sets those variables first thing, in its own context (a copy of its creator's, as for
 * every task), so its body and the tasks it creates see them. A subscriber context with no such entry costs
 * nothing: the coroutine or body is used as it is.
 *
 * <p><b>Task to Reactor</b> ({@link #ofCurrentTask}): the awaiting task's variables become the context that
 * upstream operators see through the subscriber's {@code currentContext()}: a lazy {@link ContextVarsView} over an
 * O(1) snapshot, or {@link Context#empty()} when the task has no variable set.
 */
final class ContextBridge {
    private ContextBridge() {}

    /** The current task's variables as a Reactor context; empty where none is set. */
    static Context ofCurrentTask() {
        io.aio4j.Context snapshot = io.aio4j.Context.copyContext(); // O(1): shares the immutable contents
        return snapshot.size() == 0 ? Context.empty() : new ContextVarsView(snapshot);
    }

    /** {@code coro}, made to set first the variables that {@code view} holds; {@code coro} itself if none. */
    static <T> Coroutine<T> settingVars(ContextView view, Coroutine<T> coro) {
        Object[] pairs = varsIn(view);
        if (pairs == null) {
            return coro;
        }
        return new Coroutine<>() {
            @Override
            public T call() throws Exception {
                setAll(pairs);
                return coro.call();
            }

            @Override
            public String toString() {
                return coro.toString();
            }
        };
    }

    /** {@code body}, made to set first the variables that {@code view} holds; {@code body} itself if none. */
    static <T> AsyncGenerator.Body<T> settingVars(ContextView view, AsyncGenerator.Body<T> body) {
        Object[] pairs = varsIn(view);
        if (pairs == null) {
            return body;
        }
        return new AsyncGenerator.Body<>() {
            @Override
            public void run(AsyncGenerator.Emitter<T> out) throws Exception {
                setAll(pairs);
                body.run(out);
            }

            @Override
            public String toString() {
                return body.toString();
            }
        };
    }

    /** The {@code ContextVar} entries of {@code view} as (variable, value) pairs, or null if it has none. */
    private static Object[] varsIn(ContextView view) {
        if (view instanceof ContextVarsView tasks) {
            return pairsOf(tasks.vars().toMap()); // an awaiting task's own variables: no Reactor copy needed
        }
        if (view.isEmpty()) {
            return null;
        }
        List<Object> pairs = new ArrayList<>(2);
        view.forEach((key, value) -> {
            if (key instanceof ContextVar<?>) {
                pairs.add(key);
                pairs.add(value);
            }
        });
        return pairs.isEmpty() ? null : pairs.toArray();
    }

    /** The non-null entries of {@code vars} (the ones the view shows), as pairs, or null if there is none. */
    private static Object[] pairsOf(Map<ContextVar<?>, Object> vars) {
        List<Object> pairs = new ArrayList<>(2 * vars.size());
        for (Map.Entry<ContextVar<?>, Object> e : vars.entrySet()) {
            if (e.getValue() != null) {
                pairs.add(e.getKey());
                pairs.add(e.getValue());
            }
        }
        return pairs.isEmpty() ? null : pairs.toArray();
    }

    @SuppressWarnings("unchecked")
    private static void setAll(Object[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            ((ContextVar<Object>) pairs[i]).set(pairs[i + 1]);
        }
    }
}
