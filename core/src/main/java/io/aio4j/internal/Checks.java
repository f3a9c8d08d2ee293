package io.aio4j.internal;

import java.time.Duration;

/**
 * Argument checks shared by every public entry point. Each failure message names the argument, the rule it
 * broke and the value it had, so the caller can fix the call without reading our source.
 */
public final class Checks {
    private Checks() {}

    /** Returns {@code value}, or throws {@link NullPointerException} saying "{name} must not be null". */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** Returns {@code delay} if it is non-null and not negative. */
    public static Duration nonNegative(Duration delay, String name) {
        notNull(delay, name);
        if (delay.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0 but was " + delay
                    + "; use Duration.ZERO to run at the next loop iteration");
        }
        return delay;
    }

    /** Returns {@code value} if it is a finite number. */
    public static double finite(double value, String name) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number but was " + value);
        }
        return value;
    }

    /** Converts a non-negative duration to nanoseconds, saturating at {@link Long#MAX_VALUE}. */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
