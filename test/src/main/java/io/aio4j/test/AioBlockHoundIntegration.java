package io.aio4j.test;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import io.aio4j.LoopInstrumentation;
import io.aio4j.Task;
import java.io.Serial;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Teaches <a href="https://github.com/reactor/BlockHound">BlockHound</a> where aio4j runs loop code, so that a
 * blocking call inside a task or a loop callback ({@code Thread.sleep}, a blocking socket read,
 * {@code CompletableFuture.get()}, {@code Object.wait}) fails with a {@link BlockingOperationError} whose message
 * names the task and its loop, while the loop's own waiting and every other thread stay allowed.
 *
 * <p>Found by BlockHound through {@code META-INF/services}: put {@code aio4j-test} and {@code blockhound} on the
 * test classpath, call {@code BlockHound.install()} once, and run the test JVM with
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods} (JDK 13+; and {@code -XX:+EnableDynamicAgentLoading} on JDK
 * 21+ to keep the JVM quiet about the agent BlockHound attaches).
 * {@snippet :
 * BlockHound.install();                          // once per JVM, e.g. in a static initialiser of a test base
 * Async.run(() -> {
 *     Thread.sleep(10);                          // BlockingOperationError: Blocking call! java.lang.Thread#sleep...
 *     return null;                               //   in task Task-1 of EventLoop-1[...]: ...
 * });
 * }
 * <dl>
 *   <dt>Which threads are checked</dt><dd>Exactly those for which {@link LoopInstrumentation#runsLoopCode()} is
 *   true at the moment of the blocking call: under the Continuation backend the thread in {@code runForever}; under
 *   the virtual-thread backend the thread that holds the loop now (tasks and the loop migrate between virtual
 *   threads, and the same virtual thread holds the loop at one moment and not at the next). BlockHound decides
 *   once per thread whether to evaluate its non-blocking-thread predicate at each call ("dynamic" threads) or
 *   never again; since any thread may come to run a loop later, this integration makes every thread dynamic.
 *   That costs one predicate call per blocking call on every thread while BlockHound is installed.</dd>
 *   <dt>Also reported</dt><dd>Parking a virtual thread that holds the loop: under the virtual-thread backend a
 *   task's {@code Thread.sleep}, {@code CompletableFuture.get()} or {@code Lock.lock()} parks through
 *   {@code VirtualThread.park}/{@code parkNanos}, which BlockHound does not mark by itself (it marks the
 *   platform-thread path: {@code Unsafe.park} and the sleep natives). Such a report names
 *   {@code java.lang.VirtualThread#parkNanos}; the stack trace shows the call that parked.</dd>
 *   <dt>Allowed</dt><dd>The loop's own waits: idling until a threadsafe callback or a timer is due, and a virtual
 *   thread handing the loop to another. Logging by the loop (its default exception handler, slow-step warnings).
 *   BlockHound's own allowances (class loading and the like) and other integrations apply as usual.</dd>
 * </dl>
 */
public final class AioBlockHoundIntegration implements BlockHoundIntegration {
    /** Creates the integration; BlockHound's service loader calls this. */
    public AioBlockHoundIntegration() {
    }

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder
                // BlockHound computes once per thread whether the thread is "dynamic" (predicate evaluated at every
                // blocking call) and caches the answer; a non-dynamic thread that was not non-blocking at its first
                // check is never checked again. A platform thread may run runForever after blocking elsewhere, and a
                // virtual thread of the loop holds it only at times: every thread must be dynamic.
                .addDynamicThreadPredicate(thread -> true)
                // BlockHound passes the current thread; runsLoopCode() answers for the calling thread only.
                .nonBlockingThreadPredicate(current -> current.or(
                        thread -> thread == Thread.currentThread() && LoopInstrumentation.runsLoopCode()))
                // A virtual thread parks through VirtualThread.park, not Unsafe.park that BlockHound marks, and on JDK
                // 25 Thread.sleep on a virtual thread goes there too, past the natives BlockHound marks: without
                // these, sleep, CompletableFuture.get() or a j.u.c lock in a task would pass unnoticed on that backend.
                .markAsBlocking("java.lang.VirtualThread", "park", "()V")
                .markAsBlocking("java.lang.VirtualThread", "parkNanos", "(J)V")
                // The idle loop waits here for a threadsafe callback or its next timer: the loop's own wait, with no
                // task to stall (it is what asyncio's selector.select does).
                .allowBlockingCallsInside("io.aio4j.Inbox", "awaitWork")
                // Virtual-thread backend: a thread that handed the loop to another parks here until it is handed
                // back. It normally no longer holds the loop, but the baton may come back between its check and its
                // park, and then it parks while marked as holder, which is still a hand-off, not a block.
                .allowBlockingCallsInside("io.aio4j.VirtualThreadSuspender", "awaitBaton")
                // Polling the loop's reference queue takes the queue's lock, which the JVM's reference handler may
                // hold for an instant: a lock hand-off, never a wait for I/O or time.
                .allowBlockingCallsInside("io.aio4j.GcReports", "poll")
                // The loop logs through System.Logger (errors with no receiver, slow-step warnings in debug mode),
                // whose handlers write to a console or file, as asyncio's logger does from its loop.
                .allowBlockingCallsInside("io.aio4j.EventLoop", "defaultExceptionHandler")
                .allowBlockingCallsInside("io.aio4j.EventLoop", "warnIfSlow")
                .allowBlockingCallsInside("io.aio4j.EventLoop", "warnSlowStep")
                // The Continuation backend's await (Continuation.yield) is not a blocking method to BlockHound, so it
                // needs no allowance: it unmounts the task and returns to the loop on the same thread.
                .blockingMethodCallback(AioBlockHoundIntegration::reportBlocking);
    }

    /** Throws BlockHound's error, naming the aio4j task and loop where the call came from a loop's code. */
    private static void reportBlocking(BlockingMethod method) {
        if (!LoopInstrumentation.runsLoopCode()) {
            throw new BlockingOperationError(method); // another integration's non-blocking thread: as BlockHound does
        }
        throw new BlockingOperationError(new InLoopCode(method, whereOnLoop()));
    }

    /** "task NAME of LOOP" or "a callback of LOOP", from the public API (only called on a loop's thread). */
    private static String whereOnLoop() {
        try {
            EventLoop loop = Async.getRunningLoop();
            Task<?> task = Async.currentTask();
            return (task != null ? "task " + task.getName() : "a callback") + " of " + loop;
        } catch (IllegalStateException stopping) {
            return "an event loop's code"; // runForever is returning on this thread
        }
    }

    /**
     * BlockHound's description of the blocking method, with where on the loop it was called: BlockingOperationError
     * is final and builds its message from {@link BlockingMethod#toString()}, so the task's name travels here.
     * The class and method names stay BlockHound's, for code that inspects {@link BlockingOperationError#getMethod()}.
     */
    private static final class InLoopCode extends BlockingMethod {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String where;

        InLoopCode(BlockingMethod method, String where) {
            super(method.getClassName(), method.getName(), method.getModifiers());
            this.where = where;
        }

        @Override
        public String toString() {
            return super.toString() + " in " + where + ": a blocking call stalls every task of the loop; await "
                    + "instead (Async.sleep, Async.wrapFuture), or move it off the loop with Async.toThread or "
                    + "loop.runInExecutor";
        }
    }
}
