package io.aio4j;

import io.aio4j.internal.Constants;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The loop's timers, ordered by (deadline, scheduling order), so that equal deadlines run in the order they were
 * scheduled. Cancelled timers stay queued until they reach the head, unless they become the majority of a large
 * queue, when it is rebuilt (asyncio's policy).
 *
 * <p>Two structures share the order:
 * <ul>
 *   <li>{@link #inOrder}: a FIFO of timers that were scheduled in deadline order, each no earlier than the one
 *   before it. That is the common case by far: many tasks sleeping or timing out with the same delay, scheduled
 *   as time moves forward, arrive with non-decreasing deadlines. Adding and taking them costs O(1) and touches
 *   memory in sequence.</li>
 *   <li>{@link #heap}: a binary min-heap for the rest (a timer due before the FIFO's last one). Each entry's
 *   deadline is copied into {@link #keys}, so sifting compares longs in one array instead of following a pointer
 *   to each handle: with 100k timers those pointers were cache misses, and the comparison was the loop's hottest
 *   code (profiled on W4). The scheduling order is read from the handles only to break a tie.</li>
 * </ul>
 * The next timer is the earlier of the two heads. asyncio keeps one {@code heapq}; the order it gives is the same.
 */
final class TimerQueue {
    private final ArrayDeque<TimerHandle> inOrder = new ArrayDeque<>();
    private TimerHandle[] heap = new TimerHandle[16];
    private long[] keys = new long[16];
    private int heapSize;
    private int cancelledCount;
    private long nextSequence;

    /** The scheduling order of the next timer; {@link #add} must follow for that timer before any other. */
    long nextSequence() {
        return nextSequence++;
    }

    int size() {
        return heapSize + inOrder.size();
    }

    void add(TimerHandle timer) {
        timer.queued = true;
        TimerHandle last = inOrder.peekLast();
        // Equal deadlines may join the FIFO: sequences grow with every add, so (deadline, sequence) stays sorted.
        if (last == null || timer.deadlineNanos >= last.deadlineNanos) {
            inOrder.addLast(timer);
        } else {
            heapAdd(timer);
        }
    }

    void onCancelled(TimerHandle timer) {
        if (timer.queued) {
            cancelledCount++;
        }
    }

    /** The earliest live deadline, or {@link Long#MAX_VALUE} when there is none. Drops cancelled heads. */
    long nextDeadline() {
        compactIfMostlyCancelled();
        while (!inOrder.isEmpty() && inOrder.peekFirst().cancelled()) {
            dequeued(inOrder.pollFirst());
        }
        while (heapSize > 0 && heap[0].cancelled()) {
            dequeued(heapPoll());
        }
        TimerHandle next = earlierHead();
        return next == null ? Long.MAX_VALUE : next.deadlineNanos;
    }

    /** Moves every live timer due before {@code endNanos} to {@code ready}, in (deadline, scheduling) order. */
    void moveDue(long endNanos, ArrayDeque<Object> ready) {
        TimerHandle next;
        while ((next = earlierHead()) != null && next.deadlineNanos < endNanos) {
            TimerHandle taken = next == inOrder.peekFirst() ? inOrder.pollFirst() : heapPoll();
            dequeued(taken);
            if (!taken.cancelled()) {
                ready.add(taken);
            }
        }
    }

    void clear() {
        inOrder.clear();
        Arrays.fill(heap, 0, heapSize, null);
        heapSize = 0;
        cancelledCount = 0;
    }

    /** The head of the FIFO or of the heap, whichever comes first; null when both are empty. */
    private TimerHandle earlierHead() {
        TimerHandle fifo = inOrder.peekFirst();
        if (heapSize == 0) {
            return fifo;
        }
        TimerHandle top = heap[0];
        return fifo == null || before(top, fifo) ? top : fifo;
    }

    private void dequeued(TimerHandle timer) {
        timer.queued = false;
        if (timer.cancelled()) {
            cancelledCount--;
        }
    }

    private static boolean before(TimerHandle a, TimerHandle b) {
        return a.deadlineNanos < b.deadlineNanos
                || (a.deadlineNanos == b.deadlineNanos && a.sequence < b.sequence);
    }

    // ------------------------------------------------------------------ the heap, keys inline

    private void heapAdd(TimerHandle timer) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
            keys = Arrays.copyOf(keys, heapSize * 2);
        }
        siftUp(heapSize++, timer);
    }

    private TimerHandle heapPoll() {
        TimerHandle head = heap[0];
        TimerHandle last = heap[--heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            siftDown(0, last);
        }
        return head;
    }

    /** Whether the entry at {@code index} comes before {@code timer}, whose deadline is {@code key}. */
    private boolean entryBefore(int index, long key, TimerHandle timer) {
        long k = keys[index];
        return k < key || (k == key && heap[index].sequence < timer.sequence);
    }

    private void siftUp(int index, TimerHandle timer) {
        long key = timer.deadlineNanos;
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (entryBefore(parent, key, timer)) {
                break; // sequences are unique, so "not before" is "after"
            }
            heap[index] = heap[parent];
            keys[index] = keys[parent];
            index = parent;
        }
        heap[index] = timer;
        keys[index] = key;
    }

    private void siftDown(int index, TimerHandle timer) {
        long key = timer.deadlineNanos;
        int half = heapSize >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < heapSize && entryBefore(right, keys[child], heap[child])) {
                child = right;
            }
            if (!entryBefore(child, key, timer)) {
                break;
            }
            heap[index] = heap[child];
            keys[index] = keys[child];
            index = child;
        }
        heap[index] = timer;
        keys[index] = key;
    }

    // ------------------------------------------------------------------ compaction

    private void compactIfMostlyCancelled() {
        int total = size();
        if (total > Constants.MIN_TIMERS_FOR_COMPACTION
                && cancelledCount > total * Constants.CANCELLED_TIMER_FRACTION_FOR_COMPACTION) {
            // The FIFO's survivors keep their order; the heap's are sifted into a new heap.
            int fifoCount = inOrder.size();
            for (int i = 0; i < fifoCount; i++) {
                TimerHandle t = inOrder.pollFirst();
                if (t.cancelled()) {
                    t.queued = false;
                } else {
                    inOrder.addLast(t);
                }
            }
            TimerHandle[] old = heap;
            int oldSize = heapSize;
            int capacity = Math.max(16, oldSize);
            heap = new TimerHandle[capacity];
            keys = new long[capacity];
            heapSize = 0;
            for (int i = 0; i < oldSize; i++) {
                TimerHandle t = old[i];
                if (t.cancelled()) {
                    t.queued = false;
                } else {
                    siftUp(heapSize++, t);
                }
            }
            cancelledCount = 0;
        }
    }
}
