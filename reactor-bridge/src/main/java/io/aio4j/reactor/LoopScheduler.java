package io.aio4j.reactor;

import io.aio4j.EventLoop;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactor {@link Scheduler} whose work runs as callbacks of one event loop: see {@link AioReactor#scheduler}.
 *
 * <p>Lifecycle: open -> disposed. The scheduler tracks its workers and the tasks scheduled on it directly; each
 * worker tracks its own tasks ({@link LoopTask}). Disposing a worker cancels its pending tasks; disposing the
 * scheduler cancels every pending task and worker and refuses new work with {@code RejectedExecutionException}.
 * The loop is not the scheduler's to close: it runs on, and so do other schedulers on it.
 */
final class LoopScheduler implements Scheduler {
    private final EventLoop loop;
    /** Direct tasks and workers. */
    private final Disposable.Composite tracked = Disposables.composite();

    LoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Disposable schedule(Runnable task) {
        return LoopTask.schedule(loop, tracked, task, 0, null, TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return LoopTask.schedule(loop, tracked, task, delay, null, unit);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return LoopTask.schedule(loop, tracked, task, initialDelay, period, unit);
    }

    @Override
    public Worker createWorker() {
        LoopWorker worker = new LoopWorker();
        if (!tracked.add(worker)) {
            throw Exceptions.failWithRejected();
        }
        return worker;
    }

    /** Cancels the pending work of this scheduler and its workers, and refuses new work. The loop runs on. */
    @Override
    public void dispose() {
        tracked.dispose();
    }

    @Override
    public boolean isDisposed() {
        return tracked.isDisposed();
    }

    @Override
    public String toString() {
        return "LoopScheduler[" + loop + (isDisposed() ? ", disposed]" : ", tracked=" + tracked.size() + "]");
    }

    /**
     * A worker: its tasks run in the order they were scheduled (immediate ones; timed ones by due time), one at a
     * time, since they are all callbacks of one loop.
     */
    private final class LoopWorker implements Worker {
        private final Disposable.Composite tasks = Disposables.composite();

        @Override
        public Disposable schedule(Runnable task) {
            return LoopTask.schedule(loop, tasks, task, 0, null, TimeUnit.NANOSECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return LoopTask.schedule(loop, tasks, task, delay, null, unit);
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            return LoopTask.schedule(loop, tasks, task, initialDelay, period, unit);
        }

        @Override
        public void dispose() {
            if (!tasks.isDisposed()) {
                tasks.dispose();
                tracked.remove(this);
            }
        }

        @Override
        public boolean isDisposed() {
            return tasks.isDisposed();
        }

        @Override
        public String toString() {
            return "LoopWorker[" + loop + (isDisposed() ? ", disposed]" : ", tasks=" + tasks.size() + "]");
        }
    }
}
