package io.aio4j;

import java.util.Arrays;

/**
 * The immutable mapping inside a {@link Context}: variables and their values in a flat array, copied on write.
 * Python uses a HAMT for O(log n) updates; a program has a handful of context variables, for which a linear
 * scan over one small array is faster and allocates less. Copying a context shares the map, so it is O(1).
 */
final class ContextMap {
    static final ContextMap EMPTY = new ContextMap(new Object[0]);

    /** Pairs: keys at even indexes, values at odd ones. */
    private final Object[] entries;

    private ContextMap(Object[] entries) {
        this.entries = entries;
    }

    int size() {
        return entries.length / 2;
    }

    /** The index of {@code var}'s value, or -1. */
    private int indexOf(ContextVar<?> var) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == var) {
                return i + 1;
            }
        }
        return -1;
    }

    boolean contains(ContextVar<?> var) {
        return indexOf(var) >= 0;
    }

    /** The value of {@code var}, or {@code missing} when the map has none. */
    Object get(ContextVar<?> var, Object missing) {
        int i = indexOf(var);
        return i < 0 ? missing : entries[i];
    }

    ContextMap with(ContextVar<?> var, Object value) {
        int i = indexOf(var);
        Object[] e;
        if (i >= 0) {
            if (entries[i] == value) {
                return this;
            }
            e = entries.clone();
            e[i] = value;
        } else {
            e = Arrays.copyOf(entries, entries.length + 2);
            e[entries.length] = var;
            e[entries.length + 1] = value;
        }
        return new ContextMap(e);
    }

    ContextMap without(ContextVar<?> var) {
        int i = indexOf(var);
        if (i < 0) {
            return this;
        }
        Object[] e = new Object[entries.length - 2];
        System.arraycopy(entries, 0, e, 0, i - 1);
        System.arraycopy(entries, i + 1, e, i - 1, entries.length - i - 1);
        return new ContextMap(e);
    }

    ContextVar<?> keyAt(int index) {
        return (ContextVar<?>) entries[2 * index];
    }

    Object valueAt(int index) {
        return entries[2 * index + 1];
    }
}
