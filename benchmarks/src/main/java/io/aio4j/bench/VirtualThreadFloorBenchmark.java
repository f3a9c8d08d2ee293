package io.aio4j.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDK's floor under the virtual-thread backend: a baton passed around a ring of virtual threads with
 * {@link LockSupport#park}/{@link LockSupport#unpark} and a volatile flag, which is what the backend's hand-off
 * between two task strands comes down to, with no event loop at all. Nanoseconds per hand-off.
 *
 * <p>{@code threads=1000}, {@code passes=1000}: W1's shape (every {@code sleep(0)} of 1,000 tasks hands the baton
 * to the next task's thread). {@code threads=2}: W3's (a ping-pong round trip is two hand-offs). Whatever W1 and
 * W3 cost above these figures, in the same run, is aio4j's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VirtualThreadFloorBenchmark {
    static final int HANDOFFS = 1_000_000;

    /** How many virtual threads share the baton. */
    @Param({"2", "1000"})
    public int threads;

    /** One thread of the ring; {@code go} is set by the previous holder before it unparks this one. */
    private static final class Runner implements Runnable {
        volatile boolean go;
        Thread thread;
        Runner next;
        final int turns;

        Runner(int turns) {
            this.turns = turns;
        }

        @Override
        public void run() {
            for (int i = 0; i < turns; i++) {
                while (!go) {
                    LockSupport.park(this);
                }
                go = false;
                Runner n = next;
                n.go = true;
                LockSupport.unpark(n.thread);
            }
        }
    }

    /**
     * 1,000,000 hand-offs around the ring.
     *
     * @return the hand-offs made
     * @throws InterruptedException if the benchmark thread is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public long ringHandoff() throws InterruptedException {
        int turns = HANDOFFS / threads;
        Runner[] ring = new Runner[threads];
        for (int i = 0; i < threads; i++) {
            ring[i] = new Runner(turns);
        }
        for (int i = 0; i < threads; i++) {
            ring[i].next = ring[(i + 1) % threads];
        }
        // The last runner's last pass gives the baton to the first, which has finished its turns: nobody waits.
        for (Runner r : ring) {
            r.thread = Thread.ofVirtual().unstarted(r);
        }
        for (Runner r : ring) {
            r.thread.start();
        }
        ring[0].go = true;
        LockSupport.unpark(ring[0].thread);
        for (Runner r : ring) {
            r.thread.join();
        }
        return (long) turns * threads;
    }
}
