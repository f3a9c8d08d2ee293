package io.aio4j;

import java.security.CodeSource;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Debug mode's memory of where each task last awaited: the first frame of the caller's code on the task's stack when
 * it suspended (asyncio shows the same as "coro=&lt;main() running at x.py:12&gt;"). A slow step can then be named by
 * where it started and where it stopped. Kept beside the loop in a weak map, only while debug mode is on, so that
 * tasks carry no field for it.
 */
final class AwaitSites {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource CORE = Future.class.getProtectionDomain().getCodeSource();

    private final Map<Task<?>, StackTraceElement> lastAwait = new WeakHashMap<>();
    /** The await sites seen so far: the costly checks of an await run once per site ({@link HeldLocks}). */
    private final java.util.Set<StackTraceElement> seenSites = new java.util.HashSet<>();

    /**
     * Records the caller's frame as where {@code task} suspends now; called on the task's own stack.
     *
     * @return the await site if this loop sees it for the first time, else null
     */
    StackTraceElement suspending(Task<?> task) {
        StackTraceElement site = callerFrame();
        if (site == null) {
            return null;
        }
        lastAwait.put(task, site);
        return seenSites.add(site) ? site : null;
    }

    /** Where {@code task} last awaited, or null if it has not awaited since debug mode went on. */
    StackTraceElement lastAwait(Task<?> task) {
        return lastAwait.get(task);
    }

    void forget(Task<?> task) {
        lastAwait.remove(task);
    }

    /** The first frame that is not aio4j core's own: the user's line that awaited. */
    private static StackTraceElement callerFrame() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isCore(f.getDeclaringClass()))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
    }

    static boolean isCore(Class<?> type) {
        return Objects.equals(type.getProtectionDomain().getCodeSource(), CORE);
    }
}
