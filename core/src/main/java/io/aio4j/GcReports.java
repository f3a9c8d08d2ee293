package io.aio4j;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * What asyncio reports from {@code __del__}: a future whose exception nobody retrieved, and a task collected while
 * still pending. Each such future holds a weak reference registered here; retrieving the exception or finishing
 * the task drops it (clearing it, so the GC never sees it again). The loop polls the queue once per iteration
 * and reports through its exception handler.
 *
 * <p>Tasks register only when they first suspend: one that finishes without suspending cannot be collected
 * while pending, and the common short task then costs nothing here. The list of task references is also what
 * {@link EventLoop#allTasks()} reads for suspended tasks.
 */
final class GcReports {
    private final ReferenceQueue<Future<?>> queue = new ReferenceQueue<>();
    /** Sentinel of a circular doubly-linked list of live refs: O(1) insert and removal, no allocation. */
    private final Ref head = new Ref(null, null, null, null);

    static final class Ref extends WeakReference<Future<?>> {
        final String kind;
        final Throwable exception;
        /** What identifies a task in the report, kept apart from it so that it can still be collected. */
        final String taskName;
        final long taskNumber;
        final Object coro;
        Ref prev = this;
        Ref next = this;

        Ref(Future<?> future, ReferenceQueue<Future<?>> queue, String kind, Throwable exception) {
            super(future, queue);
            this.kind = kind;
            this.exception = exception;
            Task<?> task = future instanceof Task<?> t ? t : null;
            this.taskName = task == null ? null : task.explicitName();
            this.taskNumber = task == null ? 0 : task.number();
            this.coro = task == null ? null : task.getCoro();
        }
    }

    Ref trackPendingTask(Task<?> task) {
        return link(new Ref(task, queue, "pending", null));
    }

    Ref trackUnretrieved(Future<?> future, Throwable exception) {
        return link(new Ref(future, queue, "unretrieved", exception));
    }

    void forget(Ref ref) {
        ref.clear();
        unlink(ref);
    }

    /** Reports every tracked future that was collected since the last poll. */
    void poll(EventLoop loop) {
        Ref ref;
        while ((ref = (Ref) queue.poll()) != null) {
            if (ref.next == null) {
                continue; // forgotten after the GC had already queued it
            }
            unlink(ref);
            String what = ref.coro == null ? "Future"
                    : "Task " + (ref.taskName != null ? ref.taskName : "Task-" + ref.taskNumber) + " running " + ref.coro;
            if (ref.kind.equals("pending")) {
                loop.callExceptionHandler(ExceptionContext.of(
                        "Task was destroyed but it is pending! " + what
                                + " (nothing referenced it any more; keep a reference to tasks you create)", null));
            } else {
                loop.callExceptionHandler(ExceptionContext.of(
                        (ref.coro != null ? "Task" : "Future") + " exception was never retrieved: " + what,
                        ref.exception));
            }
        }
    }

    /** The pending tasks that have suspended at least once and are still alive. */
    List<Task<?>> suspendedTasks() {
        List<Task<?>> tasks = new ArrayList<>();
        for (Ref r = head.next; r != head; r = r.next) {
            if (r.kind.equals("pending") && r.get() instanceof Task<?> t && !t.done()) {
                tasks.add(t);
            }
        }
        return tasks;
    }

    private Ref link(Ref ref) {
        ref.prev = head.prev;
        ref.next = head;
        head.prev.next = ref;
        head.prev = ref;
        return ref;
    }

    private void unlink(Ref ref) {
        if (ref.next != null) {
            ref.prev.next = ref.next;
            ref.next.prev = ref.prev;
            ref.next = null;
            ref.prev = null;
        }
    }
}
