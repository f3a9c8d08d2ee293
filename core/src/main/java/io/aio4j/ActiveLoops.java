package io.aio4j;

/**
 * Which loop's code the calling thread runs: what {@code asyncio.get_running_loop()} and every "not in a task"
 * check ask first.
 *
 * <p>The thread that called {@code runForever} finds its loop in a thread-local ({@link #DRIVER}). The virtual
 * threads of the virtual-thread backend (one per suspended task) do not: a thread-local set on each of them cost
 * every task a {@code ThreadLocalMap} of its own, about 140 bytes of heap per suspended task and a good part of
 * creating one. Instead, a loop that runs (or unwinds its tasks at close) is listed in {@link #active}, and a
 * virtual thread finds the listed loop whose {@link EventLoop#owner} it is. The baton makes that unambiguous: a
 * strand runs loop code only while it is its loop's owner, and no thread but the owner can see itself in that
 * field (each hand-off writes the next owner before the next owner runs).
 *
 * <p>The list holds a handful of loops (one per running loop, e.g. one per core in an {@link EventLoopGroup}), and
 * changes only when a loop starts or stops running, so it is copied on write and read without locking.
 */
final class ActiveLoops {
    /** The loop run by this thread's {@code runForever} (or unwound by its {@code close}). */
    static final ThreadLocal<EventLoop> DRIVER = new ThreadLocal<>();

    /** Loops running or unwinding now, newest last. */
    private static volatile EventLoop[] active = new EventLoop[0];

    private ActiveLoops() {}

    /**
     * The loop whose code the calling thread runs now, or the loop its {@code runForever} drives; null when none.
     * Newest first: a thread that unwinds another loop's tasks at close is that loop's owner meanwhile.
     */
    static EventLoop current() {
        Thread me = Thread.currentThread();
        if (me.isVirtual()) {
            EventLoop[] loops = active;
            for (int i = loops.length - 1; i >= 0; i--) {
                if (loops[i].owner == me) {
                    return loops[i];
                }
            }
        }
        return DRIVER.get();
    }

    static synchronized void add(EventLoop loop) {
        EventLoop[] old = active;
        EventLoop[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = loop;
        active = grown;
    }

    static synchronized void remove(EventLoop loop) {
        EventLoop[] old = active;
        for (int i = old.length - 1; i >= 0; i--) {
            if (old[i] == loop) {
                EventLoop[] shrunk = new EventLoop[old.length - 1];
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                active = shrunk;
                return;
            }
        }
    }
}
