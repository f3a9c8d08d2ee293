package io.aio4j.tck;

import org.reactivestreams.tck.TestEnvironment;

/** The TCK timing every verification here uses. */
public final class TckSettings {
    private TckSettings() {}

    /**
     * How long the TCK waits for an expected signal: 1 s, not its default 100 ms, which a loaded 2-core machine
     * running several verification classes at once does not always meet.
     */
    public static final long DEFAULT_TIMEOUT_MILLIS = 1_000;

    /** How long the TCK watches for a signal that must not come. */
    public static final long NO_SIGNALS_TIMEOUT_MILLIS = 200;

    /** How long after a cancel a publisher may still hold its subscriber (rule 3.13); the TCK's default. */
    public static final long PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS = 300;

    /**
     * How often the TCK looks again for an error it expects to be reported asynchronously. Left unset, it is the
     * whole {@link #DEFAULT_TIMEOUT_MILLIS}: every test that expects an {@code onError} (the 3.9 family) then
     * sleeps a full second before its first look, although the error arrived within microseconds. This was 76 s
     * of the module's run; polling every 10 ms is as strict and costs nothing.
     */
    public static final long POLL_TIMEOUT_MILLIS = 10;

    /** A fresh environment with the timeouts above (each verification instance needs its own). */
    public static TestEnvironment environment() {
        return new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }
}
