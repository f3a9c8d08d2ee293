package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loop's timer queue against a model (a sorted set by deadline, then scheduling order): whatever mix of
 * in-order and out-of-order deadlines, ties and cancellations, timers come out in exactly the model's order.
 * The queue keeps in-order timers in a FIFO and the rest in a heap; these cases cross both.
 */
class TimerQueueTest {
    private static final Comparator<TimerHandle> ORDER =
            Comparator.<TimerHandle>comparingLong(t -> t.deadlineNanos).thenComparingLong(t -> t.sequence);

    private final EventLoop loop = EventLoop.newEventLoop();
    private final TimerQueue queue = loop.timers; // TimerHandle.cancel() reports to its loop's queue

    @AfterEach
    void close() {
        loop.close();
    }

    private TimerHandle schedule(long deadline) {
        TimerHandle t = new TimerHandle(loop, () -> { }, null, deadline, queue.nextSequence());
        queue.add(t);
        return t;
    }

    private List<Object> due(long endNanos) {
        ArrayDeque<Object> ready = new ArrayDeque<>();
        queue.moveDue(endNanos, ready);
        return new ArrayList<>(ready);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void randomScheduleCancelAndDrainFollowsTheModel(long seed) {
        Random random = new Random(seed);
        TreeSet<TimerHandle> model = new TreeSet<>(ORDER);
        List<TimerHandle> live = new ArrayList<>();
        long now = 0;
        for (int round = 0; round < 200; round++) {
            int adds = random.nextInt(50);
            for (int i = 0; i < adds; i++) {
                long deadline = switch (random.nextInt(4)) {
                    case 0 -> now + 1_000;                   // same delay: in order, ties
                    case 1 -> now + random.nextInt(5_000);   // anywhere ahead
                    case 2 -> now + 500 + random.nextInt(3); // near-ties
                    default -> now - random.nextInt(100);    // already due
                };
                TimerHandle t = schedule(deadline);
                model.add(t);
                live.add(t);
            }
            int cancels = live.isEmpty() ? 0 : random.nextInt(Math.max(1, live.size() / 3));
            for (int i = 0; i < cancels; i++) {
                TimerHandle t = live.remove(random.nextInt(live.size()));
                t.cancel();
                model.remove(t);
            }
            long expectedNext = model.isEmpty() ? Long.MAX_VALUE : model.first().deadlineNanos;
            assertThat(queue.nextDeadline()).as("round %d", round).isEqualTo(expectedNext);

            now += random.nextInt(1_500);
            List<TimerHandle> expected = new ArrayList<>();
            while (!model.isEmpty() && model.first().deadlineNanos < now) {
                expected.add(model.pollFirst());
            }
            List<Object> got = due(now);
            assertThat(got).as("round %d", round).containsExactlyElementsOf(expected);
            live.removeAll(expected);
        }
        assertThat(due(Long.MAX_VALUE)).containsExactlyElementsOf(model);
        assertThat(queue.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(queue.size()).isZero();
    }

    @Test
    void equalDeadlinesRunInSchedulingOrderAcrossTheFifoAndTheHeap() {
        TimerHandle late = schedule(200);   // FIFO
        TimerHandle first = schedule(100);  // heap: before the FIFO's tail
        TimerHandle second = schedule(200); // FIFO, ties with late
        TimerHandle third = schedule(100);  // heap, ties with first
        assertThat(due(Long.MAX_VALUE)).containsExactly(first, third, late, second);
    }

    @Test
    void mostlyCancelledQueueIsCompactedAndKeepsItsOrder() {
        List<TimerHandle> kept = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // Alternate in-order and earlier deadlines so that both structures hold timers.
            TimerHandle t = schedule(i % 2 == 0 ? 10_000 + i : 5_000 - i);
            if (i % 5 == 0) {
                kept.add(t);
            } else {
                t.cancel();
            }
        }
        assertThat(queue.size()).isEqualTo(1_000);
        queue.nextDeadline(); // 800 of 1,000 cancelled: rebuilds
        assertThat(queue.size()).isEqualTo(kept.size());
        kept.sort(ORDER);
        assertThat(due(Long.MAX_VALUE)).containsExactlyElementsOf(kept);
    }

    @Test
    void cancelledHeadsAreDroppedWhenTheNextDeadlineIsAsked() {
        TimerHandle a = schedule(10);
        TimerHandle b = schedule(5); // heap
        schedule(20);
        a.cancel();
        b.cancel();
        assertThat(queue.nextDeadline()).isEqualTo(20);
        assertThat(queue.size()).isEqualTo(1);
    }
}
