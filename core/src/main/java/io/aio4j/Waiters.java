package io.aio4j;

/**
 * The FIFO of tasks waiting on one primitive or queue: asyncio's {@code collections.deque} of waiter futures.
 *
 * <p>Each waiter is a loop future linked into the list, so a cancelled waiter unlinks itself in O(1) whatever
 * its place. A waiter is woken by completing its future with a result; the task awaiting it resumes at the next
 * loop iteration, so between the wake-up and the resumption the waiter is done (and not cancelled) while its
 * task has not run yet: the window in which a cancellation must hand the wake-up on, which every primitive
 * handles in its own way (asyncio's {@code _wake_up_first}, {@code _wake_up_next}, {@code _wakeup_next}).
 * <dl><dt>Threading</dt><dd>On the loop only, like everything it serves.</dd></dl>
 */
final class Waiters {
    private Waiter head;
    private Waiter tail;
    private int size;

    /** Appends a new pending waiter for the calling task, on {@code loop}. */
    Waiter add(EventLoop loop) {
        Waiter w = new Waiter(loop);
        w.list = this;
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
        return w;
    }

    /** Awaits {@code w}'s turn and then, however that ends, takes it off the list. */
    void awaitThenLeave(Waiter w) {
        try {
            w.await();
        } finally {
            remove(w);
        }
    }

    /** Unlinks {@code w} if it is still in this list (asyncio's {@code deque.remove} with ValueError ignored). */
    void remove(Waiter w) {
        if (w.list != this) {
            return;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.list = null;
        size--;
    }

    /** The oldest waiter, whatever its state, or null. */
    Waiter first() {
        return head;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Whether every waiter (vacuously, none) was cancelled: those are leaving and can be overtaken. */
    boolean allCancelled() {
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.cancelled()) {
                return false;
            }
        }
        return true;
    }

    /** Wakes the oldest waiter that is still pending, leaving it linked; false if there is none. */
    boolean wakeFirstPending() {
        for (Waiter w = head; w != null; w = w.next) {
            if (!w.done()) {
                w.wake();
                return true;
            }
        }
        return false;
    }

    /** Wakes up to {@code n} of the oldest pending waiters, leaving them linked. */
    void wakePending(int n) {
        int woken = 0;
        for (Waiter w = head; w != null && woken < n; w = w.next) {
            if (!w.done()) {
                w.wake();
                woken++;
            }
        }
    }

    /** Unlinks waiters from the front until one is pending, and wakes that one; false if none was. */
    boolean pollAndWakeFirstPending() {
        while (head != null) {
            Waiter w = head;
            remove(w);
            if (!w.done()) {
                w.wake();
                return true;
            }
        }
        return false;
    }

    /** Unlinks every waiter and wakes those still pending. */
    void pollAndWakeAll() {
        while (head != null) {
            Waiter w = head;
            remove(w);
            w.wake();
        }
    }

    /** Wakes every pending waiter, leaving them linked. */
    void wakeAll() {
        for (Waiter w = head; w != null; w = w.next) {
            w.wake();
        }
    }

    /**
     * One waiting task's future, and its links in a {@link Waiters} list. Woken with a null result; cancelled
     * when its task is cancelled while waiting (the awaiting {@link Task} cancels the future it is suspended on).
     */
    static final class Waiter extends Future<Void> {
        private Waiter prev;
        private Waiter next;
        /** The list it is linked into, or null once unlinked. */
        private Waiters list;

        Waiter(EventLoop loop) {
            super(loop);
        }

        /** Completes the future, scheduling its task, unless it is already done. */
        void wake() {
            if (!done()) {
                finishWithResult(null);
            }
        }

        @Override
        public String toString() {
            return describe("Future(waiter)");
        }
    }
}
