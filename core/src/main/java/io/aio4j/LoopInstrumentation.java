package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.Arrays;

/**
 * Hooks for tools that watch or decorate the threads running loop code: blocking-call detectors (BlockHound),
 * {@code ThreadLocal} propagation (Micrometer context-propagation, MDC). Not for application code: a task's own
 * state belongs in {@link ContextVar}s.
 *
 * <p>Why tools need this: under the Continuation backend every task of a loop runs on the loop's one thread, and
 * under virtual threads a thread runs plain callbacks and, one after the other, several tasks. So "this thread runs
 * the loop now" is not a property of a thread ({@link #runsLoopCode()} answers it per call), and a
 * {@code ThreadLocal} a task sets stays on the thread for whatever runs next unless a {@link StepListener} saves
 * and restores it around each step.
 * <dl>
 *   <dt>asyncio</dt><dd>none; Reactor's {@code Schedulers.onScheduleHook} and {@code NonBlocking} threads play the
 *   same roles for Reactor's schedulers.</dd>
 *   <dt>Threading</dt><dd>Every method from any thread. Listeners are global to the JVM and are called on the
 *   thread that runs the step.</dd>
 * </dl>
 */
public final class LoopInstrumentation {
    /** The listeners in registration order, or null when there is none: the one field each step reads. */
    static volatile StepListener[] listeners;

    private LoopInstrumentation() {}

    /**
     * Called around every step of every task: a step is the part of a task's body between two awaits (or between
     * its start or end and an await). {@link #stepBegins} runs on the thread that is about to run the step, with
     * the task current ({@code Async.currentTask()} is {@code task}, {@link ContextVar}s read and write the task's
     * context); {@link #stepEnds} runs on that same thread when the step suspends or the body ends, still with the
     * task current. Steps nest: a task created with {@link TaskOptions#eagerStart()} runs its first step inside
     * its creator's, so begins and ends pair up like brackets on each thread.
     *
     * <p>Implementations must be fast and must not await, block or throw; an exception they throw is reported to
     * the loop's exception handler and the step goes on.
     */
    public interface StepListener {
        /**
         * A step of {@code task} is about to run.
         *
         * @param task the task whose body resumes or starts
         */
        void stepBegins(Task<?> task);

        /**
         * The step of {@code task} that began last on this thread has ended: the body awaited or finished.
         *
         * @param task the task whose body suspended or ended
         */
        void stepEnds(Task<?> task);
    }

    /**
     * Whether the calling thread is running an event loop's code right now: a task's step, a callback, or the loop
     * itself between them (also while it waits idle for work). False on every other thread, including a
     * virtual thread of the virtual-thread backend that carries a suspended task or waits in the pool, and a loop's
     * thread once {@code runForever} returned. This is the question a blocking-call detector asks: blocking where it
     * is true stalls every task of the loop. Cheap: one thread-local read.
     *
     * @return true if this thread holds a running loop now
     */
    public static boolean runsLoopCode() {
        EventLoop loop = ActiveLoops.current();
        return loop != null && loop.inEventLoop();
    }

    /**
     * Registers {@code listener} for the steps of every task of every loop of this JVM, after those registered
     * before. Steps that began before the call are not reported to it when they end either.
     *
     * @param listener the listener
     * @throws NullPointerException if {@code listener} is null
     */
    public static synchronized void addStepListener(StepListener listener) {
        Checks.notNull(listener, "listener");
        StepListener[] current = listeners;
        StepListener[] next = current == null ? new StepListener[1] : Arrays.copyOf(current, current.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
    }

    /**
     * Unregisters {@code listener} (its last registration, if it was added more than once). Remove a listener only
     * while no loop runs a task: a step that began with it registered would end without it.
     *
     * @param listener the listener
     * @return whether it was registered
     * @throws NullPointerException if {@code listener} is null
     */
    public static synchronized boolean removeStepListener(StepListener listener) {
        Checks.notNull(listener, "listener");
        StepListener[] current = listeners;
        if (current == null) {
            return false;
        }
        for (int i = current.length - 1; i >= 0; i--) {
            if (current[i] == listener) {
                StepListener[] next = new StepListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                listeners = next.length == 0 ? null : next;
                return true;
            }
        }
        return false;
    }

    /** Called by the loop when {@link #listeners} is not null: each listener in order. */
    static void stepBegins(EventLoop loop, Task<?> task) {
        StepListener[] all = listeners;
        if (all == null) {
            return; // removed since the loop looked
        }
        for (StepListener listener : all) {
            try {
                listener.stepBegins(task);
            } catch (Throwable t) {
                report(loop, task, listener, "stepBegins", t);
            }
        }
    }

    /** Called by the loop when {@link #listeners} is not null: each listener in reverse order, like brackets. */
    static void stepEnds(EventLoop loop, Task<?> task) {
        StepListener[] all = listeners;
        if (all == null) {
            return;
        }
        for (int i = all.length - 1; i >= 0; i--) {
            try {
                all[i].stepEnds(task);
            } catch (Throwable t) {
                report(loop, task, all[i], "stepEnds", t);
            }
        }
    }

    private static void report(EventLoop loop, Task<?> task, StepListener listener, String method, Throwable t) {
        loop.callExceptionHandler(new ExceptionContext("LoopInstrumentation.StepListener " + listener + " threw in "
                + method + " for task " + task.getName() + "; listeners must not throw", t, task, null));
    }
}
