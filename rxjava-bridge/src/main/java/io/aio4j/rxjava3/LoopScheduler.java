package io.aio4j.rxjava3;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.TimerHandle;
import io.aio4j.internal.LoopHop;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AioRx#scheduler}: an RxJava scheduler whose work runs as callbacks of one event loop. The loop's ready
 * queue and timer heap already give what RxJava asks of a worker (FIFO order for equal delays, one piece of work
 * at a time), so a worker only has to remember its pending work, to drop it when disposed.
 */
final class LoopScheduler extends Scheduler {
    private final EventLoop loop;

    LoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Worker createWorker() {
        return new LoopWorker(loop);
    }

    /** One piece of work needs no worker: it is its own disposable (RxJava's default would make a worker). */
    @Override
    public Disposable scheduleDirect(Runnable run, long delay, TimeUnit unit) {
        Objects.requireNonNull(run, "run is null");
        Objects.requireNonNull(unit, "unit is null");
        return new Work(loop, RxJavaPlugins.onSchedule(run), null, unit.toNanos(delay)).start();
    }

    @Override
    public String toString() {
        return "AioRx.scheduler(" + loop + ")";
    }

    /** A worker: its pending work, so that {@link #dispose()} drops all of it. */
    static final class LoopWorker extends Worker {
        private final EventLoop loop;
        private final CompositeDisposable pending = new CompositeDisposable();

        LoopWorker(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public Disposable schedule(Runnable run, long delay, TimeUnit unit) {
            Objects.requireNonNull(run, "run is null");
            Objects.requireNonNull(unit, "unit is null");
            if (pending.isDisposed()) {
                return Disposable.disposed();
            }
            Work work = new Work(loop, RxJavaPlugins.onSchedule(run), this, unit.toNanos(delay));
            if (!pending.add(work)) {
                return Disposable.disposed(); // disposed meanwhile: add() disposed the work
            }
            return work.start();
        }

        void finished(Work work) {
            pending.delete(work);
        }

        @Override
        public void dispose() {
            pending.dispose();
        }

        @Override
        public boolean isDisposed() {
            return pending.isDisposed();
        }

        @Override
        public String toString() {
            return "AioRx.scheduler(" + loop + ").worker[pending=" + pending.size()
                    + (pending.isDisposed() ? ", disposed]" : "]");
        }
    }

    /**
     * One scheduled piece of work: the loop callback and the handle the RxJava side disposes. Its state moves
     * WAITING -> RUNNING -> FINISHED, or WAITING/RUNNING -> DISPOSED, from any thread.
     */
    static final class Work implements Runnable, Disposable {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int FINISHED = 2;
        private static final int DISPOSED = 3;

        private final EventLoop loop;
        private final Runnable run;
        private final LoopWorker worker;
        /** RxJava allows zero and negative delays: both mean "as soon as possible". */
        private final long delayNanos;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** Loop side: the timer of delayed work, cancelled on dispose so the heap does not keep it. */
        private TimerHandle timer;

        Work(EventLoop loop, Runnable run, LoopWorker worker, long delayNanos) {
            this.loop = loop;
            this.run = run;
            this.worker = worker;
            this.delayNanos = delayNanos;
        }

        /** Queues the work on the loop; returns this, or a disposed Disposable if the loop is closed. */
        Disposable start() {
            boolean queued;
            try {
                if (delayNanos <= 0) {
                    loop.callSoonThreadsafe(this); // never inline: RxJava expects schedule() to return first
                    queued = true;
                } else {
                    queued = LoopHop.run(loop, this::arm);
                }
            } catch (IllegalStateException closed) {
                if (!loop.isClosed()) {
                    throw closed;
                }
                queued = false;
            }
            if (!queued) {
                reject();
                return Disposable.disposed();
            }
            return this;
        }

        /** On the loop: the timer starts now, unless the work was disposed on its way here. */
        private void arm() {
            if (state.get() == WAITING) {
                timer = loop.callLater(Duration.ofNanos(delayNanos), this);
            }
        }

        private void reject() {
            state.set(DISPOSED);
            if (worker != null) {
                worker.finished(this);
            }
            RejectedExecutionException rejected = new RejectedExecutionException(
                    "AioRx.scheduler(loop): cannot schedule " + run + " because " + loop
                            + " is closed; schedule on a loop that is open");
            loop.callExceptionHandler(ExceptionContext.of("RxJava work scheduled on a closed event loop was "
                    + "dropped", rejected));
        }

        /** The loop callback. What the work throws reaches the loop's exception handler through the handle. */
        @Override
        public void run() {
            if (!state.compareAndSet(WAITING, RUNNING)) {
                return;
            }
            try {
                run.run();
            } finally {
                state.compareAndSet(RUNNING, FINISHED);
                if (worker != null) {
                    worker.finished(this);
                }
            }
        }

        @Override
        public void dispose() {
            for (;;) {
                int s = state.get();
                if (s == FINISHED || s == DISPOSED) {
                    return;
                }
                if (state.compareAndSet(s, DISPOSED)) {
                    if (s == WAITING) {
                        if (worker != null) {
                            worker.finished(this);
                        }
                        if (delayNanos > 0) {
                            cancelTimer();
                        }
                    }
                    return;
                }
            }
        }

        /** A timer handle may only be touched on the loop; a closed loop has no timers left to cancel. */
        private void cancelTimer() {
            LoopHop.run(loop, () -> {
                if (timer != null) {
                    timer.cancel();
                    timer = null;
                }
            });
        }

        @Override
        public boolean isDisposed() {
            return state.get() >= FINISHED;
        }

        @Override
        public String toString() {
            return "AioRx.scheduler work[" + run + ", " + switch (state.get()) {
                case WAITING -> "waiting";
                case RUNNING -> "running";
                case FINISHED -> "finished";
                default -> "disposed";
            } + "]";
        }
    }
}
