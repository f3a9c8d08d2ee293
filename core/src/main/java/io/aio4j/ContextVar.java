package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.NoSuchElementException;

/**
 * A variable whose value belongs to the current {@link Context}: per task, inherited by the tasks and callbacks
 * it creates, never leaking back to its creator. Use it for what would be a {@code ThreadLocal} in blocking code
 * (a request id, a tracing span, a locale): under the Continuation backend all tasks share one thread, and under
 * virtual threads a thread may be reused.
 * {@snippet :
 * static final ContextVar<String> REQUEST_ID = ContextVar.named("request_id");
 *
 * Coroutine<Void> handle = () -> {
 *     REQUEST_ID.set("r-42");
 *     Async.createTask(() -> log(REQUEST_ID.get()));   // sees "r-42": a copy of this task's context
 *     return null;
 * };
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code contextvars.ContextVar}. Differences: {@code LookupError} is
 *   {@link NoSuchElementException}; variables compare by identity, like Python's.</dd>
 *   <dt>Threading</dt><dd>{@link #get} and {@link #set} act on the calling thread's current context.</dd>
 * </dl>
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private final String name;
    private final T defaultValue;
    private final boolean hasDefault;

    private ContextVar(String name, T defaultValue, boolean hasDefault) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.hasDefault = hasDefault;
    }

    /**
     * A variable with no default: {@link #get()} throws until it is set.
     * <dl><dt>asyncio</dt><dd>{@code ContextVar(name)}.</dd></dl>
     *
     * @param <T>  the type of the value
     * @param name for messages and {@code toString}
     * @return the variable
     * @throws NullPointerException if {@code name} is null
     */
    public static <T> ContextVar<T> named(String name) {
        return new ContextVar<>(Checks.notNull(name, "name"), null, false);
    }

    /**
     * A variable with a default value.
     * <dl><dt>asyncio</dt><dd>{@code ContextVar(name, default=value)}.</dd></dl>
     *
     * @param <T>          the type of the value
     * @param name         for messages and {@code toString}
     * @param defaultValue what {@link #get()} returns where the variable is not set; may be null
     * @return the variable
     * @throws NullPointerException if {@code name} is null
     */
    public static <T> ContextVar<T> withDefault(String name, T defaultValue) {
        return new ContextVar<>(Checks.notNull(name, "name"), defaultValue, true);
    }

    /**
     * The variable's name.
     * <dl><dt>asyncio</dt><dd>{@code ContextVar.name}.</dd></dl>
     *
     * @return the name
     */
    public String getName() {
        return name;
    }

    /**
     * The value in the current context, else the variable's default.
     * <dl><dt>asyncio</dt><dd>{@code ContextVar.get()}.</dd></dl>
     *
     * @return the value
     * @throws NoSuchElementException if the variable is not set and has no default (asyncio's
     *                                {@code LookupError})
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.current().map.get(this, Context.missing());
        if (v != Context.missing()) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException(this + " has no value in the current context and no default: set it "
                + "first, create it with ContextVar.withDefault(...), or call get(fallback)");
    }

    /**
     * The value in the current context, else {@code fallback} (the variable's own default is not used).
     * <dl><dt>asyncio</dt><dd>{@code ContextVar.get(default)}.</dd></dl>
     *
     * @param fallback what to return where the variable is not set
     * @return the value or {@code fallback}
     */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object v = Context.current().map.get(this, Context.missing());
        return v != Context.missing() ? (T) v : fallback;
    }

    /**
     * Sets the value in the current context.
     * <dl><dt>asyncio</dt><dd>{@code ContextVar.set(value)}.</dd></dl>
     *
     * @param value the new value; may be null
     * @return a token for {@link #reset} to restore the previous value
     */
    public Token<T> set(T value) {
        Context ctx = Context.current();
        Object old = ctx.map.get(this, Context.missing());
        ctx.map = ctx.map.with(this, value);
        return new Token<>(this, ctx, old);
    }

    /**
     * Restores the value the variable had before the {@link #set} that returned {@code token}.
     * <dl><dt>asyncio</dt><dd>{@code ContextVar.reset(token)}.</dd></dl>
     *
     * @param token from {@link #set} on this variable, in the current context, not used before
     * @throws IllegalArgumentException if the token belongs to another variable or was made in another context
     * @throws IllegalStateException    if the token was used already
     * @throws NullPointerException     if {@code token} is null
     */
    public void reset(Token<T> token) {
        Checks.notNull(token, "token");
        if (token.var != this) {
            throw new IllegalArgumentException("reset(): " + token + " was created by " + token.var + ", not by "
                    + this);
        }
        Context ctx = Context.current();
        if (token.context != ctx) {
            throw new IllegalArgumentException("reset(): " + token + " was created in a different Context; reset "
                    + "a variable in the task or callback that set it");
        }
        if (token.used) {
            throw new IllegalStateException("reset(): " + token + " has already been used once");
        }
        token.used = true;
        ctx.map = token.oldValue == Context.missing() ? ctx.map.without(this) : ctx.map.with(this, token.oldValue);
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + (hasDefault ? ", default=" + defaultValue + "]" : "]");
    }

    /**
     * What {@link ContextVar#set} returns, to undo that set with {@link ContextVar#reset}.
     * <dl><dt>asyncio</dt><dd>{@code contextvars.Token}.</dd></dl>
     *
     * @param <T> the type of the variable
     */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Context context;
        private final Object oldValue;
        private boolean used;

        private Token(ContextVar<T> var, Context context, Object oldValue) {
            this.var = var;
            this.context = context;
            this.oldValue = oldValue;
        }

        /**
         * The variable that was set.
         * <dl><dt>asyncio</dt><dd>{@code Token.var}.</dd></dl>
         *
         * @return the variable
         */
        public ContextVar<T> getVar() {
            return var;
        }

        /**
         * Whether the variable had a value before the set (asyncio: {@code old_value is not Token.MISSING}).
         *
         * @return true if it had one
         */
        public boolean hadOldValue() {
            return oldValue != Context.missing();
        }

        /**
         * The value before the set, or null if it had none.
         * <dl><dt>asyncio</dt><dd>{@code Token.old_value} ({@code Token.MISSING} is {@link #hadOldValue()}
         * false).</dd></dl>
         *
         * @return the old value or null
         */
        @SuppressWarnings("unchecked")
        public T getOldValue() {
            return hadOldValue() ? (T) oldValue : null;
        }

        @Override
        public String toString() {
            return "Token[var=" + var.getName() + (used ? ", used]" : "]");
        }
    }
}
