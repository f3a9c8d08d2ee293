package io.aio4j;

/**
 * Options of {@link EventLoop#createTask(Coroutine, TaskOptions)}: asyncio's keyword arguments of
 * {@code create_task}.
 * {@snippet :
 * loop.createTask(coro, TaskOptions.named("fetcher").withEagerStart());
 * }
 *
 * @param name       the task's name, or null for {@code Task-N}
 * @param eagerStart whether the body's first step runs at once, inside {@code createTask}, when the loop is
 *                   running (asyncio 3.12's eager tasks: a body that finishes without suspending never gets
 *                   scheduled at all)
 * @param context    the context the task runs in (used as it is, not copied), or null for a copy of the current
 *                   context
 */
public record TaskOptions(String name, boolean eagerStart, Context context) {
    /** No name, not eager, a copy of the current context: what {@link EventLoop#createTask(Coroutine)} uses. */
    public static final TaskOptions DEFAULT = new TaskOptions(null, false, null);

    /**
     * Options with a name.
     *
     * @param name the task's name
     * @return the options
     * @throws NullPointerException if {@code name} is null
     */
    public static TaskOptions named(String name) {
        return new TaskOptions(io.aio4j.internal.Checks.notNull(name, "name"), false, null);
    }

    /**
     * Unnamed options with eager start.
     *
     * @return the options
     */
    public static TaskOptions eager() {
        return new TaskOptions(null, true, null);
    }

    /**
     * These options with eager start.
     *
     * @return the options
     */
    public TaskOptions withEagerStart() {
        return new TaskOptions(name, true, context);
    }

    /**
     * These options with the context the task is to run in.
     * <dl><dt>asyncio</dt><dd>{@code create_task(coro, context=ctx)}.</dd></dl>
     *
     * @param runIn the context, used as it is
     * @return the options
     * @throws NullPointerException if {@code runIn} is null
     */
    public TaskOptions withContext(Context runIn) {
        return new TaskOptions(name, eagerStart, io.aio4j.internal.Checks.notNull(runIn, "runIn"));
    }
}
