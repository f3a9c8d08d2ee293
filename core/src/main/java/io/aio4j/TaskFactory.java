package io.aio4j;

/**
 * What makes a loop's tasks: every {@link EventLoop#createTask} (and so every task made by {@link Async#createTask},
 * {@link TaskGroup}, {@link Async#gather}, a server's client handlers...) goes through the factory set with
 * {@link EventLoop#setTaskFactory}. A factory may observe or wrap each task's body, then hands the work to
 * {@link #DEFAULT}, which makes the task as the loop does without a factory.
 * {@snippet :
 * loop.setTaskFactory(TaskFactory.EAGER);                           // asyncio.eager_task_factory
 * loop.setTaskFactory((l, coro, options) -> {                      // count every task made on the loop
 *     created.incrementAndGet();
 *     return TaskFactory.DEFAULT.createTask(l, coro, options);
 * });
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>the {@code factory(loop, coro, **kwargs)} of {@code loop.set_task_factory};
 *   {@link #DEFAULT} is the {@code asyncio.Task} constructor, {@link #EAGER} is 3.12's
 *   {@code asyncio.eager_task_factory} and {@link #eager(TaskFactory)} its {@code create_eager_task_factory}.</dd>
 *   <dt>Threading</dt><dd>Called on the loop, inside {@code createTask}.</dd>
 * </dl>
 */
@FunctionalInterface
public interface TaskFactory {
    /**
     * Makes the task as the loop does without a factory: a new task of {@code loop} running {@code coro}, scheduled
     * (or, with {@link TaskOptions#eagerStart()} on a running loop, started at once). Never goes through a factory.
     */
    TaskFactory DEFAULT = (loop, coro, options) -> loop.newTask(coro, options);

    /** Makes every task an eager one ({@link TaskOptions#withEagerStart()}): asyncio's {@code eager_task_factory}. */
    TaskFactory EAGER = eager(DEFAULT);

    /**
     * Makes a task for {@code coro}. The task must belong to {@code loop}, and its result must be {@code coro}'s
     * (a factory may wrap the body, but must return what the body returns): the caller of {@code createTask} sees
     * it as a {@code Task} of the coroutine's result type.
     *
     * @param loop    the loop whose {@code createTask} was called
     * @param coro    the body
     * @param options the options given to {@code createTask}
     * @return the task, never null
     */
    Task<?> createTask(EventLoop loop, Coroutine<?> coro, TaskOptions options);

    /**
     * A factory that starts every task eagerly, making it with {@code factory}.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.create_eager_task_factory(custom_task_constructor)}.</dd></dl>
     *
     * @param factory what makes the tasks, given options with eager start
     * @return the eager factory
     * @throws NullPointerException if {@code factory} is null
     */
    static TaskFactory eager(TaskFactory factory) {
        io.aio4j.internal.Checks.notNull(factory, "factory");
        return (loop, coro, options) -> factory.createTask(loop, coro, options.withEagerStart());
    }
}
