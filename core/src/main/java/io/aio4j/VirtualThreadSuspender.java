package io.aio4j;

import io.aio4j.internal.Constants;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual-thread backend (DESIGN §2): each suspended task owns a virtual thread (a {@link Strand}) that holds
 * its stack; there is no loop thread. Whichever strand holds the <em>baton</em> runs the loop: when its task
 * awaits, it goes on taking items from the ready queue itself, running plain callbacks in place; when the next item
 * is its own resumption it simply returns (a lone task never switches threads); when it is another task's, it
 * hands the baton to that task's strand and parks.
 *
 * <p>A strand whose task has finished is <em>free</em>: it keeps running the loop and starts the next new task it
 * meets on its own stack, so a burst of tasks that never suspend runs on one thread with no switch at all. When a
 * free strand must hand the baton on, it parks in a small pool ({@link Constants#IDLE_STRANDS_KEPT}) from which the
 * next new task that needs a strand takes it.
 *
 * <p>The thread that called {@code runForever} (the <em>driver</em>, often a platform thread) runs callbacks but
 * never a task body: platform-thread handoffs are several times slower. It gets the baton back only when the loop
 * stops.
 *
 * <p>Memory visibility: every handoff writes the target's volatile {@link Strand#go} after all loop state changes,
 * and the target reads it before touching any; so each holder sees everything its predecessor did.
 */
final class VirtualThreadSuspender extends EventLoop.Suspender {
    /**
     * Makes every strand's thread: unnamed, and not inheriting the creating thread's inheritable thread-locals (a
     * task's state travels in its context, and copying a map into every strand costs memory). One factory for all
     * loops, as it is thread-safe: W4 starts 100,000 strands per batch, and a builder per start was work for nothing.
     */
    private static final ThreadFactory STRANDS = Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();

    private final ArrayDeque<Strand> idle = new ArrayDeque<>();
    /** The strand of the thread in runForever; the holder hands it the baton when the loop stops. */
    private Strand driver;
    /** The strand holding the baton right now. */
    private Strand holder;

    /** One thread's participation in a loop: the driver's, or a virtual thread's carrying task bodies. */
    final class Strand implements Runnable {
        final EventLoop loop;
        final boolean isDriver;
        Thread thread;
        /** Set by whoever hands this strand the baton; cleared by the strand when it takes it. */
        volatile boolean go;
        /** The new task this strand is to start when it gets the baton; null tells a pooled strand to exit. */
        Task<?> assigned;
        /** For an eagerly started task: the strand to give the baton back to when it first suspends or ends. */
        Strand eagerReturn;

        Strand(EventLoop loop, boolean isDriver) {
            this.loop = loop;
            this.isDriver = isDriver;
        }

        @Override
        public void run() {
            // No thread-local here: a strand finds its loop through ActiveLoops, as the loop's owner.
            for (;;) {
                awaitBaton(this);
                Task<?> task = assigned;
                assigned = null;
                if (task == null) {
                    return; // the loop was closed while this strand sat in the pool
                }
                runTask(this, task);
                boolean keep;
                Strand back = eagerReturn;
                if (back != null) {
                    eagerReturn = null;
                    keep = releaseTo(this, back);
                } else {
                    keep = driveFree(this);
                }
                if (!keep) {
                    return;
                }
            }
        }

        @Override
        public String toString() {
            return "Strand[" + thread + "]";
        }
    }

    @Override
    void runForever(EventLoop loop) {
        Strand me = new Strand(loop, true);
        me.thread = Thread.currentThread();
        driver = me;
        holder = me;
        driveFree(me);
    }

    /**
     * Runs the loop on a strand that carries no suspended task, until it has to hand the baton away. Returns
     * whether the strand was pooled (and has since been handed the baton back with a new assignment).
     */
    private boolean driveFree(Strand me) {
        EventLoop loop = me.loop;
        for (;;) {
            Object item = loop.nextItem();
            if (item == EventLoop.STOP) {
                if (me.isDriver) {
                    return false;
                }
                return releaseTo(me, driver);
            }
            if (item instanceof Task<?> task) {
                if (task.done()) {
                    continue;
                }
                Strand target = (Strand) task.fiber;
                if (target == null) {
                    if (!me.isDriver) {
                        runTask(me, task); // a new task on a free strand: run it right here
                        continue;
                    }
                    target = strandFor(loop, task);
                }
                if (me.isDriver) {
                    handTo(target);
                    awaitBaton(me); // only the loop's stop gives it back
                    return false;
                }
                return releaseTo(me, target);
            }
            loop.runHandle((Handle) item);
        }
    }

    private void runTask(Strand me, Task<?> task) {
        EventLoop loop = me.loop;
        task.fiber = me;
        loop.stepBegins(task);
        task.runBody();
        loop.stepEnds(task);
        task.fiber = null;
    }

    @Override
    void suspend(EventLoop loop, Task<?> task) {
        Strand me = (Strand) task.fiber;
        loop.stepEnds(task);
        Strand back = me.eagerReturn;
        if (back != null) {
            me.eagerReturn = null;
            handTo(back);
            awaitBaton(me);
        } else {
            runUntilResumed(me, task);
        }
        loop.stepBegins(task);
    }

    /** Runs the loop on a suspended task's strand until that task's own step comes up. */
    private void runUntilResumed(Strand me, Task<?> self) {
        EventLoop loop = me.loop;
        for (;;) {
            Object item = loop.nextItem();
            if (item == self) {
                return;
            }
            if (item == EventLoop.STOP) {
                handTo(driver);
                awaitBaton(me);
                return;
            }
            if (item instanceof Task<?> task) {
                if (task.done()) {
                    continue;
                }
                Strand target = task.fiber != null ? (Strand) task.fiber : strandFor(loop, task);
                handTo(target);
                awaitBaton(me);
                return;
            }
            loop.runHandle((Handle) item);
        }
    }

    @Override
    void startEagerly(EventLoop loop, Task<?> task) {
        Strand me = holder;
        Strand target = strandFor(loop, task);
        target.eagerReturn = me;
        handTo(target);
        awaitBaton(me);
    }

    @Override
    void unwind(EventLoop loop, Task<?> task) {
        Strand me = new Strand(loop, true);
        me.thread = Thread.currentThread();
        Strand target = (Strand) task.fiber;
        target.eagerReturn = me; // like an eager start: the baton comes back when the body ends
        handTo(target);
        awaitBaton(me);
        loop.owner = null; // the loop is closing, not running: this thread must not find it as its own
    }

    @Override
    void close(EventLoop loop) {
        Strand s;
        while ((s = idle.poll()) != null) {
            s.assigned = null;
            s.go = true;
            LockSupport.unpark(s.thread);
        }
    }

    /** A strand to run a new task on: a pooled one, or a new virtual thread. */
    private Strand strandFor(EventLoop loop, Task<?> task) {
        Strand s = idle.poll();
        if (s == null) {
            s = new Strand(loop, false);
        }
        s.assigned = task;
        task.fiber = s;
        return s;
    }

    /**
     * Hands the baton to {@code target}, pooling {@code me} (a free strand) first if there is room. Returns
     * whether {@code me} was pooled, in which case it has waited for and received the baton again.
     */
    private boolean releaseTo(Strand me, Strand target) {
        boolean pooled = idle.size() < Constants.IDLE_STRANDS_KEPT;
        if (pooled) {
            idle.push(me);
        }
        handTo(target);
        return pooled;
    }

    private void handTo(Strand target) {
        holder = target;
        Thread thread = target.thread;
        if (thread == null) {
            thread = STRANDS.newThread(target);
            target.thread = thread;
            target.loop.owner = thread;
            target.go = true;
            thread.start();
        } else {
            target.loop.owner = thread;
            target.go = true;
            LockSupport.unpark(thread);
        }
    }

    private static void awaitBaton(Strand me) {
        while (!me.go) {
            LockSupport.park(me);
        }
        me.go = false;
    }
}
