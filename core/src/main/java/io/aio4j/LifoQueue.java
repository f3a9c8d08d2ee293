package io.aio4j;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A {@link Queue} that returns the most recently added item first (a stack). Everything but the order is as
 * {@link Queue}.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.LifoQueue} (queues.py).</dd>
 *   <dt>Threading</dt><dd>As {@link Queue}.</dd>
 *   <dt>Cancellation</dt><dd>As {@link Queue}.</dd>
 * </dl>
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
    /** Creates an unbounded stack. */
    public LifoQueue() {
        this(0);
    }

    /**
     * Creates a stack holding at most {@code maxsize} items; 0 means unbounded.
     *
     * @param maxsize the capacity, {@code >= 0}; 0 for none
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
