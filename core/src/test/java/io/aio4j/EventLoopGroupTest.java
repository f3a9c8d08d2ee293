package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoopGroup}: no CPython counterpart (asyncio has one loop per thread); the shutdown cases follow
 * {@code asyncio.Runner.close()} (test_runners.py: pending tasks are cancelled, awaited, failures reported), the
 * rest Netty's {@code MultithreadEventLoopGroup} contract. Cross-thread steps are sequenced with latches and
 * futures with generous bounds, never with sleeps; no assertion depends on how long anything took.
 */
abstract class EventLoopGroupTest extends LoopTestBase {
    static final class VirtualThreadsTest extends EventLoopGroupTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends EventLoopGroupTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** The bound of every cross-thread wait: generous, it only turns a hang into a failure. */
    private static final long WAIT_SECONDS = 30;
    private static final Pattern THREAD_NAME = Pattern.compile("aio4j-loop-(\\d+)-(\\d+)");

    private final List<EventLoopGroup> groups = new CopyOnWriteArrayList<>();

    /** A group on this test's backend whose loops report to the recording handler; closed after the test. */
    private EventLoopGroup newGroup(int loopCount) {
        EventLoopGroup group = EventLoopGroup.create(loopCount, backend());
        groups.add(group);
        group.setExceptionHandler(recorder);
        return group;
    }

    @AfterEach
    final void closeGroups() {
        for (EventLoopGroup group : groups) {
            group.close();
            assertThat(group.isTerminated()).as("%s terminated after close()", group).isTrue();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("latch reached within the bound").isTrue();
    }

    // ------------------------------------------------------------------ submitting

    @Test
    void submitReturnsTheResultOfTheCoroutine() throws Exception {
        EventLoopGroup group = newGroup(2);
        CompletableFuture<Integer> plain = group.submit(() -> 6 * 7);
        CompletableFuture<String> suspending = group.submit(() -> {
            Async.sleep(Duration.ZERO);
            return Async.createTask(() -> "child").await();
        });
        CompletableFuture<String> keyed = group.submit("key", () -> "keyed");
        assertThat(get(plain)).isEqualTo(42);
        assertThat(get(suspending)).isEqualTo("child");
        assertThat(get(keyed)).isEqualTo("keyed");
    }

    @Test
    void submitDeliversTheVeryExceptionOfTheTask() {
        EventLoopGroup group = newGroup(2);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> failed = group.submit(() -> {
            throw boom;
        });
        assertThatThrownBy(() -> get(failed)).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
    }

    @Test
    void cancellingTheFutureOfSubmitCancelsTheTask() throws Exception {
        EventLoopGroup group = newGroup(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch unwound = new CountDownLatch(1);
        CompletableFuture<Object> never = new CompletableFuture<>();
        CompletableFuture<Object> result = group.submit(() -> {
            started.countDown();
            try {
                return Async.wrapFuture(never).await();
            } finally {
                unwound.countDown();
            }
        });
        await(started);
        result.cancel(false);
        await(unwound); // the cancellation reached the task, which ran its finally block
        assertThat(never).isCancelled(); // and, through wrapFuture, the foreign future it awaited
    }

    // ------------------------------------------------------------------ threads

    @Test
    void eachLoopRunsOnItsOwnNamedNonDaemonThreadThatEndsAtTermination() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EventLoopGroup group = newGroup(3);
        List<Thread> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("aio4j-loop-")) {
                threads.add(t);
            }
        }
        assertThat(threads).hasSize(3);
        Set<String> groupIds = ConcurrentHashMap.newKeySet();
        Set<Integer> indices = ConcurrentHashMap.newKeySet();
        for (Thread t : threads) {
            Matcher m = THREAD_NAME.matcher(t.getName());
            assertThat(m.matches()).as("thread name %s", t.getName()).isTrue();
            groupIds.add(m.group(1));
            indices.add(Integer.parseInt(m.group(2)));
            assertThat(t.isDaemon()).as("%s is a daemon", t).isFalse();
            assertThat(t.isVirtual()).isFalse();
        }
        assertThat(groupIds).hasSize(1);
        assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(group.toString()).contains("running", "3 loops", backend().toString());

        group.close();

        assertThat(threads).allSatisfy(t -> assertThat(t.isAlive()).as("%s alive", t).isFalse());
        assertThat(group.loops()).allSatisfy(l -> assertThat(l.isClosed()).isTrue());
        assertThat(group.isShutdown()).isTrue();
        assertThat(group.isTerminated()).isTrue();
        assertThat(group.toString()).contains("terminated");
    }

    @Test
    void createWithoutArgumentsMakesOneLoopPerProcessor() {
        EventLoopGroup group = EventLoopGroup.create();
        groups.add(group);
        group.setExceptionHandler(recorder);
        assertThat(group.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(group.loops()).hasSize(group.size());
        EventLoopGroup two = EventLoopGroup.create(2);
        groups.add(two);
        two.setExceptionHandler(recorder);
        assertThat(two.loops()).hasSize(2).allSatisfy(l -> assertThat(l.backend()).isEqualTo(Backend.select()));
    }

    @Test
    void loopsUseTheGivenBackendAndTheListIsUnmodifiable() {
        EventLoopGroup group = newGroup(2);
        assertThat(group.loops()).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(l -> assertThat(l.backend()).isEqualTo(backend()));
        assertThatThrownBy(() -> group.loops().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    // ------------------------------------------------------------------ choosing a loop

    @Test
    void nextCyclesThroughAllLoopsInIndexOrder() {
        EventLoopGroup group = newGroup(3);
        List<EventLoop> chosen = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            chosen.add(group.next());
        }
        List<EventLoop> loops = group.loops();
        assertThat(chosen).containsExactlyElementsOf(List.of(loops.get(0), loops.get(1), loops.get(2),
                loops.get(0), loops.get(1), loops.get(2), loops.get(0), loops.get(1), loops.get(2)));
    }

    @Test
    void submitRoundRobinCoversEveryLoop() throws Exception {
        EventLoopGroup group = newGroup(3);
        List<CompletableFuture<EventLoop>> where = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            where.add(group.submit(Async::getRunningLoop));
        }
        List<EventLoop> ran = new ArrayList<>();
        for (CompletableFuture<EventLoop> f : where) {
            ran.add(get(f));
        }
        List<EventLoop> loops = group.loops();
        assertThat(ran).containsExactly(loops.get(0), loops.get(1), loops.get(2), loops.get(0), loops.get(1),
                loops.get(2));
    }

    @Test
    void nextIsSharedFairlyBetweenThreads() throws Exception {
        EventLoopGroup group = newGroup(4);
        Map<EventLoop, AtomicInteger> counts = new ConcurrentHashMap<>();
        int perThread = 1_000;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    counts.computeIfAbsent(group.next(), l -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        // 4,000 calls from any threads take consecutive counter values: exactly 1,000 per loop.
        assertThat(counts).hasSize(4);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1_000));
    }

    @Test
    void forKeyIsStableAndSpreadsKeysOverAllLoops() throws Exception {
        EventLoopGroup group = newGroup(4);
        Map<EventLoop, Integer> counts = new IdentityHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            String key = "user-" + i;
            EventLoop loop = group.forKey(key);
            assertThat(group.forKey(new String(key))).as("equal keys").isSameAs(loop);
            counts.merge(loop, 1, Integer::sum);
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(group.loops());
        // Keys whose hash codes are all even, or in a progression of 4, still reach every loop.
        Set<EventLoop> evens = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<EventLoop> fourths = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 64; i++) {
            evens.add(group.forKey(2 * i));
            fourths.add(group.forKey(4L * i));
        }
        assertThat(evens).hasSize(4);
        assertThat(fourths).hasSize(4);
        // Same key from another thread, and in another group of the same size: the same loop index.
        EventLoop[] fromOtherThread = new EventLoop[1];
        Thread other = Thread.ofPlatform().start(() -> fromOtherThread[0] = group.forKey("user-7"));
        other.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(fromOtherThread[0]).isSameAs(group.forKey("user-7"));
        EventLoopGroup twin = newGroup(4);
        for (int i = 0; i < 100; i++) {
            assertThat(twin.loops().indexOf(twin.forKey(i))).isEqualTo(group.loops().indexOf(group.forKey(i)));
        }
    }

    @Test
    void tasksOfOneKeyRunOnOneLoopOneStepAtATime() throws Exception {
        EventLoopGroup group = newGroup(4);
        int tasks = 40;
        int rounds = 25;
        AtomicBoolean inside = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        int[] counter = new int[1]; // plain on purpose: only one loop touches it, one step at a time
        Set<EventLoop> ranOn = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            results.add(group.submit("cart-42", () -> {
                ranOn.add(Async.getRunningLoop());
                for (int r = 0; r < rounds; r++) {
                    if (inside.getAndSet(true)) {
                        overlaps.incrementAndGet(); // another task of the key is between the same two awaits
                    }
                    int read = counter[0];
                    Thread.onSpinWait();
                    counter[0] = read + 1;
                    inside.set(false);
                    Async.sleep(Duration.ZERO);
                }
                return null;
            }));
            results.add(group.submit(() -> { // unrelated work keeps the other loops busy meanwhile
                Async.sleep(Duration.ZERO);
                return null;
            }));
        }
        for (CompletableFuture<Void> f : results) {
            get(f);
        }
        assertThat(ranOn).containsExactly(group.forKey("cart-42"));
        assertThat(overlaps.get()).isZero();
        assertThat(counter[0]).isEqualTo(tasks * rounds);
    }

    /**
     * Two tasks each wait, inside one step (between two awaits), until the other has reached its own step. That
     * handshake completes only if both steps run at the same time: on one loop the first task would wait for a
     * task that cannot start until it yields. An await (even of {@code Async.wrapFuture}) would yield and let a
     * single loop complete the handshake too, so the wait blocks the step, bounded (only a failure costs the
     * bound). The control case on a single loop shows that the handshake does detect serial execution.
     */
    @Test
    void tasksOnDifferentLoopsRunInParallel() throws Exception {
        EventLoopGroup group = newGroup(2);
        Object keyA = 0;
        Object keyB = 1;
        while (group.forKey(keyB) == group.forKey(keyA)) {
            keyB = (Integer) keyB + 1;
        }
        CountDownLatch bothInside = new CountDownLatch(2);
        Coroutine<Boolean> meet = () -> {
            bothInside.countDown();
            return bothInside.await(WAIT_SECONDS, TimeUnit.SECONDS); // blocks this loop's thread, bounded
        };
        CompletableFuture<Boolean> a = group.submit(keyA, meet);
        CompletableFuture<Boolean> b = group.submit(keyB, meet);
        assertThat(get(a)).as("task A met task B inside its step").isTrue();
        assertThat(get(b)).as("task B met task A inside its step").isTrue();
    }

    @Test
    void tasksOnOneLoopCannotCompleteTheParallelHandshake() throws Exception {
        EventLoopGroup group = newGroup(1);
        CountDownLatch bothInside = new CountDownLatch(2);
        Coroutine<Boolean> meet = () -> {
            bothInside.countDown();
            return bothInside.await(100, TimeUnit.MILLISECONDS);
        };
        CompletableFuture<Boolean> first = group.submit(meet);
        CompletableFuture<Boolean> second = group.submit(meet);
        // Serial by construction: the first gives up whatever the timing, the second then finds the count at 0.
        assertThat(get(first)).isFalse();
        assertThat(get(second)).isTrue();
    }

    // ------------------------------------------------------------------ shutdown

    @Test
    void gracefulShutdownLetsARunningTaskFinishAndRefusesNewWork() throws Exception {
        EventLoopGroup group = newGroup(2);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> release = new CompletableFuture<>();
        CompletableFuture<String> running = group.submit(() -> {
            started.countDown();
            return Async.wrapFuture(release).await() + " after release";
        });
        await(started);

        CompletableFuture<Void> terminated = group.shutdownGracefully(Duration.ofSeconds(WAIT_SECONDS));

        assertThat(group.isShutdown()).isTrue();
        assertThat(running).isNotDone(); // it awaits release, which nobody has completed yet
        assertThat(group.isTerminated()).isFalse(); // so the loop it runs on cannot have closed
        assertThat(group.toString()).contains("shutting down");
        assertThatThrownBy(() -> group.submit(() -> "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("submit()")
                .hasMessageContaining("is shut down")
                .hasMessageContaining("accepts no new work");
        assertThatThrownBy(() -> group.submit("key", () -> "late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("submit(key, coro)");

        release.complete("finished");

        assertThat(get(running)).isEqualTo("finished after release");
        assertThat(get(terminated)).isNull();
        assertThat(group.isTerminated()).isTrue();
        assertThat(group.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void gracefulShutdownWaitsForTasksCreatedByTasks() throws Exception {
        EventLoopGroup group = newGroup(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> release = new CompletableFuture<>();
        List<String> childOutcome = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> parent = group.submit(() -> {
            Async.createTask(() -> { // fire and forget: only the shutdown waits for it
                String v = Async.wrapFuture(release).await();
                childOutcome.add(v);
                return v;
            });
            started.countDown();
            return null;
        });
        get(parent);
        await(started);
        CompletableFuture<Void> terminated = group.shutdownGracefully(Duration.ofSeconds(WAIT_SECONDS));
        assertThat(childOutcome).isEmpty();
        release.complete("child finished");
        get(terminated);
        assertThat(childOutcome).containsExactly("child finished");
    }

    @Test
    void gracefulShutdownCancelsATaskThatOutlivesTheTimeout() throws Exception {
        EventLoopGroup group = newGroup(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch unwound = new CountDownLatch(1);
        CompletableFuture<Object> never = new CompletableFuture<>();
        List<Throwable> seenByTask = new CopyOnWriteArrayList<>();
        CompletableFuture<Object> stuck = group.submit(() -> {
            started.countDown();
            try {
                return Async.wrapFuture(never).await();
            } catch (CancellationException e) {
                seenByTask.add(e);
                throw e;
            } finally {
                unwound.countDown();
            }
        });
        await(started);

        CompletableFuture<Void> terminated = group.shutdownGracefully(Duration.ofMillis(50));

        assertThat(get(terminated)).isNull();
        assertThat(unwound.getCount()).isZero();
        assertThat(stuck).isCancelled();
        assertThat(never).isCancelled(); // wrapFuture passed the cancellation on to the foreign future
        assertThat(seenByTask).singleElement().satisfies(e -> assertThat(e.getMessage())
                .contains("EventLoopGroup shutdown", "grace period", "PT0.05S"));
        assertThat(group.loops()).allSatisfy(l -> assertThat(l.isClosed()).isTrue());
        // Cancellation is not an error: nothing was reported (LoopTestBase fails the test otherwise).
    }

    @Test
    void zeroTimeoutCancelsPendingTasksAtOnce() throws Exception {
        EventLoopGroup group = newGroup(2);
        CountDownLatch started = new CountDownLatch(2);
        List<CompletableFuture<Object>> stuck = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            stuck.add(group.submit(() -> {
                started.countDown();
                return Async.wrapFuture(new CompletableFuture<>()).await();
            }));
        }
        await(started);
        get(group.shutdownGracefully(Duration.ZERO));
        assertThat(stuck).allSatisfy(f -> assertThat(f).isCancelled());
    }

    @Test
    void aTaskThatFailsInsteadOfEndingCancelledAtShutdownIsReported() throws Exception {
        EventLoopGroup group = newGroup(1);
        CountDownLatch started = new CountDownLatch(1);
        IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed");
        CompletableFuture<Object> stubborn = group.submit(() -> {
            started.countDown();
            try {
                return Async.wrapFuture(new CompletableFuture<>()).await();
            } catch (CancellationException e) {
                throw cleanupFailed;
            }
        });
        await(started);
        get(group.shutdownGracefully(Duration.ZERO));

        assertThatThrownBy(() -> get(stubborn)).cause().isSameAs(cleanupFailed);
        ExceptionContext report = takeReport(); // asyncio's Runner reports it the same way
        assertThat(report.message()).isEqualTo("unhandled exception during EventLoopGroup shutdown");
        assertThat(report.exception()).isSameAs(cleanupFailed);
        assertThat(report.task()).isNotNull();
    }

    @Test
    void closeIsIdempotentAndLaterShutdownsReturnTheSameOutcome() throws Exception {
        EventLoopGroup group = newGroup(2);
        group.close();
        group.close();
        assertThat(group.isTerminated()).isTrue();
        CompletableFuture<Void> again = group.shutdownGracefully(Duration.ofSeconds(1));
        assertThat(again).isCompletedWithValue(null);
        again.cancel(false); // a copy: cancelling it does not disturb the group
        assertThat(group.shutdownGracefully(Duration.ZERO)).isCompletedWithValue(null);
        assertThat(group.awaitTermination(Duration.ofSeconds(1))).isTrue();
        assertThatThrownBy(() -> group.submit(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("terminated");
    }

    @Test
    void awaitTerminationIsFalseWhileTheGroupRuns() throws Exception {
        EventLoopGroup group = newGroup(1);
        assertThat(group.isShutdown()).isFalse();
        assertThat(group.awaitTermination(Duration.ZERO)).isFalse();
        assertThat(group.isTerminated()).isFalse();
    }

    @Test
    void blockingOnTheGroupFromItsOwnLoopIsRefused() throws Exception {
        EventLoopGroup group = newGroup(2);
        CompletableFuture<Object> closeInside = group.submit(() -> {
            group.close();
            return null;
        });
        assertThatThrownBy(() -> get(closeInside)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("close()")
                .hasMessageContaining("would wait for itself");
        CompletableFuture<Boolean> awaitInside = group.submit(() -> group.awaitTermination(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> get(awaitInside)).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("awaitTermination()");
        assertThat(group.isShutdown()).isFalse();
        // Shutting down from inside does not block, and is allowed.
        CompletableFuture<Boolean> shutdownInside = group.submit(() -> {
            group.shutdownGracefully(Duration.ofSeconds(WAIT_SECONDS));
            return group.isShutdown();
        });
        assertThat(get(shutdownInside)).isTrue();
        assertThat(group.awaitTermination(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    }

    @Test
    void blockingOnTheGroupFromAnotherLoopIsRefused() {
        EventLoopGroup group = newGroup(1);
        assertThatThrownBy(() -> run(() -> {
            group.close();
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("would block that loop");
        assertThat(group.isShutdown()).isFalse();
    }

    @Test
    void everyAcceptedSubmissionCompletesWhenShutdownRacesWithSubmitters() throws Exception {
        EventLoopGroup group = newGroup(2);
        int submitters = 4;
        CountDownLatch warmedUp = new CountDownLatch(submitters);
        List<CompletableFuture<Integer>> accepted = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    if (i == 100) {
                        warmedUp.countDown();
                    }
                    int value = i;
                    try {
                        accepted.add(group.submit(() -> value));
                    } catch (IllegalStateException refused) {
                        return; // the group is shut down: this submitter is done
                    }
                }
            }));
        }
        await(warmedUp);
        CompletableFuture<Void> terminated = group.shutdownGracefully(Duration.ofSeconds(WAIT_SECONDS));
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(t.isAlive()).isFalse();
        }
        get(terminated);
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(submitters * 100);
        // None was dropped by a loop closing under it: each ran (the grace was long enough for all).
        assertThat(accepted).allSatisfy(f -> assertThat(f).isDone().isNotCancelled().isNotCompletedExceptionally());
    }

    // ------------------------------------------------------------------ exception handler

    @Test
    void theGroupsExceptionHandlerReceivesUncaughtErrorsOfEveryLoop() throws Exception {
        EventLoopGroup group = newGroup(3);
        List<EventLoop> reportedBy = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ExceptionHandler handler = (loop, context) -> {
            reportedBy.add(loop);
            errors.add(context.exception());
        };
        group.setExceptionHandler(handler);
        assertThat(group.getExceptionHandler()).isSameAs(handler);
        IllegalStateException boom = new IllegalStateException("callback failed");
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            done.add(group.submit(() -> {
                Async.getRunningLoop().callSoon(() -> {
                    throw boom;
                });
                Async.sleep(Duration.ZERO); // the callback runs before this task's next step
                return null;
            }));
        }
        for (CompletableFuture<Void> f : done) {
            get(f);
        }
        assertThat(reportedBy).containsExactlyInAnyOrderElementsOf(group.loops());
        assertThat(errors).containsOnly(boom);
        group.setExceptionHandler(null);
        assertThat(group.getExceptionHandler()).isNull();
        CompletableFuture<ExceptionHandler> onLoop = group.submit(() -> Async.getRunningLoop().getExceptionHandler());
        assertThat(get(onLoop)).isNull();
    }

    // ------------------------------------------------------------------ arguments

    @Test
    void badArgumentsFailEarlyWithAMessageNamingThem() {
        assertThatThrownBy(() -> EventLoopGroup.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopCount must be > 0 but was 0");
        assertThatThrownBy(() -> EventLoopGroup.create(-3, backend())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopCount must be > 0 but was -3");
        assertThatThrownBy(() -> EventLoopGroup.create(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("backend");
        EventLoopGroup group = newGroup(1);
        assertThatThrownBy(() -> group.submit(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("coro");
        assertThatThrownBy(() -> group.submit(null, () -> 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> group.forKey(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> group.shutdownGracefully(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> group.shutdownGracefully(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be >= 0");
        assertThatThrownBy(() -> group.awaitTermination(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThat(group.isShutdown()).as("rejected calls leave the group running").isFalse();
    }
}
