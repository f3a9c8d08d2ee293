package io.aio4j.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's floor under W4 ({@link TimerBatchBenchmark}) on the virtual-thread backend: what the backend's thread
 * work for 100,000 sleepers comes down to, with no event loop, no timer and no future. Each of 100,000 virtual
 * threads starts the next one and parks (W4's start phase: a task suspends on its timer and the loop starts the next
 * task on a new thread); then a baton goes down the chain with a volatile flag and
 * {@link LockSupport#park}/{@link LockSupport#unpark} (the wake phase: each task resumed in turn on its own thread,
 * which ends when its task does). Milliseconds per batch, the same shots as W4.
 *
 * <p>So one shot is 100,000 thread starts, 100,000 parks with a live stack and 100,000 hand-offs, the same counts
 * as a W4 shot on that backend. W4 also sleeps 10 ms, which the floor does not (it mostly overlaps the starts,
 * which take longer). Whatever W4 costs above this figure in the same run is aio4j's own: the loop, the timers,
 * the futures and tasks, and the deeper stacks a task parks with. Like the other virtual-thread figures it varies a
 * lot between runs on the 2-vCPU VM (young collections that copy 100,000 live stacks, first touches of a growing
 * heap, which carrier the scheduler wakes).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(1)
public class TimerBatchFloorBenchmark {
    static final int THREADS = TimerBatchBenchmark.TASKS;

    /** One link of the chain: started by the previous link, it starts the next, parks, then passes the baton on. */
    private static final class Link implements Runnable {
        private final Link[] chain;
        private final int index;
        private final CountDownLatch done;
        volatile boolean go;
        Thread thread;

        Link(Link[] chain, int index, CountDownLatch done) {
            this.chain = chain;
            this.index = index;
            this.done = done;
        }

        @Override
        public void run() {
            if (index + 1 < chain.length) {
                Link next = new Link(chain, index + 1, done);
                chain[index + 1] = next;
                // As the backend creates its strands: unnamed, no inherited inheritable thread-locals.
                next.thread = Thread.ofVirtual().inheritInheritableThreadLocals(false).unstarted(next);
                next.thread.start();
            } else {
                handTo(chain[0]); // every link is parked: the wake phase begins
            }
            while (!go) {
                LockSupport.park(this);
            }
            go = false;
            if (index + 1 < chain.length) {
                handTo(chain[index + 1]);
            } else {
                done.countDown();
            }
        }

        private static void handTo(Link target) {
            target.go = true;
            LockSupport.unpark(target.thread);
        }
    }

    /**
     * One chain of 100,000 virtual threads: all started and parked, then all woken in turn.
     *
     * @return how many threads ran
     * @throws InterruptedException if the benchmark thread is interrupted
     */
    @Benchmark
    public int startParkWakeChain() throws InterruptedException {
        Link[] chain = new Link[THREADS];
        CountDownLatch done = new CountDownLatch(1);
        chain[0] = new Link(chain, 0, done);
        chain[0].thread = Thread.ofVirtual().inheritInheritableThreadLocals(false).unstarted(chain[0]);
        chain[0].thread.start();
        done.await();
        return chain.length;
    }
}
