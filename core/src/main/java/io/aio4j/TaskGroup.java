package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Structured concurrency: a scope whose tasks all end before it does.
 * {@snippet :
 * List<Task<String>> pages = new TaskGroup().run(group -> List.of(
 *         group.createTask(() -> fetch("a")),
 *         group.createTask(() -> fetch("b"))));
 * // both tasks are done here, successfully: otherwise run() threw
 * }
 *
 * <p>{@link #run} runs the body inline on the calling task (the group's parent), then waits for every task
 * created in the group, including tasks created by those tasks while it waits. The first task that fails, or a
 * body that fails, aborts the group: every task still running is cancelled, and so is the body if it is still
 * running (the parent task is cancelled; the group withdraws that cancellation again on exit, so none leaks out).
 * When all tasks are done, {@link #run} throws one {@link TaskGroupException} carrying every failure of the tasks
 * and of the body, cancellations excluded. Without failures, a cancellation of the parent task from outside
 * cancels the tasks and comes out of {@link #run} as that {@link CancellationException}.
 *
 * <p>Lifecycle: CREATED -> ENTERED by {@link #run} -> EXITING once the body has returned -> FINISHED; from
 * ENTERED or EXITING to ABORTING on the first failure or an outside cancellation, then FINISHED. A group is
 * entered once.
 *
 * <p><b>Why {@code run(body)} and not try-with-resources.</b> asyncio's {@code __aexit__} receives the body's
 * exception and, when the group itself cancelled the body, replaces the {@code CancelledError} with the
 * exception group. A Java {@code close()} cannot see or replace the block's exception (what it throws is only
 * added as suppressed), so a failed child would surface as a bare {@link CancellationException}. The scope is a
 * method taking the body.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.TaskGroup} (taskgroups.py, Python 3.13), entered by {@code async with}.
 *   Differences: {@code async with} is {@link #run}; the {@code ExceptionGroup} is {@link TaskGroupException};
 *   Python's {@code SystemExit}/{@code KeyboardInterrupt} rule (raised as they are, other errors reported to the
 *   loop's exception handler) applies to {@link VirtualMachineError}s.</dd>
 *   <dt>Threading</dt><dd>On the loop only: {@link #run} from a task, {@link #createTask} from its tasks and
 *   callbacks.</dd>
 * </dl>
 */
public final class TaskGroup {
    /**
     * The body of a task group: runs inline on the parent task, creating tasks with {@link #createTask}.
     *
     * @param <T> the type of the body's result ({@code Void} and {@code return null} for none)
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the body.
         *
         * @param group the group, to create tasks in
         * @return the result, which {@link TaskGroup#run} returns once every task is done
         * @throws Exception anything; it aborts the group and becomes one of the {@link TaskGroupException}'s
         *                   exceptions (a {@link CancellationException} is a cancellation instead)
         */
        T run(TaskGroup group) throws Exception;
    }

    enum State { CREATED, ENTERED, EXITING, ABORTING, FINISHED }

    private State state = State.CREATED;
    private EventLoop loop;
    private Task<?> parent;
    /** Whether the group cancelled its parent and so owes it an {@link Task#uncancel()}. */
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    /** The first {@link VirtualMachineError}, which is thrown as it is (asyncio's {@code _base_error}). */
    private Throwable baseError;
    /** What the exiting body waits on until the last task is done. */
    private Future<Void> onCompleted;
    private final Consumer<Future<?>> onTaskDone = new Consumer<>() {
        @Override
        public void accept(Future<?> task) {
            taskDone((Task<?>) task);
        }

        @Override
        public String toString() {
            return "done callback of " + TaskGroup.this;
        }
    };

    /**
     * Creates a group, to be entered with {@link #run}.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.TaskGroup()}.</dd></dl>
     */
    public TaskGroup() {
    }

    /**
     * Runs {@code body} in this group on the calling task, then waits for all the group's tasks; see the class
     * description for failures and cancellation.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code async with group:} around the body.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels the body's current await and every task of
     *   the group; {@link #run} waits for them, then throws the {@link CancellationException}, unless some task
     *   failed, in which case it throws the {@link TaskGroupException} and the task stays cancelled (its next await
     *   throws).</dd>
     * </dl>
     *
     * @param <T>  the type of the body's result
     * @param body creates the group's tasks; may await
     * @return what {@code body} returned
     * @throws TaskGroupException    if any task or the body failed; it carries every failure
     * @throws CancellationException if the calling task was cancelled from outside and nothing failed
     * @throws IllegalStateException if not called from a task of a running loop, or if the group was entered before
     * @throws NullPointerException  if {@code body} is null
     */
    public <T> T run(Body<T> body) {
        Checks.notNull(body, "body");
        enter();
        T result = null;
        Throwable bodyError = null;
        try {
            result = body.run(this);
        } catch (Throwable t) {
            bodyError = t;
        }
        exit(bodyError);
        return result;
    }

    /**
     * Creates a task in this group, as {@link EventLoop#createTask(Coroutine)}.
     * <dl><dt>asyncio</dt><dd>{@code TaskGroup.create_task(coro)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the task's body
     * @return the task
     * @throws IllegalStateException if the group was not entered, is finished, or is shutting down after a failure
     * @throws NullPointerException  if {@code coro} is null
     */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, TaskOptions.DEFAULT);
    }

    /**
     * Creates a named task in this group.
     * <dl><dt>asyncio</dt><dd>{@code TaskGroup.create_task(coro, name=name)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the task's body
     * @param name the task's name
     * @return the task
     * @throws IllegalStateException if the group was not entered, is finished, or is shutting down after a failure
     * @throws NullPointerException  if an argument is null
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        Checks.notNull(coro, "coro");
        return createTask(coro, TaskOptions.named(name));
    }

    /**
     * Creates a task in this group with options (name, eager start, context).
     * <dl><dt>asyncio</dt><dd>{@code TaskGroup.create_task(coro, name=..., context=..., eager_start=...)}.</dd></dl>
     *
     * @param <T>     the type of the result
     * @param coro    the task's body
     * @param options the task's options
     * @return the task
     * @throws IllegalStateException if the group was not entered, is finished, or is shutting down after a failure
     * @throws NullPointerException  if an argument is null
     */
    public <T> Task<T> createTask(Coroutine<T> coro, TaskOptions options) {
        Checks.notNull(coro, "coro");
        Checks.notNull(options, "options");
        switch (state) {
            case CREATED -> throw new IllegalStateException("TaskGroup " + this + " has not been entered; "
                    + "create tasks inside run()");
            case FINISHED -> throw finished();
            case EXITING -> {
                if (tasks.isEmpty()) {
                    throw finished();
                }
            }
            case ABORTING -> throw new IllegalStateException("TaskGroup " + this + " is shutting down after a "
                    + "failure or a cancellation; no new task can join it");
            default -> { }
        }
        Task<T> task = loop.createTask(coro, options);
        // Always through the callback, even for a task that finished eagerly, so that a failure is seen only
        // after createTask returned (asyncio gh-128550).
        tasks.add(task);
        task.addDoneCallback(onTaskDone);
        if (state == State.ABORTING && !task.done()) {
            task.cancel(); // an eager task aborted the group before it was added (asyncio gh-155418)
        }
        return task;
    }

    private IllegalStateException finished() {
        return new IllegalStateException("TaskGroup " + this + " is finished; create tasks while its run() is "
                + "still going, or use a new group");
    }

    /** asyncio's {@code __aenter__}. */
    private void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("TaskGroup " + this + " has already been entered; a group runs once");
        }
        EventLoop running = ActiveLoops.current();
        if (running == null || running.currentTask == null || !running.inEventLoop()) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task: "
                    + "TaskGroup.run() was called on thread \"" + Thread.currentThread().getName()
                    + "\", which is not running a task; call it from a task (Async.run(main), loop.createTask)");
        }
        loop = running;
        parent = running.currentTask;
        state = State.ENTERED;
    }

    /** asyncio's {@code _aexit}: waits for the tasks, then decides what {@link #run} throws. */
    private void exit(Throwable bodyError) {
        if (bodyError != null && isBaseError(bodyError) && baseError == null) {
            baseError = bodyError;
        }
        CancellationException propagate = bodyError instanceof CancellationException c ? c : null;
        if (bodyError != null && state != State.ABORTING) {
            abort(); // the body failed, or the parent is being cancelled
        } else if (state == State.ENTERED) {
            state = State.EXITING;
        }
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                onCompleted.await();
            } catch (CancellationException e) {
                if (state != State.ABORTING) {
                    propagate = e; // the parent is cancelled from outside while we wait
                    abort();
                }
            }
            onCompleted = null;
        }
        state = State.FINISHED;
        boolean onlyOurCancellation = parentCancelRequested && parent.uncancel() == 0;
        if (baseError != null) {
            // Only the fatal error propagates; the others are reported rather than lost (asyncio gh-135736, which
            // here covers the body's error too).
            if (bodyError != null && !(bodyError instanceof CancellationException)) {
                errors.add(bodyError);
            }
            for (Throwable e : errors) {
                if (e != baseError) {
                    loop.callExceptionHandler(new ExceptionContext("TaskGroup task exception was not propagated "
                            + "because the TaskGroup is being closed with a " + baseError.getClass().getName(),
                            e, null, null));
                }
            }
            throw (Error) baseError;
        }
        if (onlyOurCancellation) {
            propagate = null;
        }
        if (propagate != null && errors.isEmpty()) {
            throw propagate;
        }
        if (bodyError != null && !(bodyError instanceof CancellationException)) {
            errors.add(bodyError);
        }
        if (!errors.isEmpty()) {
            if (parent.cancelling() > 0) {
                // Cancelled from outside too: keep the count as it was, but let the next await throw again.
                parent.uncancel();
                parent.cancel();
            }
            throw new TaskGroupException("unhandled errors in a TaskGroup", errors);
        }
    }

    /** Cancels every task that is not done (asyncio's {@code _abort}). */
    private void abort() {
        state = State.ABORTING;
        for (Task<?> t : List.copyOf(tasks)) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    /** asyncio's {@code _on_task_done}. */
    private void taskDone(Task<?> task) {
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
            onCompleted.setResult(null);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable error = task.exception();
        if (error == null) {
            return;
        }
        errors.add(error);
        if (isBaseError(error) && baseError == null) {
            baseError = error;
        }
        if (parent.done()) {
            loop.callExceptionHandler(new ExceptionContext("Task " + task + " has errored out but its parent task "
                    + parent + " is already completed", error, task, null));
            return;
        }
        if (state != State.ABORTING && !parentCancelRequested) {
            // Abort what the body is doing now; run() withdraws this cancellation on exit.
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    private static boolean isBaseError(Throwable t) {
        return t instanceof VirtualMachineError;
    }

    State state() {
        return state;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TaskGroup[");
        if (!tasks.isEmpty()) {
            sb.append("tasks=").append(tasks.size()).append(", ");
        }
        if (!errors.isEmpty()) {
            sb.append("errors=").append(errors.size()).append(", ");
        }
        return sb.append(state.name().toLowerCase(java.util.Locale.ROOT)).append(']').toString();
    }
}
