package io.aio4j.reactor;

import io.aio4j.ContextVar;
import io.aio4j.LoopInstrumentation;
import io.aio4j.Task;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * Gives every task step its own registered thread-locals ({@link AioContextPropagation}): when a step begins, the
 * values the task had at the end of its previous step (or its creator's, inherited with its context) replace the
 * thread's, and registered thread-locals the task has no value for are cleared; when it ends, the task's values
 * are saved into its context and the thread's restored. Steps nest on a thread (an eagerly started task runs its
 * first step inside its creator's), so the open scopes form a stack per thread.
 *
 * <p>{@link ContextVarAccessor}s are left out: their values already live in the task's context.
 */
final class ThreadLocalSteps implements LoopInstrumentation.StepListener {
    static final ThreadLocalSteps INSTANCE = new ThreadLocalSteps();

    /** The task's thread-locals between its steps: in its context, so child tasks inherit them. */
    private static final ContextVar<ContextSnapshot> SAVED = ContextVar.named("aio4j.threadLocals");
    private static final Predicate<Object> THREAD_LOCALS = ThreadLocalSnapshots.threadLocalKeys();
    /** Clears what the snapshot lacks, so that a task never sees what the thread or another task left. */
    private static final ContextSnapshotFactory STEPS = ContextSnapshotFactory.builder()
            .clearMissing(true)
            .captureKeyPredicate(THREAD_LOCALS)
            .build();
    private static final ContextSnapshot NONE = STEPS.captureFrom(); // from no context: holds nothing

    private final ThreadLocal<ArrayDeque<ContextSnapshot.Scope>> open = ThreadLocal.withInitial(ArrayDeque::new);

    private ThreadLocalSteps() {}

    @Override
    public void stepBegins(Task<?> task) {
        ContextSnapshot saved = SAVED.get(null); // the task is current: its context
        open.get().push((saved != null ? saved : NONE).setThreadLocals(THREAD_LOCALS));
    }

    @Override
    public void stepEnds(Task<?> task) {
        SAVED.set(STEPS.captureAll());
        ContextSnapshot.Scope scope = open.get().poll();
        if (scope != null) { // null only if propagation was enabled while this step ran
            scope.close();
        }
    }

    @Override
    public String toString() {
        return "AioContextPropagation";
    }
}
