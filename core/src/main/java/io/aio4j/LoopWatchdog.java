package io.aio4j;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Debug mode's watch for a loop stuck because the thread that holds it is blocked entering a Java monitor: on the
 * virtual-thread backend, that is what a {@code synchronized} block held across an await by another task of the
 * loop turns into (the second task waits for the monitor while holding the loop, so the first can never resume to
 * release it). Nothing on the loop can notice, so one daemon thread samples the loops that run in debug mode, every
 * slow-callback duration, and logs an error with the blocked task's name and stack the second time in a row it
 * finds the same step blocked.
 */
final class LoopWatchdog implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.aio4j");
    private static final Set<EventLoop> LOOPS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static Thread thread;

    /** What the previous sample saw blocked, per loop: the step's start time, so that each step is reported once. */
    private final Map<EventLoop, Long> blockedStep = new WeakHashMap<>();
    private final Map<EventLoop, Long> reportedStep = new WeakHashMap<>();

    private LoopWatchdog() {}

    /** Starts watching {@code loop} (weakly) while it runs in debug mode. */
    static void watch(EventLoop loop) {
        LOOPS.add(loop);
        synchronized (LoopWatchdog.class) {
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("aio4j-debug-watchdog").start(new LoopWatchdog());
            }
        }
    }

    @Override
    public void run() {
        long pauseNanos = 100_000_000L;
        for (;;) {
            java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
            List<EventLoop> loops;
            synchronized (LOOPS) {
                loops = new ArrayList<>(LOOPS);
            }
            pauseNanos = 1_000_000_000L;
            for (EventLoop loop : loops) {
                if (loop.isRunning() && loop.getDebug()) {
                    pauseNanos = Math.min(pauseNanos, Math.max(1_000_000L, loop.getSlowCallbackDuration().toNanos()));
                    sample(loop);
                }
            }
        }
    }

    private void sample(EventLoop loop) {
        Thread owner = loop.owner;
        Task<?> task = loop.currentTask;
        long step = loop.stepStartNanos;
        if (owner == null || task == null || owner.getState() != Thread.State.BLOCKED) {
            blockedStep.remove(loop);
            return;
        }
        Long before = blockedStep.put(loop, step);
        if (before == null || before != step || Long.valueOf(step).equals(reportedStep.get(loop))) {
            return;
        }
        reportedStep.put(loop, step);
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : owner.getStackTrace()) {
            stack.append("\n    at ").append(frame);
        }
        LOG.log(Level.ERROR, () -> "Task " + task.getName() + " of " + loop + " is blocked entering a Java monitor "
                + "(synchronized) while it runs on the loop, so no other task of the loop can run. If another task of "
                + "this loop holds that monitor across an await, the loop is deadlocked: hold an io.aio4j.Lock "
                + "across awaits, and keep synchronized blocks free of awaits." + stack);
    }
}
