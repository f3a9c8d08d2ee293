package io.aio4j;

/**
 * A {@link Semaphore} that refuses to be released more times than it was acquired: a release that would take it
 * above its initial value throws. Catches the bug of releasing a permit twice.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.BoundedSemaphore} (locks.py). Differences: a release too many throws
 *   {@link IllegalStateException} (asyncio: {@code ValueError}); a permit already handed to a waiting task that
 *   has not resumed yet counts as taken (asyncio 3.13 counts it as neither, so a release too many in that
 *   window goes unnoticed there and creates a permit beyond the bound).</dd>
 *   <dt>Threading</dt><dd>As {@link Semaphore}.</dd>
 *   <dt>Cancellation</dt><dd>As {@link Semaphore}.</dd>
 * </dl>
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /** Creates a bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Creates a bounded semaphore with {@code value} permits, which is also its bound.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.BoundedSemaphore(value)}.</dd></dl>
     *
     * @param value the initial and largest number of permits, {@code >= 0}
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()}, unless that would exceed the initial value.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code bounded_semaphore.release()}; too many releases throw
     *   {@link IllegalStateException} rather than {@code ValueError}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @throws IllegalStateException if released more times than acquired
     */
    @Override
    public void release() {
        if (value + promised >= bound) {
            throw new IllegalStateException("BoundedSemaphore.release() called more times than acquire(): " + this
                    + "; release each permit once (try (var held = semaphore.acquire()) { ... } does it)");
        }
        super.release();
    }

    @Override
    void describeMore(StringBuilder sb) {
        sb.append(", bound=").append(bound);
    }
}
