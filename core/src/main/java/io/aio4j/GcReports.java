package io.aio4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
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
    private final Ref head = new Ref();

    /**
     * Fields chosen for size: one of these lives beside every suspended task, so it holds four fields over
     * {@link WeakReference}'s own and takes 48 bytes. What only some reports need (a task's explicit name, the
     * creation site in debug mode, and that it is an exception report) lives in a {@link Detail} that only those
     * futures allocate; whether the report is still wanted is {@code next == null}.
     */
    static final class Ref extends WeakReference<Future<?>> {
        /**
         * A pending task's coroutine when nothing else is to be kept (the common case), else a {@link Detail}.
         * A {@link Detail} with an exception is an exception report; anything else is a pending-task report.
         */
        private final Object detail;
        /** What identifies a task in the report, kept apart from it so that it can still be collected. */
        final long taskNumber;
        Ref prev = this;
        /**
         * The list's next; null once the ref is unlinked, which is also when its report is no longer wanted. After
         * the loop closed, {@code unlink} and the cleaner's thread access it with release / acquire.
         */
        Ref next = this;

        Ref(Future<?> future, ReferenceQueue<Future<?>> queue, Throwable exception) {
            super(future, queue);
            Task<?> task = future instanceof Task<?> t ? t : null;
            String name = task == null ? null : task.explicitName();
            Throwable createdAt = future.createdAt();
            this.detail = exception == null && name == null && createdAt == null
                    ? task.getCoro() : new Detail(exception == null ? task.getCoro() : null, exception, name, createdAt);
            this.taskNumber = task == null ? 0 : task.number();
        }

        /** The list's sentinel. */
        Ref() {
            super(null);
            detail = null;
            taskNumber = 0;
        }

        /** A pending task (reported if collected) rather than an exception nobody retrieved. */
        boolean pending() {
            return !(detail instanceof Detail d) || d.exception() == null;
        }

        /** The pending task's coroutine, or the exception nobody retrieved. */
        Object detail() {
            return detail instanceof Detail d ? (d.exception() != null ? d.exception() : d.coroutine()) : detail;
        }

        /** In debug mode, where the future was created (kept apart from it, like the name); else null. */
        Throwable createdAt() {
            return detail instanceof Detail d ? d.createdAt() : null;
        }

        boolean isTask() {
            return taskNumber != 0;
        }

        String taskDisplayName() {
            String name = detail instanceof Detail d ? d.taskName() : null;
            return name != null ? name : "Task-" + taskNumber;
        }

        /** Whether {@link GcReports#forget} dropped this ref: for the cleaner's thread, after the loop closed. */
        boolean forgotten() {
            return NEXT.getAcquire(this) == null;
        }
    }

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Ref.class, "next", Ref.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * What a report keeps beyond a task's number, for the futures that need more: an exception report, a named
     * task, or any future created in debug mode.
     */
    private record Detail(Object coroutine, Throwable exception, String taskName, Throwable createdAt) {
    }

    Ref trackPendingTask(Task<?> task) {
        return link(new Ref(task, queue, null));
    }

    Ref trackUnretrieved(Future<?> future, Throwable exception) {
        return link(new Ref(future, queue, exception));
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
            report(loop, ref);
        }
    }

    private static void report(EventLoop loop, Ref ref) {
        if (ref.pending()) {
            loop.callExceptionHandler(new ExceptionContext("Task was destroyed but it is pending! Task "
                    + ref.taskDisplayName() + " running " + ref.detail()
                    + " (nothing referenced it any more; keep a reference to tasks you create)", null, null, null,
                    ref.createdAt()));
        } else {
            loop.callExceptionHandler(new ExceptionContext(ref.isTask()
                    ? "Task exception was never retrieved: Task " + ref.taskDisplayName()
                    : "Future exception was never retrieved", (Throwable) ref.detail(), null, null, ref.createdAt()));
        }
    }

    /**
     * Reports now every future still alive whose exception nobody retrieved, as if it had been collected, and stops
     * tracking it. For {@link EventLoop#reportUnretrievedExceptions()}.
     *
     * @return how many were reported
     */
    int reportUnretrievedNow(EventLoop loop) {
        int count = 0;
        for (Ref r = head.next; r != head; ) {
            Ref next = r.next;
            Future<?> future = r.get();
            if (!r.pending() && future != null) {
                future.gcRef = null;
                forget(r);
                report(loop, r);
                count++;
            }
            r = next;
        }
        return count;
    }

    /**
     * After the loop closed nobody polls its queue, so the futures still tracked are watched by a JDK
     * {@link Cleaner} instead: its thread reports them when they are collected, unless retrieved first.
     */
    void handOverToCleaner(EventLoop loop) {
        for (Ref r = head.next; r != head; ) {
            Ref next = r.next;
            Future<?> future = r.get();
            if (future != null) {
                LateCleaner.CLEANER.register(future, new LateReport(loop, r));
            } else {
                report(loop, r); // collected since the last poll, not yet queued
            }
            r = next;
        }
    }

    /** The cleaner's action; it must not reach the future, or the future would never be collected. */
    private record LateReport(EventLoop loop, Ref ref) implements Runnable {
        @Override
        public void run() {
            if (!ref.forgotten()) {
                report(loop, ref);
            }
        }
    }

    /** Holder, so that the cleaner's thread starts only when a loop closes with something still tracked. */
    private static final class LateCleaner {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** The pending tasks that have suspended at least once and are still alive. */
    List<Task<?>> suspendedTasks() {
        List<Task<?>> tasks = new ArrayList<>();
        for (Ref r = head.next; r != head; r = r.next) {
            if (r.pending() && r.get() instanceof Task<?> t && !t.done()) {
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
            ref.prev = null;
            // Last, and a release: the cleaner's thread reads it with acquire as "forgotten" (Ref#forgotten).
            NEXT.setRelease(ref, null);
        }
    }
}
