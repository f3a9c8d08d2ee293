package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.reactive.ReactiveIterable;
import io.aio4j.reactor.AioReactor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cost of crossing the Reactor bridge ({@code aio4j-reactor}), on both backends. Each invocation is one
 * {@code loop.runUntilComplete} of the workload, as in the other benchmarks; results are checked.
 * <ul>
 *   <li><b>awaitJust</b> (ns/await): one task does 100,000 x {@code AioReactor.await(Mono.just(x))}. The value is
 *   there at subscription, so the await returns without suspending: checked (a task created before the loop must
 *   not have run when it ends). {@code Mono.just} is a scalar Mono, which {@code AioReactor.await} reads without
 *   subscribing (Reactor's scalar fusion).</li>
 *   <li><b>awaitJustHidden</b> (ns/await): the same with {@code Mono.just(x).hide()}, which must be subscribed: the
 *   general path for a value that is already there.</li>
 *   <li><b>monoOfDoneFuture</b> (ns/subscription): one task does 100,000 x
 *   {@code AioReactor.mono(doneFuture).subscribe(consumer)}; on the loop, the value is delivered inside the
 *   call.</li>
 *   <li><b>awaitMonoFromOtherTask</b> (ns/await): two tasks bounce a value through loop futures, each awaiting
 *   {@code AioReactor.await(AioReactor.mono(future))} of the future the other one completes (W3's ping-pong through
 *   the bridge): every await waits for a value that arrives later, through one task switch. 100,000 awaits (50,000
 *   round trips); compare with half of W3's round trip. A bare {@code AioReactor.mono(future)} of the task's own
 *   loop is awaited as the future (no subscription).</li>
 *   <li><b>awaitHiddenMonoFromOtherTask</b> (ns/await): the same with {@code AioReactor.mono(future).hide()}, which
 *   the await must subscribe to: the general path for a value that arrives later.</li>
 *   <li><b>reactorFromFutureToFuture</b> (ns/round trip), the reference: Reactor's own
 *   {@code Mono.fromFuture(CompletableFuture.completedFuture(x)).toFuture().join()}, 100,000 times in one task
 *   (it never suspends).</li>
 *   <li><b>generatorToFlux</b> (items/s): {@code AioReactor.flux(loop, body)} whose body emits 1,000,000 items,
 *   subscribed on the loop through {@code limitRate(256)} (batches of 256, then 192) by a summing consumer.</li>
 *   <li><b>iterateFlux</b> (items/s): one task iterates {@code Flux.range(0, 1,000,000)} with
 *   {@code AioReactor.iterate(flux, 256)}, the inbound direction.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class ReactorBridgeBenchmark extends LoopBenchmark {
    static final int CROSSINGS = 100_000;
    static final int ITEMS = 1_000_000;
    static final int LIMIT_RATE = 256;

    private static final Integer ONE = 1;
    private static final Mono<Integer> JUST_ONE = Mono.just(ONE);
    private static final Mono<Integer> JUST_ONE_HIDDEN = Mono.just(ONE).hide();

    /** A mutable sum a lambda can update. */
    private static final class Sum {
        long value;
    }

    private static final Coroutine<Long> AWAIT_JUST = awaitingInPlace(JUST_ONE, "Mono.just(x)");
    private static final Coroutine<Long> AWAIT_JUST_HIDDEN = awaitingInPlace(JUST_ONE_HIDDEN, "Mono.just(x).hide()");

    /**
     * One task awaiting {@code mono}, whose value is already there, {@value #CROSSINGS} times; checked never to
     * suspend (a task created first must not have run by the end).
     */
    private static Coroutine<Long> awaitingInPlace(Mono<Integer> mono, String description) {
        return () -> {
            boolean[] otherRan = new boolean[1];
            Task<Void> other = Async.createTask(() -> {
                otherRan[0] = true;
                return null;
            });
            long sum = 0;
            for (int i = 0; i < CROSSINGS; i++) {
                sum += AioReactor.await(mono);
            }
            if (otherRan[0]) {
                throw new AssertionError("AioReactor.await(" + description + ") suspended the task: another task ran");
            }
            other.await();
            return sum;
        };
    }

    private static final Coroutine<Long> MONO_OF_DONE_FUTURE = () -> {
        Future<Integer> done = Async.getRunningLoop().createFuture();
        done.setResult(ONE);
        Sum sum = new Sum();
        for (int i = 0; i < CROSSINGS; i++) {
            AioReactor.mono(done).subscribe(v -> sum.value += v);
        }
        return sum.value;
    };

    /** The two mailboxes of the ping-pong: the future A waits on and the one B waits on. */
    private static final class Court {
        Future<Integer> toA;
        Future<Integer> toB;
    }

    private static final Coroutine<Long> PING_PONG = pingPong(false);
    private static final Coroutine<Long> PING_PONG_HIDDEN = pingPong(true);

    /**
     * W3's ping-pong through the bridge: each await is {@code AioReactor.await(AioReactor.mono(future))}, or with
     * {@code hidden}, {@code AioReactor.await(AioReactor.mono(future).hide())} (an operator in between, so the await
     * subscribes instead of awaiting the future).
     */
    private static Coroutine<Long> pingPong(boolean hidden) {
        return () -> {
            EventLoop loop = Async.getRunningLoop();
            int roundTrips = CROSSINGS / 2;
            Court court = new Court();
            court.toB = loop.createFuture();
            Task<Long> a = Async.createTask(() -> {
                long sum = 0;
                for (int i = 0; i < roundTrips; i++) {
                    Future<Integer> mine = loop.createFuture();
                    court.toA = mine;
                    court.toB.setResult(i);
                    sum += AioReactor.await(monoOf(mine, hidden));
                }
                return sum;
            });
            Task<Long> b = Async.createTask(() -> {
                for (int i = 0; i < roundTrips; i++) {
                    int v = AioReactor.await(monoOf(court.toB, hidden));
                    court.toB = loop.createFuture();
                    court.toA.setResult(v);
                }
                return 0L;
            });
            return a.await() + b.await();
        };
    }

    private static Mono<Integer> monoOf(Future<Integer> future, boolean hidden) {
        Mono<Integer> mono = AioReactor.mono(future);
        return hidden ? mono.hide() : mono;
    }

    private static final Coroutine<Long> REACTOR_REFERENCE = () -> {
        long sum = 0;
        for (int i = 0; i < CROSSINGS; i++) {
            sum += Mono.fromFuture(CompletableFuture.completedFuture(ONE)).toFuture().join();
        }
        return sum;
    };

    private static final Coroutine<Long> GENERATOR_TO_FLUX = () -> {
        EventLoop loop = Async.getRunningLoop();
        Flux<Integer> flux = AioReactor.flux(loop, out -> {
            for (int i = 0; i < ITEMS; i++) {
                out.emit(i);
            }
        });
        Future<Long> done = loop.createFuture();
        Sum sum = new Sum();
        flux.limitRate(LIMIT_RATE).subscribe(v -> sum.value += v, done::setException, () -> done.setResult(sum.value));
        return done.await();
    };

    private static final Flux<Integer> RANGE = Flux.range(0, ITEMS);

    private static final Coroutine<Long> ITERATE_FLUX = () -> {
        long sum = 0;
        try (ReactiveIterable<Integer> items = AioReactor.iterate(RANGE, LIMIT_RATE)) {
            for (int i : items) {
                sum += i;
            }
        }
        return sum;
    };

    private static long check(long sum, long expected, String what) {
        if (sum != expected) {
            throw new AssertionError(what + ": sum " + sum + ", expected " + expected);
        }
        return sum;
    }

    private static final long SUM_OF_ITEMS = (long) ITEMS * (ITEMS - 1) / 2;

    /**
     * (a) 100,000 x {@code AioReactor.await(Mono.just(x))} in one task.
     *
     * @return the sum of the values, checked
     */
    @Benchmark
    @OperationsPerInvocation(CROSSINGS)
    public long awaitJust() {
        return check(run(AWAIT_JUST), CROSSINGS, "awaitJust");
    }

    /**
     * (a') 100,000 x {@code AioReactor.await(Mono.just(x).hide())} in one task: a value that is already there behind
     * an operator Reactor cannot fuse, so the bridge subscribes (the general path, not the scalar shortcut).
     *
     * @return the sum of the values, checked
     */
    @Benchmark
    @OperationsPerInvocation(CROSSINGS)
    public long awaitJustHidden() {
        return check(run(AWAIT_JUST_HIDDEN), CROSSINGS, "awaitJustHidden");
    }

    /**
     * (b) 100,000 x {@code AioReactor.mono(doneFuture).subscribe(consumer)} in one task.
     *
     * @return the sum of the values delivered, checked
     */
    @Benchmark
    @OperationsPerInvocation(CROSSINGS)
    public long monoOfDoneFuture() {
        return check(run(MONO_OF_DONE_FUTURE), CROSSINGS, "monoOfDoneFuture");
    }

    /**
     * (c) 100,000 awaits, each of a Mono completed later by the other task (one task switch each).
     *
     * @return the sum of the values bounced, checked
     */
    @Benchmark
    @OperationsPerInvocation(CROSSINGS)
    public long awaitMonoFromOtherTask() {
        long roundTrips = CROSSINGS / 2;
        return check(run(PING_PONG), roundTrips * (roundTrips - 1) / 2, "awaitMonoFromOtherTask");
    }

    /**
     * (c') The same with {@code AioReactor.mono(future).hide()}: an operator in between, so each await subscribes
     * (the general path for a value that arrives later), and the future's outcome reaches the task through the
     * subscription's done callback.
     *
     * @return the sum of the values bounced, checked
     */
    @Benchmark
    @OperationsPerInvocation(CROSSINGS)
    public long awaitHiddenMonoFromOtherTask() {
        long roundTrips = CROSSINGS / 2;
        return check(run(PING_PONG_HIDDEN), roundTrips * (roundTrips - 1) / 2, "awaitHiddenMonoFromOtherTask");
    }

    /**
     * (d) The reference: 100,000 x Reactor's {@code Mono.fromFuture(completedFuture(x)).toFuture().join()}.
     *
     * @return the sum of the values, checked
     */
    @Benchmark
    @OperationsPerInvocation(CROSSINGS)
    public long reactorFromFutureToFuture() {
        return check(run(REACTOR_REFERENCE), CROSSINGS, "reactorFromFutureToFuture");
    }

    /**
     * (e) 1,000,000 items from a generator body through {@code AioReactor.flux(...).limitRate(256)}.
     *
     * @return the sum of the items, checked
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ITEMS)
    public long generatorToFlux() {
        return check(run(GENERATOR_TO_FLUX), SUM_OF_ITEMS, "generatorToFlux");
    }

    /**
     * (f) 1,000,000 items of {@code Flux.range} iterated in a task with {@code AioReactor.iterate(flux, 256)}.
     *
     * @return the sum of the items, checked
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ITEMS)
    public long iterateFlux() {
        return check(run(ITERATE_FLUX), SUM_OF_ITEMS, "iterateFlux");
    }
}
