package io.aio4j;

/**
 * What a lock-like primitive's {@code acquire()} returns: the hold on a {@link Lock}, a {@link Condition}'s lock
 * or a {@link Semaphore} permit, released by {@link #close()}. It makes {@code async with} a try-with-resources
 * statement:
 * {@snippet :
 * try (var held = lock.acquire()) {      // async with lock:
 *     balance += amount;                 // the awaits in here run with the lock held
 * }                                      // released here, also on an exception or a cancellation
 * }
 * Ignoring it and calling {@code release()} yourself is the same as asyncio's explicit
 * {@code await lock.acquire()} ... {@code lock.release()}.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code async with lock:} ({@code __aenter__}/{@code __aexit__}). Differences:
 *   {@code acquire()} returns this handle instead of {@code True} (which it always was).</dd>
 *   <dt>Threading</dt><dd>On the loop only, like the primitive it came from.</dd>
 * </dl>
 */
public final class Held implements AutoCloseable {
    /** A primitive whose hold can be released. */
    interface Owner {
        void release();
    }

    /** What to release, or null once released. */
    private Owner owner;

    Held(Owner owner) {
        this.owner = owner;
    }

    /**
     * Releases what was acquired: the first call calls the primitive's {@code release()}; later calls do
     * nothing, so that closing twice never releases someone else's hold.
     * <dl><dt>asyncio</dt><dd>{@code __aexit__}: {@code lock.release()}.</dd></dl>
     *
     * @throws IllegalStateException if the primitive refuses the release (a {@link Lock} that was already
     *                               released by an explicit {@code release()} call, for one)
     */
    @Override
    public void close() {
        Owner o = owner;
        if (o != null) {
            owner = null;
            o.release();
        }
    }

    @Override
    public String toString() {
        Owner o = owner;
        return o == null ? "Held[released]" : "Held[" + o + "]";
    }
}
