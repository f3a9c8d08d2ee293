package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mapping of {@link ContextVar}s to values: the state a task carries with it instead of {@code ThreadLocal}s.
 *
 * <p>Every task runs in a context of its own, a copy of its creator's taken when the task was created (or one
 * given in {@link TaskOptions}); a callback runs in a copy of the context current when it was scheduled
 * ({@link EventLoop#callSoon}, {@link Future#addDoneCallback}). So a {@link ContextVar#set} inside a task is
 * seen by that task and by what it creates afterwards, never by its creator or siblings. Code that runs on no
 * loop has a context per thread. Copying is O(1): contexts share their immutable contents until one is set.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code contextvars.Context} and {@code contextvars.copy_context()}. Differences: the
 *   mapping methods are {@link #get}, {@link #containsKey}, {@link #size} and {@link #toMap}.</dd>
 *   <dt>Threading</dt><dd>A context may be used by one thread at a time: {@link #run} refuses a context that is
 *   already entered.</dd>
 * </dl>
 */
public final class Context {
    private static final ThreadLocal<Context> THREAD_CONTEXT = ThreadLocal.withInitial(Context::new);
    private static final Object MISSING = new Object();

    /**
     * The contexts inside a {@link #run} now, on any thread: Python refuses to enter a context that is entered.
     * A set here rather than a flag in each context keeps a context at 16 bytes instead of 24, and there is one
     * beside every task (HeapPerTask); {@code run} is rare by comparison. Contexts compare by identity.
     */
    private static final Set<Context> ENTERED = ConcurrentHashMap.newKeySet();

    ContextMap map;

    /** An empty context. asyncio: {@code contextvars.Context()}. */
    public Context() {
        this(ContextMap.EMPTY);
    }

    Context(ContextMap map) {
        this.map = map;
    }

    /**
     * A copy of the current context: the running task's, the running callback's, or this thread's.
     * <dl><dt>asyncio</dt><dd>{@code contextvars.copy_context()}.</dd></dl>
     *
     * @return a new context with the same variables and values
     */
    public static Context copyContext() {
        return new Context(current().map);
    }

    /**
     * A copy of this context.
     * <dl><dt>asyncio</dt><dd>{@code Context.copy()}.</dd></dl>
     *
     * @return a new context with the same variables and values
     */
    public Context copy() {
        return new Context(map);
    }

    /**
     * Runs {@code body} with this context as the current one, so that what it sets lands here, and returns its
     * result. As in Python, {@code body} runs without awaiting: an await inside it throws
     * {@link IllegalStateException} (to run a coroutine in a context, create a task with
     * {@link TaskOptions#withContext}).
     * <dl><dt>asyncio</dt><dd>{@code Context.run(callable)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param body what to run
     * @return what {@code body} returned
     * @throws IllegalStateException if this context is already entered (here or on another thread)
     * @throws CompletionException   wrapping a checked exception thrown by {@code body}
     * @throws NullPointerException  if {@code body} is null
     */
    public <T> T run(Callable<T> body) {
        Checks.notNull(body, "body");
        Context previous = enter();
        try {
            return body.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        } finally {
            exit(previous);
        }
    }

    /**
     * The value of {@code var} in this context.
     * <dl><dt>asyncio</dt><dd>{@code ctx[var]} / {@code ctx.get(var)}.</dd></dl>
     *
     * @param <T> the type of the variable
     * @param var the variable
     * @return its value here, or null if it has none here (its default is not consulted)
     * @throws NullPointerException if {@code var} is null
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var) {
        Checks.notNull(var, "var");
        Object v = map.get(var, null);
        return (T) v;
    }

    /**
     * Whether {@code var} has a value in this context.
     * <dl><dt>asyncio</dt><dd>{@code var in ctx}.</dd></dl>
     *
     * @param var the variable
     * @return true if set here
     * @throws NullPointerException if {@code var} is null
     */
    public boolean containsKey(ContextVar<?> var) {
        return map.contains(Checks.notNull(var, "var"));
    }

    /**
     * How many variables have a value in this context.
     * <dl><dt>asyncio</dt><dd>{@code len(ctx)}.</dd></dl>
     *
     * @return the count
     */
    public int size() {
        return map.size();
    }

    /**
     * The variables and values of this context, in the order they were first set.
     * <dl><dt>asyncio</dt><dd>{@code ctx.items()}.</dd></dl>
     *
     * @return a new, independent map
     */
    public Map<ContextVar<?>, Object> toMap() {
        Map<ContextVar<?>, Object> copy = new LinkedHashMap<>();
        for (int i = 0; i < map.size(); i++) {
            copy.put(map.keyAt(i), map.valueAt(i));
        }
        return copy;
    }

    @Override
    public String toString() {
        return "Context" + toMap();
    }

    // ------------------------------------------------------------------ the current context

    /** The context code on this thread runs in now: the loop's current one on a loop, else the thread's. */
    static Context current() {
        EventLoop loop = loopInCharge();
        return loop != null ? loop.currentContext : THREAD_CONTEXT.get();
    }

    /** The loop whose current context applies to this thread now (it runs the loop's code), or null. */
    private static EventLoop loopInCharge() {
        EventLoop loop = ActiveLoops.current();
        return loop != null && loop.currentContext != null && loop.inEventLoop() ? loop : null;
    }

    private Context enter() {
        if (!ENTERED.add(this)) {
            throw new IllegalStateException("Context.run(): " + this + " is already entered; "
                    + "run a copy instead (ctx.copy().run(...))");
        }
        EventLoop loop = loopInCharge();
        if (loop != null) {
            Context previous = loop.currentContext;
            loop.currentContext = this;
            return previous;
        }
        Context previous = THREAD_CONTEXT.get();
        THREAD_CONTEXT.set(this);
        return previous;
    }

    private void exit(Context previous) {
        ENTERED.remove(this);
        EventLoop loop = loopInCharge();
        if (loop != null && loop.currentContext == this) {
            loop.currentContext = previous;
        } else {
            THREAD_CONTEXT.set(previous);
        }
    }

    static Object missing() {
        return MISSING;
    }
}
