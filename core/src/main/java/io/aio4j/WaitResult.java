package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@link Async#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns: the futures that were
 * done when it returned, and those that were not. Together they hold each distinct future passed in exactly once,
 * each set in the order the futures were passed.
 * <dl><dt>asyncio</dt><dd>the {@code (done, pending)} tuple of sets returned by {@code asyncio.wait}.</dd></dl>
 *
 * @param <F>     the type of the futures
 * @param done    the futures that were done (finished or cancelled); unmodifiable
 * @param pending the futures that were still pending; unmodifiable
 */
public record WaitResult<F>(Set<F> done, Set<F> pending) {
    /**
     * Creates a result holding unmodifiable copies of the two sets.
     *
     * @param done    the futures that were done
     * @param pending the futures that were still pending
     * @throws NullPointerException if a set is null
     */
    public WaitResult {
        done = Collections.unmodifiableSet(new LinkedHashSet<>(Checks.notNull(done, "done")));
        pending = Collections.unmodifiableSet(new LinkedHashSet<>(Checks.notNull(pending, "pending")));
    }
}
