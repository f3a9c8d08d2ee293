package io.aio4j.reactor;

import io.aio4j.ContextVar;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The {@link ContextVar}s of an awaiting task seen as a Reactor {@link Context}: each variable that has a non-null
 * value is an entry keyed by the {@code ContextVar} object itself.
 *
 * <p>Why a view and not {@code Context.of(map)}: most upstream operators only look keys up ({@code deferContextual}
 * reading one variable), and copying the task's variables into a Reactor context at every await would cost a map
 * and a context per await for nothing. The view holds an O(1) snapshot of the task's {@link io.aio4j.Context}
 * (a {@code copy()}, which shares the immutable contents), answers lookups from it, and builds a real Reactor
 * context only the first time an operator enumerates or extends it ({@code size}, {@code stream}, {@code put},
 * {@code contextWrite} upstream). Being a snapshot, it does not see what the task sets after it subscribed.
 *
 * <p>Reactor contexts hold no null values: a variable set to null is absent here. Thread-safe: the snapshot is
 * never modified, and the lazily built context is immutable (two threads may both build it; either copy is right).
 */
final class ContextVarsView implements Context {
    private final io.aio4j.Context vars;
    private volatile Context entries;

    /** @param vars a snapshot no one else modifies, holding at least one variable */
    ContextVarsView(io.aio4j.Context vars) {
        this.vars = vars;
    }

    /** The snapshot, for a bridge that needs the variables themselves rather than Reactor entries. */
    io.aio4j.Context vars() {
        return vars;
    }

    // ------------------------------------------------------------------ lookups: straight from the snapshot

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key) {
        Object value = valueOf(key);
        if (value == null) {
            throw new NoSuchElementException("Context does not contain key: " + key);
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOrDefault(Object key, T defaultValue) {
        Object value = valueOf(key);
        return value != null ? (T) value : defaultValue;
    }

    @Override
    public boolean hasKey(Object key) {
        return valueOf(key) != null;
    }

    @Override
    public boolean isEmpty() {
        return entries().isEmpty();
    }

    private Object valueOf(Object key) {
        return key instanceof ContextVar<?> var ? vars.get(var) : null;
    }

    // ------------------------------------------------------------------ the rest: on a Reactor copy, built once

    @Override
    public int size() {
        return entries().size();
    }

    @Override
    public Stream<Map.Entry<Object, Object>> stream() {
        return entries().stream();
    }

    @Override
    public Context put(Object key, Object value) {
        return entries().put(key, value);
    }

    @Override
    public Context delete(Object key) {
        return entries().delete(key);
    }

    @Override
    public Context putAll(ContextView other) {
        return entries().putAll(other);
    }

    @Override
    public Context putAllMap(Map<?, ?> map) {
        return entries().putAllMap(map);
    }

    private Context entries() {
        Context e = entries;
        if (e == null) {
            Map<ContextVar<?>, Object> map = vars.toMap();
            map.values().removeIf(Objects::isNull);
            e = Context.of(map);
            entries = e;
        }
        return e;
    }

    @Override
    public String toString() {
        return "ContextVarsView" + vars.toMap();
    }
}
