package io.aio4j;

import io.aio4j.internal.Constants;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by (deadline, scheduling order), so that equal deadlines run in the
 * order they were scheduled. Cancelled timers stay in the heap until they reach its head, unless they become the
 * majority of a large heap, when it is rebuilt (asyncio's policy).
 *
 * <p>Hand-written rather than {@link java.util.PriorityQueue} with a composed {@link java.util.Comparator}: the
 * comparator chain was the loop's hottest code with 100k timers (profiled), two long comparisons are not.
 */
final class TimerQueue {
    private TimerHandle[] heap = new TimerHandle[16];
    private int size;
    private int cancelledCount;
    private long nextSequence;

    long nextSequence() {
        return nextSequence++;
    }

    int size() {
        return size;
    }

    void add(TimerHandle timer) {
        timer.queued = true;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, timer);
    }

    void onCancelled(TimerHandle timer) {
        if (timer.queued) {
            cancelledCount++;
        }
    }

    /** The earliest live deadline, or {@link Long#MAX_VALUE} when there is none. Drops cancelled heads. */
    long nextDeadline() {
        compactIfMostlyCancelled();
        while (size > 0 && heap[0].cancelled()) {
            pollHead();
        }
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNanos;
    }

    /** Moves every live timer due before {@code endNanos} to {@code ready}, in deadline order. */
    void moveDue(long endNanos, ArrayDeque<Object> ready) {
        while (size > 0 && heap[0].deadlineNanos < endNanos) {
            TimerHandle head = pollHead();
            if (!head.cancelled()) {
                ready.add(head);
            }
        }
    }

    void clear() {
        Arrays.fill(heap, 0, size, null);
        size = 0;
        cancelledCount = 0;
    }

    private TimerHandle pollHead() {
        TimerHandle head = heap[0];
        TimerHandle last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        head.queued = false;
        if (head.cancelled()) {
            cancelledCount--;
        }
        return head;
    }

    private static boolean before(TimerHandle a, TimerHandle b) {
        return a.deadlineNanos < b.deadlineNanos
                || (a.deadlineNanos == b.deadlineNanos && a.sequence < b.sequence);
    }

    private void siftUp(int index, TimerHandle timer) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            TimerHandle p = heap[parent];
            if (!before(timer, p)) {
                break;
            }
            heap[index] = p;
            index = parent;
        }
        heap[index] = timer;
    }

    private void siftDown(int index, TimerHandle timer) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            TimerHandle c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, timer)) {
                break;
            }
            heap[index] = c;
            index = child;
        }
        heap[index] = timer;
    }

    private void compactIfMostlyCancelled() {
        if (size > Constants.MIN_TIMERS_FOR_COMPACTION
                && cancelledCount > size * Constants.CANCELLED_TIMER_FRACTION_FOR_COMPACTION) {
            TimerHandle[] old = heap;
            int oldSize = size;
            heap = new TimerHandle[Math.max(16, oldSize - cancelledCount)];
            size = 0;
            cancelledCount = 0;
            for (int i = 0; i < oldSize; i++) {
                TimerHandle t = old[i];
                if (t.cancelled()) {
                    t.queued = false;
                } else {
                    if (size == heap.length) {
                        heap = Arrays.copyOf(heap, size * 2);
                    }
                    siftUp(size++, t);
                }
            }
        }
    }
}
