package io.aio4j;

import java.io.IOException;

/** For tests that check how each call on a broken connection fails: the exception a call threw, or null. */
final class IoFailures {
    private IoFailures() {}

    /** A stream call that may fail with an {@link IOException}. */
    interface IoCall {
        void run() throws IOException;
    }

    /** Runs {@code call}; returns the {@link IOException} it threw, or null if it returned. */
    static IOException failureOf(IoCall call) {
        try {
            call.run();
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
