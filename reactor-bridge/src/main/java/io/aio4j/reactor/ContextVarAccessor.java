package io.aio4j.reactor;

import io.aio4j.ContextVar;
import io.aio4j.internal.Checks;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * A {@link ContextVar} seen by Micrometer context-propagation as a thread-local: register it in a
 * {@link ContextRegistry} and whatever propagates thread-locals (Reactor's {@code contextCapture()} and automatic
 * context propagation, Micrometer tracing, {@code ContextSnapshot.wrap}) carries the variable's value under
 * {@code key}, where it reads and writes the current aio4j context: the running task's on a loop, the thread's
 * elsewhere.
 * {@snippet :
 * static final ContextVar<String> TENANT = ContextVar.named("tenant");
 *
 * ContextRegistry.getInstance().registerThreadLocalAccessor(ContextVarAccessor.of("tenant", TENANT));
 * AioContextPropagation.enable();
 * // A task that sets TENANT and awaits a Mono: operators upstream find "tenant" in the Reactor context.
 * // A Reactor context holding "tenant" that subscribes to AioReactor.mono(loop, coro): TENANT.get() in coro.
 * }
 * <dl>
 *   <dt>Absent values</dt><dd>Micrometer and Reactor have no "unset": a variable whose value is null counts as
 *   absent, and clearing the accessor sets the variable to null in the current context (the Reactor bridge treats
 *   null as absent too). A variable with a default reads as that default where it was never set.</dd>
 *   <dt>Threading</dt><dd>Each method acts on the calling thread's current context, as {@link ContextVar#get} and
 *   {@link ContextVar#set} do.</dd>
 *   <dt>asyncio</dt><dd>none: the bridge between {@code contextvars} and Java's thread-local based tooling.</dd>
 * </dl>
 *
 * @param <T> the type of the variable's value
 */
public final class ContextVarAccessor<T> implements ThreadLocalAccessor<T> {
    private final Object key;
    private final ContextVar<T> var;

    private ContextVarAccessor(Object key, ContextVar<T> var) {
        this.key = key;
        this.var = var;
    }

    /**
     * An accessor for {@code var} under {@code key}, to register with
     * {@link ContextRegistry#registerThreadLocalAccessor(ThreadLocalAccessor)}.
     *
     * @param <T> the type of the variable's value
     * @param key the key its value has in snapshots and Reactor contexts (usually a string)
     * @param var the variable
     * @return the accessor
     * @throws NullPointerException if an argument is null
     */
    public static <T> ContextVarAccessor<T> of(Object key, ContextVar<T> var) {
        return new ContextVarAccessor<>(Checks.notNull(key, "key"), Checks.notNull(var, "var"));
    }

    /** Whether {@code accessor} exposes a {@link ContextVar}: such values live in task contexts, not on threads. */
    static boolean isContextVar(ThreadLocalAccessor<?> accessor) {
        return accessor instanceof ContextVarAccessor<?>;
    }

    /**
     * The key given to {@link #of}.
     *
     * @return the key
     */
    @Override
    public Object key() {
        return key;
    }

    /**
     * The variable's value in the current context, or null where it has none.
     *
     * @return the value or null
     */
    @Override
    public T getValue() {
        return var.get(null);
    }

    /**
     * Sets the variable in the current context.
     *
     * @param value the value
     */
    @Override
    public void setValue(T value) {
        var.set(value);
    }

    /** Sets the variable to null (absent) in the current context. */
    @Override
    public void setValue() {
        var.set(null);
    }

    @Override
    public String toString() {
        return "ContextVarAccessor[" + key + " -> " + var + "]";
    }
}
