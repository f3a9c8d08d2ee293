package io.aio4j;

import io.aio4j.internal.suspend.Continuations;

/**
 * How a task's body is suspended at an await (DESIGN §2). Both run the same loop with the same semantics; they
 * differ in speed and in what a task's thread is.
 *
 * <p>{@link #select()} picks {@link #CONTINUATION} when the JVM allows it and {@link #VIRTUAL_THREADS}
 * otherwise; the system property {@value #PROPERTY} ({@code virtual-threads} or {@code continuation}) forces
 * one.
 */
public enum Backend {
    /**
     * Each task runs on a virtual thread of its own; whichever of them holds the loop runs it. Needs no JVM flag.
     * {@code Thread.currentThread()} differs between tasks, so a {@code ThreadLocal} is per task; use
     * {@code ContextVar}-style task state all the same, since a thread may be reused for a later task.
     */
    VIRTUAL_THREADS,
    /**
     * All tasks share the thread that runs the loop, each with a JDK continuation of its own. Several times
     * faster; needs the JVM flag {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
     */
    CONTINUATION;

    /** The system property that forces a backend: {@code virtual-threads} or {@code continuation}. */
    public static final String PROPERTY = "aio4j.backend";

    /**
     * Whether this backend can run on this JVM.
     *
     * @return true for {@link #VIRTUAL_THREADS}; for {@link #CONTINUATION}, whether the JVM flag was given
     */
    public boolean isAvailable() {
        return this == VIRTUAL_THREADS || Continuations.AVAILABLE;
    }

    /**
     * The backend new loops use by default: the one named by {@value #PROPERTY}, else the fastest available.
     *
     * @return the default backend
     * @throws IllegalStateException if the property names an unknown or unavailable backend
     */
    public static Backend select() {
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank()) {
            return Continuations.AVAILABLE ? CONTINUATION : VIRTUAL_THREADS;
        }
        Backend chosen = switch (forced.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "virtual-threads", "virtual_threads", "virtual" -> VIRTUAL_THREADS;
            case "continuation", "continuations" -> CONTINUATION;
            default -> throw new IllegalStateException("system property " + PROPERTY + "=" + forced
                    + " names no backend; use virtual-threads or continuation");
        };
        chosen.checkAvailable();
        return chosen;
    }

    void checkAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("the " + this + " backend is not available: "
                    + Continuations.UNAVAILABLE_REASON + ", or use Backend.VIRTUAL_THREADS");
        }
    }
}
