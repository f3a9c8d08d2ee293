package io.aio4j;

import io.aio4j.internal.Constants;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The loop's timers: a binary heap by (deadline, scheduling order). Cancelled timers stay in the heap until they
 * reach its head, unless they become the majority of a large heap, when it is rebuilt (asyncio's policy).
 */
final class TimerQueue {
    private static final Comparator<TimerHandle> ORDER =
            Comparator.<TimerHandle>comparingLong(t -> t.deadlineNanos).thenComparingLong(t -> t.sequence);

    private PriorityQueue<TimerHandle> heap = new PriorityQueue<>(ORDER);
    private int cancelledCount;
    private long nextSequence;

    long nextSequence() {
        return nextSequence++;
    }

    void add(TimerHandle timer) {
        timer.queued = true;
        heap.add(timer);
    }

    void onCancelled(TimerHandle timer) {
        if (timer.queued) {
            cancelledCount++;
        }
    }

    int size() {
        return heap.size();
    }

    /** The earliest live deadline, or {@link Long#MAX_VALUE} when there is none. Drops cancelled heads. */
    long nextDeadline() {
        compactIfMostlyCancelled();
        TimerHandle head;
        while ((head = heap.peek()) != null && head.cancelled()) {
            remove(heap.poll());
        }
        return head == null ? Long.MAX_VALUE : head.deadlineNanos;
    }

    /** Moves every live timer due before {@code endNanos} to {@code ready}, in deadline order. */
    void moveDue(long endNanos, ArrayDeque<Object> ready) {
        TimerHandle head;
        while ((head = heap.peek()) != null && head.deadlineNanos < endNanos) {
            remove(heap.poll());
            if (!head.cancelled()) {
                ready.add(head);
            }
        }
    }

    void clear() {
        heap.clear();
        cancelledCount = 0;
    }

    private void remove(TimerHandle timer) {
        timer.queued = false;
        if (timer.cancelled()) {
            cancelledCount--;
        }
    }

    private void compactIfMostlyCancelled() {
        if (heap.size() > Constants.MIN_TIMERS_FOR_COMPACTION
                && cancelledCount > heap.size() * Constants.CANCELLED_TIMER_FRACTION_FOR_COMPACTION) {
            PriorityQueue<TimerHandle> live = new PriorityQueue<>(Math.max(1, heap.size() - cancelledCount), ORDER);
            for (TimerHandle t : heap) {
                if (t.cancelled()) {
                    t.queued = false;
                } else {
                    live.add(t);
                }
            }
            heap = live;
            cancelledCount = 0;
        }
    }
}
