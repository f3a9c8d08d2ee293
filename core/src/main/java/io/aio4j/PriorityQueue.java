package io.aio4j;

import io.aio4j.internal.Checks;
import java.util.Comparator;

/**
 * A {@link Queue} that returns its smallest item first: by a {@link Comparator}, or by the items' natural order.
 * Items that compare equal come out in no particular order. Everything but the order is as {@link Queue}.
 * {@snippet :
 * record Job(int priority, String name) {}
 * PriorityQueue<Job> jobs = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
 * }
 * <p>Not a {@link java.util.PriorityQueue} (the name is asyncio's; import one of the two, or qualify the
 * other): its {@code put} and {@code get} suspend the calling task.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.PriorityQueue} (queues.py), which orders with {@code heapq} (usually
 *   {@code (priority, data)} tuples); here a {@link Comparator} says what "smallest" means.</dd>
 *   <dt>Threading</dt><dd>As {@link Queue}.</dd>
 *   <dt>Cancellation</dt><dd>As {@link Queue}.</dd>
 * </dl>
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
    /** Creates an unbounded queue in natural order: items must be {@link Comparable} with each other. */
    public PriorityQueue() {
        this(0);
    }

    /**
     * Creates a queue in natural order holding at most {@code maxsize} items; 0 means unbounded.
     *
     * @param maxsize the capacity, {@code >= 0}; 0 for none
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, new java.util.PriorityQueue<>());
    }

    /**
     * Creates an unbounded queue ordered by {@code comparator}.
     *
     * @param comparator what comes first: the smallest
     * @throws NullPointerException if {@code comparator} is null
     */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * Creates a queue ordered by {@code comparator}, holding at most {@code maxsize} items; 0 means unbounded.
     *
     * @param maxsize    the capacity, {@code >= 0}; 0 for none
     * @param comparator what comes first: the smallest
     * @throws IllegalArgumentException if {@code maxsize} is negative
     * @throws NullPointerException     if {@code comparator} is null
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new java.util.PriorityQueue<>(Checks.notNull(comparator, "comparator")));
    }
}
