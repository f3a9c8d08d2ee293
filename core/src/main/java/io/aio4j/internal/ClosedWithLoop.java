package io.aio4j.internal;

import io.aio4j.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Resources of other packages that a loop closes when it closes, as it closes the sockets it watches: a child
 * process of {@code io.aio4j.streams.Subprocess} still running then would otherwise outlive its loop with nobody
 * left to wait for it. A resource registers while it is open and leaves when it is done, so the registry holds
 * only live ones. Not an API for applications: they close what they open (try-with-resources).
 */
public final class ClosedWithLoop {
    /** Weak in the loop; a registered resource may reach its loop, but it leaves the registry when it is done. */
    private static final Map<EventLoop, Set<AutoCloseable>> OPEN = Collections.synchronizedMap(new WeakHashMap<>());

    private ClosedWithLoop() {}

    /**
     * Registers {@code resource} to be closed by {@code loop}'s {@code close()}.
     *
     * @param loop     the owning loop
     * @param resource what to close
     */
    public static void register(EventLoop loop, AutoCloseable resource) {
        synchronized (OPEN) {
            OPEN.computeIfAbsent(loop, l -> Collections.newSetFromMap(new IdentityHashMap<>())).add(resource);
        }
    }

    /**
     * Forgets {@code resource}: it was closed or finished by itself.
     *
     * @param loop     the owning loop
     * @param resource what no longer needs closing
     */
    public static void unregister(EventLoop loop, AutoCloseable resource) {
        synchronized (OPEN) {
            Set<AutoCloseable> open = OPEN.get(loop);
            if (open != null && open.remove(resource) && open.isEmpty()) {
                OPEN.remove(loop);
            }
        }
    }

    /**
     * Closes and forgets everything registered for {@code loop}; called by {@code EventLoop.close()}.
     *
     * @param loop the closing loop
     * @return what failed to close, for the loop's exception handler
     */
    public static List<Exception> closeAll(EventLoop loop) {
        Set<AutoCloseable> open;
        synchronized (OPEN) {
            open = OPEN.remove(loop);
        }
        if (open == null) {
            return List.of();
        }
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable resource : List.copyOf(open)) {
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        return failures;
    }
}
