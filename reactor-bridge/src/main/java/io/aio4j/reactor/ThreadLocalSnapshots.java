package io.aio4j.reactor;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.function.Predicate;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/** Micrometer snapshots for the bridge and for {@link ThreadLocalSteps}; loaded only while propagation is on. */
final class ThreadLocalSnapshots {
    /** Everything registered: thread-locals and ContextVar-backed accessors. */
    private static final ContextSnapshotFactory ALL = ContextSnapshotFactory.builder().build();

    private ThreadLocalSnapshots() {}

    /** The task's Reactor context plus the registered values current on this thread (the task's step). */
    static Context capture(Context taskContext) {
        ContextSnapshot snapshot = ALL.captureAll();
        return snapshot.updateContext(taskContext);
    }

    /**
     * What a task started for a subscription runs first: sets the registered values that {@code view} holds. The
     * thread-locals it sets are the task's from then on ({@link ThreadLocalSteps} saves them when the step ends and
     * restores the thread's own); the variables land in the task's context. Null if {@code view} holds none.
     */
    static Runnable adopter(ContextView view) {
        if (view.isEmpty()) {
            return null;
        }
        ContextSnapshot snapshot = ALL.captureFrom(view);
        return () -> snapshot.setThreadLocals(); // never closed: the step's own scope restores the thread
    }

    /** Whether {@code key} names a real thread-local rather than a {@link ContextVarAccessor}. */
    static Predicate<Object> threadLocalKeys() {
        return key -> {
            for (ThreadLocalAccessor<?> accessor : ContextRegistry.getInstance().getThreadLocalAccessors()) {
                if (accessor.key().equals(key)) {
                    return !ContextVarAccessor.isContextVar(accessor);
                }
            }
            return true;
        };
    }
}
