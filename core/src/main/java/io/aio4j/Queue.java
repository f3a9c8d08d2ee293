package io.aio4j;

import io.aio4j.Waiters.Waiter;
import io.aio4j.internal.Checks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A first-in, first-out queue for passing items between the tasks of one event loop, optionally bounded:
 * {@link #put} waits while it is full, {@link #get} while it is empty.
 *
 * <p>Not a {@link java.util.Queue} (the name is asyncio's; import one of the two, or qualify the other): its
 * {@code put} and {@code get} suspend the calling task, they never block a thread. Items are counted as
 * unfinished from {@code put} until a consumer calls {@link #taskDone()}; {@link #join()} waits until none is
 * left. {@link #shutdown()} stops a queue for good. Subtypes change only the order: {@link PriorityQueue},
 * {@link LifoQueue}.
 * {@snippet :
 * Queue<String> urls = new Queue<>(100);
 * for (int i = 0; i < 4; i++) {
 *     Async.createTask(() -> {
 *         for (;;) {
 *             String url = urls.get();              // suspends while empty
 *             try { fetch(url).await(); } finally { urls.taskDone(); }
 *         }
 *     });
 * }
 * for (String url : list) urls.put(url);           // suspends while 100 are waiting
 * urls.join();                                      // every item processed
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Queue} (queues.py, Python 3.13 with {@code shutdown}). Differences:
 *   null items are refused ({@link NullPointerException}); a negative {@code maxsize} is an error rather than
 *   unbounded; {@code shutdown(immediate=True)} is {@link #shutdownNow()}, which also returns the items it
 *   drops; {@code task_done()} called too often throws {@link IllegalStateException} (asyncio:
 *   {@code ValueError}).</dd>
 *   <dt>Threading</dt><dd>On the loop only (its tasks and callbacks); a call that has to wait ({@link #put},
 *   {@link #get}, {@link #join}), only from a task. From another thread:
 *   {@code loop.callSoonThreadsafe(() -> queue.putNowait(item))}. Bound to the loop of its first wait; a wait
 *   from a task of another loop throws {@link IllegalStateException}.</dd>
 *   <dt>Cancellation</dt><dd>A task cancelled in {@link #get} gets {@link CancellationException} and takes no
 *   item: the item it was woken for stays queued and the wake-up passes to the next getter. A task cancelled
 *   in {@link #put} inserts nothing, and passes on the room it was woken for.</dd>
 * </dl>
 *
 * @param <T> the type of the items
 */
public sealed class Queue<T> extends LoopBound permits PriorityQueue, LifoQueue {
    /** How many items {@link #toString()} lists before it abbreviates. */
    private static final int SHOWN_ITEMS = 10;

    private final int maxsize;
    private final java.util.Queue<T> items;
    private final Waiters getters = new Waiters();
    private final Waiters putters = new Waiters();
    private int unfinishedTasks;
    /** Set while no item is unfinished: what {@link #join()} waits for. */
    private final Event finished = new Event();
    private boolean isShutdown;

    /** Creates an unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items; 0 means unbounded.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.Queue(maxsize)}; negative is an error here (asyncio: unbounded).
     * </dd></dl>
     *
     * @param maxsize the capacity, {@code >= 0}; 0 for none
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    /** For the subtypes: {@code items} decides the order (asyncio's {@code _init}, {@code _put}, {@code _get}). */
    Queue(int maxsize, java.util.Queue<T> items) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0 for unbounded) but was " + maxsize);
        }
        this.maxsize = maxsize;
        this.items = items;
        finished.set();
    }

    /**
     * How many items are queued.
     * <dl><dt>asyncio</dt><dd>{@code queue.qsize()}.</dd></dl>
     *
     * @return the number of items
     */
    public int qsize() {
        return items.size();
    }

    /**
     * The capacity given at creation; 0 for unbounded.
     * <dl><dt>asyncio</dt><dd>{@code queue.maxsize}.</dd></dl>
     *
     * @return the capacity
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Whether the queue holds no item.
     * <dl><dt>asyncio</dt><dd>{@code queue.empty()}.</dd></dl>
     *
     * @return true if empty
     */
    public boolean empty() {
        return items.isEmpty();
    }

    /**
     * Whether the queue holds {@link #maxsize()} items; never for an unbounded queue.
     * <dl><dt>asyncio</dt><dd>{@code queue.full()}.</dd></dl>
     *
     * @return true if full
     */
    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /**
     * Adds {@code item}, first suspending the calling task while the queue is full.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await queue.put(item)}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException};
     *   the item is not added, and room it was woken for passes to the next putter.</dd>
     * </dl>
     *
     * @param item the item
     * @throws QueueShutDownException if the queue is or gets shut down
     * @throws CancellationException  if the calling task was cancelled while waiting
     * @throws IllegalStateException  if it has to wait and is not called from a task, or the queue is bound to
     *                                another loop
     * @throws NullPointerException   if {@code item} is null
     */
    public void put(T item) {
        Checks.notNull(item, "item");
        while (full()) {
            if (isShutdown) {
                throw shutDown("put()");
            }
            Waiter putter = putters.add(loopForWait(kind() + ".put()"));
            try {
                putter.await();
            } catch (Throwable t) {
                putter.cancel(); // in case it is still pending (a failure before it suspended)
                putters.remove(putter); // unless a getNowait or shutdown already took it off
                if (!full() && !putter.cancelled()) {
                    putters.pollAndWakeFirstPending(); // woken for room we will not use: pass it on
                }
                throw t;
            }
        }
        putNowait(item);
    }

    /**
     * Adds {@code item} if there is room, else throws.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code queue.put_nowait(item)}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @param item the item
     * @throws QueueFullException     if the queue is full
     * @throws QueueShutDownException if the queue was shut down
     * @throws NullPointerException   if {@code item} is null
     * @throws ClassCastException     for a {@link PriorityQueue} in natural order, if {@code item} is not
     *                                {@link Comparable} with the others
     */
    public void putNowait(T item) {
        Checks.notNull(item, "item");
        checkThread(kind() + ".putNowait()");
        if (isShutdown) {
            throw shutDown("putNowait()");
        }
        if (full()) {
            throw new QueueFullException(kind() + ".putNowait() on a full queue: " + this
                    + "; await put() to wait for room");
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        getters.pollAndWakeFirstPending();
    }

    /**
     * Removes and returns the next item, first suspending the calling task while the queue is empty.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await queue.get()}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException}
     *   and takes no item; the one it was woken for stays queued for the next getter.</dd>
     * </dl>
     *
     * @return the item
     * @throws QueueShutDownException if the queue is shut down and empty
     * @throws CancellationException  if the calling task was cancelled while waiting
     * @throws IllegalStateException  if it has to wait and is not called from a task, or the queue is bound to
     *                                another loop
     */
    public T get() {
        while (items.isEmpty()) {
            if (isShutdown) {
                throw shutDown("get()");
            }
            Waiter getter = getters.add(loopForWait(kind() + ".get()"));
            try {
                getter.await();
            } catch (Throwable t) {
                getter.cancel(); // in case it is still pending (a failure before it suspended)
                getters.remove(getter); // unless a putNowait or shutdown already took it off
                if (!items.isEmpty() && !getter.cancelled()) {
                    getters.pollAndWakeFirstPending(); // woken for an item we will not take: pass it on
                }
                throw t;
            }
        }
        return getNowait();
    }

    /**
     * Removes and returns the next item if there is one, else throws.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code queue.get_nowait()}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @return the item
     * @throws QueueEmptyException    if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    public T getNowait() {
        checkThread(kind() + ".getNowait()");
        if (items.isEmpty()) {
            if (isShutdown) {
                throw shutDown("getNowait()");
            }
            throw new QueueEmptyException(kind() + ".getNowait() on an empty queue: " + this
                    + "; await get() to wait for an item");
        }
        T item = items.poll();
        putters.pollAndWakeFirstPending();
        return item;
    }

    /**
     * Marks one item taken from the queue as processed; once all are, {@link #join()} returns.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code queue.task_done()}; too many calls throw {@link IllegalStateException}
     *   rather than {@code ValueError}.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        checkThread(kind() + ".taskDone()");
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException(kind() + ".taskDone() called more times than there were items put: "
                    + this + "; call it once per item taken with get()");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Returns once every item put has been marked with {@link #taskDone()} (or dropped by
     * {@link #shutdownNow()}); at once if none is unfinished.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await queue.join()}.</dd>
     *   <dt>Threading</dt><dd>On the loop; when it has to wait, only from a task of it, which it suspends.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait with {@link CancellationException};
     *   the queue is unaffected.</dd>
     * </dl>
     *
     * @throws CancellationException if the calling task was cancelled while waiting
     * @throws IllegalStateException if it has to wait and is not called from a task, or the queue is bound to
     *                               another loop
     */
    public void join() {
        if (unfinishedTasks > 0) {
            loopForWait(kind() + ".join()");
            finished.await();
        }
    }

    /**
     * Shuts the queue down, letting it drain: {@code put} throws {@link QueueShutDownException} from now on
     * (tasks waiting in it too), while {@code get} goes on returning the queued items and throws once the queue
     * is empty (tasks waiting in it on an empty queue at once). {@link #join()} still waits for
     * {@link #taskDone()} on the remaining items. Calling it again does nothing more.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code queue.shutdown()} (3.13).</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     */
    public void shutdown() {
        checkThread(kind() + ".shutdown()");
        shutdown(false);
    }

    /**
     * Shuts the queue down at once: as {@link #shutdown()}, and also drops every queued item, counting each as
     * done for {@link #join()} (which returns if no item taken earlier is unfinished), so that every task
     * waiting in {@code get} throws {@link QueueShutDownException}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code queue.shutdown(immediate=True)} (3.13); returns what it dropped (asyncio
     *   discards it), as {@link java.util.concurrent.ExecutorService#shutdownNow()} does, so that the items can
     *   be released.</dd>
     *   <dt>Threading</dt><dd>On the loop only; never suspends.</dd>
     * </dl>
     *
     * @return the items dropped, in the order {@code get} would have returned them
     */
    public List<T> shutdownNow() {
        checkThread(kind() + ".shutdownNow()");
        return shutdown(true);
    }

    private List<T> shutdown(boolean immediate) {
        isShutdown = true;
        List<T> dropped = List.of();
        if (immediate) {
            if (!items.isEmpty()) {
                dropped = new ArrayList<>(items.size());
            }
            while (!items.isEmpty()) {
                dropped.add(items.poll());
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        // Every waiter re-checks the queue and throws as it now should.
        getters.pollAndWakeAll();
        putters.pollAndWakeAll();
        return dropped;
    }

    private QueueShutDownException shutDown(String method) {
        return new QueueShutDownException(kind() + "." + method + " on a queue that was shut down: " + this);
    }

    /** The public type's simple name, for messages: {@code Queue}, {@code PriorityQueue}, {@code LifoQueue}. */
    private String kind() {
        return getClass().getSimpleName();
    }

    /** Tasks waiting in {@link #get}, cancelled ones that have not left yet included (asyncio's _getters). */
    final int getterCount() {
        return getters.size();
    }

    /** Tasks waiting in {@link #put}, cancelled ones that have not left yet included (asyncio's _putters). */
    final int putterCount() {
        return putters.size();
    }

    /**
     * The state, as {@code Queue[maxsize=2, items=[a, b], putters=1, tasks=2]}: the items in storage order (for a
     * {@link PriorityQueue}, heap order), at most ten of them, then waiting getters and putters, unfinished
     * items and {@code shutdown}, each shown only when there is something to show.
     *
     * @return the state
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append("[maxsize=").append(maxsize);
        if (!items.isEmpty()) {
            sb.append(", items=[");
            Iterator<T> it = items.iterator();
            for (int i = 0; it.hasNext() && i < SHOWN_ITEMS; i++) {
                sb.append(i == 0 ? "" : ", ").append(it.next());
            }
            if (items.size() > SHOWN_ITEMS) {
                sb.append(", ... (").append(items.size()).append(" in all)");
            }
            sb.append(']');
        }
        if (!getters.isEmpty()) {
            sb.append(", getters=").append(getters.size());
        }
        if (!putters.isEmpty()) {
            sb.append(", putters=").append(putters.size());
        }
        if (unfinishedTasks > 0) {
            sb.append(", tasks=").append(unfinishedTasks);
        }
        if (isShutdown) {
            sb.append(", shutdown");
        }
        return sb.append(']').toString();
    }
}
