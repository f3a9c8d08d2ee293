package io.aio4j;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Debug mode's check for the one mistake that breaks asyncio's model in Java: a {@code synchronized} monitor held
 * across an await (DESIGN §2). On the Continuation backend every task runs on the loop's thread, where monitors are
 * reentrant: a second task enters the "held" monitor at once and the code it guards is no longer atomic. On the
 * virtual-thread backend the second task blocks the whole loop instead ({@link LoopWatchdog} reports that).
 *
 * <p>{@code java.util.concurrent} locks are not checked: a thread dump lists the ones a thread owns but not in which
 * frame it took them, and the thread that runs the loop may rightly hold some of its own (an executor's worker
 * does), so they cannot be told apart from a task's.
 *
 * <p>Only a platform thread can be asked which locks it holds ({@link ThreadMXBean} does not answer for virtual
 * threads), so this runs on the Continuation backend, in debug mode, at the first await of each await site (the
 * user's line that awaits): it costs a thread dump of one thread, and a lock held across an await is held by the
 * code around that line, the same way each time it runs. A helper that awaits and is called both with and without
 * a lock held is judged by its first call.
 */
final class HeldLocks {
    /** Null where the runtime has no {@code java.management} module (a jlinked image): then nothing is checked. */
    private static final ThreadMXBean THREADS = threadBean();

    private HeldLocks() {}

    /**
     * The monitors and locks that the current task's own frames hold, described for a report; empty if none or if
     * the current thread cannot be inspected.
     */
    private static ThreadMXBean threadBean() {
        try {
            return ManagementFactory.getThreadMXBean();
        } catch (LinkageError noManagementModule) {
            return null;
        }
    }

    static List<String> heldByCurrentTask() {
        Thread current = Thread.currentThread();
        if (current.isVirtual() || THREADS == null) {
            return List.of();
        }
        ThreadInfo info = THREADS.getThreadInfo(new long[] {current.threadId()},
                THREADS.isObjectMonitorUsageSupported(), false)[0];
        if (info == null) {
            return List.of();
        }
        int taskBase = taskBaseDepth(info.getStackTrace());
        List<String> held = new ArrayList<>();
        for (MonitorInfo monitor : info.getLockedMonitors()) {
            if (monitor.getLockedStackDepth() >= 0 && monitor.getLockedStackDepth() < taskBase) {
                held.add("the monitor of " + monitor + " (synchronized at " + monitor.getLockedStackFrame() + ")");
            }
        }
        return held;
    }

    /** The depth of the frame that runs the task's body: frames above it are the task's own. */
    private static int taskBaseDepth(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(Task.class.getName()) && stack[i].getMethodName().equals("runBody")) {
                return i;
            }
        }
        return stack.length;
    }
}
