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
     * How long the TCK waits for an error it expects to be reported asynchronously (the 3.9 family: request(0),
     * request(-1)). Nominally the TCK sleeps this long, looks, and repeats until {@link #DEFAULT_TIMEOUT_MILLIS};
     * in fact TCK 1.0.4's loop computes the time left as {@code -now - before} (an {@code =-} for {@code -=}), so
     * it looks exactly once, after one poll period: this is the deadline, and every such test sleeps all of it.
     * Left unset it is the whole second of the default timeout (76 tests, 76 s of the module's run). 10 ms was
     * too short: with 12 classes at once and the TCK's own System.gc() calls, an error sometimes took longer
     * (2 failures in 10 module runs). 250 ms keeps a wide margin over what a loaded loop needs and still saves
     * three quarters of that time.
     */
    public static final long POLL_TIMEOUT_MILLIS = 250;

    /** A fresh environment with the timeouts above (each verification instance needs its own). */
    public static TestEnvironment environment() {
        return new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }
}
