package io.aio4j.reactor;

import io.aio4j.EventLoopGroup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactor {@link Scheduler} over an {@link EventLoopGroup}: see {@link AioReactor#scheduler(EventLoopGroup)}.
 * One {@link LoopScheduler} per loop; direct tasks go round robin over them, and each worker is pinned to one loop
 * (taken round robin when it is created), so a worker's tasks keep their order and never run in parallel, as with
 * Reactor's own {@code Schedulers.parallel()}, whose workers each own one thread.
 */
final class GroupScheduler implements Scheduler {
    private final List<LoopScheduler> perLoop;
    private final AtomicInteger next = new AtomicInteger();

    GroupScheduler(EventLoopGroup group) {
        this.perLoop = group.loops().stream().map(LoopScheduler::new).toList();
    }

    private LoopScheduler pick() {
        return perLoop.get(Math.floorMod(next.getAndIncrement(), perLoop.size()));
    }

    @Override
    public Disposable schedule(Runnable task) {
        return pick().schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return pick().schedule(task, delay, unit);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return pick().schedulePeriodically(task, initialDelay, period, unit);
    }

    @Override
    public Worker createWorker() {
        return pick().createWorker();
    }

    /** Disposes every loop's scheduler (their pending work and workers); the group and its loops run on. */
    @Override
    public void dispose() {
        perLoop.forEach(LoopScheduler::dispose);
    }

    @Override
    public boolean isDisposed() {
        return perLoop.stream().allMatch(LoopScheduler::isDisposed);
    }

    @Override
    public String toString() {
        return "GroupScheduler[" + perLoop.size() + " loops" + (isDisposed() ? ", disposed]" : "]");
    }
}
