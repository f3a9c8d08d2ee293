package io.aio4j.reactor;

import io.aio4j.LoopInstrumentation;
import io.micrometer.context.ContextRegistry;

/**
 * Thread-locals (MDC, tracing spans, anything registered in Micrometer's {@link ContextRegistry}) follow aio4j
 * tasks and cross the Reactor bridge both ways, as Reactor's automatic context propagation does for its own
 * schedulers. Needs {@code io.micrometer:context-propagation} on the classpath (an optional dependency of this
 * module).
 *
 * <p>What {@link #enable()} turns on:
 * <ul>
 *   <li><b>Per task:</b> every step of every task runs with its own values of the registered thread-locals: set
 *   when the step begins, saved into the task's context when it ends, and the thread's own values restored. Tasks
 *   that share the loop's thread (Continuation backend) or a virtual thread (the other backend) no longer see each
 *   other's MDC; what a task puts there stays with it across awaits.</li>
 *   <li><b>Task to Reactor:</b> a task that awaits or iterates a Mono or Flux through {@link AioReactor} puts the
 *   current values of the registered thread-locals (and of {@link ContextVarAccessor}-registered variables) into
 *   the Reactor context its subscription shows upstream, as {@code contextCapture()} would.</li>
 *   <li><b>Reactor to task:</b> the task that {@link AioReactor#mono(io.aio4j.EventLoop, io.aio4j.Coroutine)} or
 *   {@link AioReactor#flux(io.aio4j.EventLoop, io.aio4j.AsyncGenerator.Body)} starts for a subscription begins
 *   with the thread-locals (and variables) that the subscriber's Reactor context holds under registered keys.</li>
 * </ul>
 * Tasks inherit the saved values of their creator with its context: those the creator had when its previous step
 * ended (a value the creator sets in the same step in which it creates the task is not seen by that task).
 * <dl>
 *   <dt>Cost</dt><dd>While enabled, two snapshots of the registered thread-locals per task step. Disabled (the
 *   default), nothing.</dd>
 *   <dt>Threading</dt><dd>JVM-wide; call {@link #enable()} once at start-up, before loops run tasks.</dd>
 *   <dt>asyncio</dt><dd>none (Python code keeps such state in {@code contextvars}, which tasks carry anyway).</dd>
 * </dl>
 */
public final class AioContextPropagation {
    private AioContextPropagation() {}

    /**
     * Turns propagation on for every loop of the JVM, reading accessors from
     * {@link ContextRegistry#getInstance()}. Idempotent.
     *
     * @throws NoClassDefFoundError if {@code io.micrometer:context-propagation} is not on the classpath
     */
    public static synchronized void enable() {
        if (!ThreadLocalBridge.enabled) {
            LoopInstrumentation.addStepListener(ThreadLocalSteps.INSTANCE);
            ThreadLocalBridge.enabled = true;
        }
    }

    /**
     * Turns propagation off again. Call it only while no loop runs a task (tests): a step that began with it on
     * would end without its thread-locals being restored.
     */
    public static synchronized void disable() {
        if (ThreadLocalBridge.enabled) {
            ThreadLocalBridge.enabled = false;
            LoopInstrumentation.removeStepListener(ThreadLocalSteps.INSTANCE);
        }
    }

    /**
     * Whether {@link #enable()} is in effect.
     *
     * @return true once enabled, until disabled
     */
    public static boolean isEnabled() {
        return ThreadLocalBridge.enabled;
    }
}
