package io.aio4j.tck;

import io.aio4j.Async;
import io.aio4j.AsyncGenerator;
import io.aio4j.Coroutine;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.reactive.Reactive;
import java.time.Duration;
import org.reactivestreams.Publisher;

/**
 * Everything core publishes, as {@link PublisherFactory}s: a {@link Future}, a {@link Task}, the cold coroutine
 * publisher ({@link Reactive#fromCoroutine}) and the cold generator publisher ({@link Reactive#fromGenerator}).
 *
 * <p>The single-value publishers emit {@link #VALUE} for one element and nothing but {@code onComplete} for zero
 * (a null result). The generator emits {@code 0, 1, ..., n-1}. The sources behind them (the running task, the
 * coroutine, the generator body) are package-private building blocks that {@link ReactorPublishers} and
 * {@link RxJavaPublishers} reuse, so that a bridge is verified over exactly what core is verified with.
 */
public final class CorePublishers {
    private CorePublishers() {}

    /** The item of a single-value publisher. */
    public static final Long VALUE = 42L;

    /** How the failing publishers fail. */
    public static final class TckFailure extends RuntimeException {
        TckFailure(String what) {
            super("TCK: " + what + " fails on purpose");
        }
    }

    /** The result that makes a single-value publisher emit {@code elements} items: null (just onComplete) for 0. */
    static Long valueFor(long elements) {
        if (elements > 1) {
            throw new IllegalArgumentException("a single-value publisher cannot emit " + elements + " items");
        }
        return elements == 0 ? null : VALUE; // null: the future publishes just onComplete
    }

    /**
     * How long a running task sleeps before it finishes: long enough for the TCK to subscribe first, short enough
     * to stay well inside its 1 s timeouts.
     */
    private static final Duration HEAD_START = Duration.ofMillis(20);

    /**
     * A task, created on the loop, that sleeps {@link #HEAD_START} then returns {@code value}: usually still pending
     * when the TCK subscribes and requests (the hot publishers' "value arrives later" path).
     */
    static Task<Long> runningTask(LoopHarness harness, Long value) {
        return harness.onLoop(() -> harness.loop().createTask(() -> Async.sleep(HEAD_START, value)));
    }

    /** A task, created on the loop, that sleeps {@link #HEAD_START} then throws a {@link TckFailure}. */
    static Task<Long> failingTask(LoopHarness harness, String what) {
        return harness.onLoop(() -> harness.loop().<Long>createTask(() -> {
            Async.sleep(HEAD_START);
            throw new TckFailure(what);
        }));
    }

    /**
     * The coroutine of the cold single-value publishers (core's and the bridges'): it yields to the loop once
     * before returning {@code value}, so the task really suspends and resumes on the backend under test.
     */
    static Coroutine<Long> yieldingThenReturning(Long value) {
        return () -> Async.sleep(Duration.ZERO, value);
    }

    /** The coroutine of the cold failing publishers: it yields to the loop once, then throws a {@link TckFailure}. */
    static Coroutine<Long> yieldingThenFailing(String what) {
        return () -> {
            Async.sleep(Duration.ZERO);
            throw new TckFailure(what);
        };
    }

    /**
     * The generator body of the multi-item publishers (core's and the bridges'): it emits {@code 0 .. n-1},
     * yielding to the loop after every third item so that emission interleaves with requests and cancels arriving
     * through the loop.
     */
    static AsyncGenerator.Body<Long> counting(long elements) {
        return out -> {
            for (long i = 0; i < elements; i++) {
                out.emit(i);
                if (i % 3 == 2) {
                    Async.sleep(Duration.ZERO);
                }
            }
        };
    }

    /** The generator body of the failing multi-item publishers: it emits nothing and throws a {@link TckFailure}. */
    static AsyncGenerator.Body<Long> failing(String what) {
        return out -> {
            throw new TckFailure(what);
        };
    }

    /**
     * A {@link Future} completed before anyone subscribes (the hot publisher's "value already there" path). The
     * failing one is a future failed with an exception.
     */
    public static final PublisherFactory COMPLETED_FUTURE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            Long value = valueFor(elements);
            return harness.onLoop(() -> {
                Future<Long> f = harness.loop().createFuture();
                f.setResult(value);
                return f;
            });
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return harness.onLoop(() -> {
                Future<Long> f = harness.loop().createFuture();
                f.setException(new TckFailure("a failed future"));
                return f;
            });
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "completed Future";
        }
    };

    /**
     * A running {@link Task} (hot): its coroutine first sleeps a little, so that it is usually still pending when
     * the TCK subscribes and requests (the "value arrives later" path; both paths must pass). The failing one is a
     * task whose coroutine throws after that sleep.
     */
    public static final PublisherFactory TASK = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return runningTask(harness, valueFor(elements));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return failingTask(harness, "a task");
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "running Task";
        }
    };

    /**
     * {@link Reactive#fromCoroutine}: a cold publisher running a new task per subscription. The coroutine yields
     * to the loop once before returning, so the task really suspends and resumes on the backend under test. The
     * failing one throws after that yield.
     */
    public static final PublisherFactory COROUTINE = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return Reactive.fromCoroutine(harness.loop(), yieldingThenReturning(valueFor(elements)));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return Reactive.fromCoroutine(harness.loop(), yieldingThenFailing("a coroutine"));
        }

        @Override
        public long maxElements() {
            return 1;
        }

        @Override
        public String toString() {
            return "Reactive.fromCoroutine";
        }
    };

    /**
     * {@link Reactive#fromGenerator}: a cold multi-item publisher whose body emits {@code 0 .. n-1}, yielding to
     * the loop after every third item so that emission interleaves with requests and cancels arriving through
     * the loop. The failing body emits nothing and throws.
     */
    public static final PublisherFactory GENERATOR = new PublisherFactory() {
        @Override
        public Publisher<Long> create(LoopHarness harness, long elements) {
            return Reactive.fromGenerator(harness.loop(), counting(elements));
        }

        @Override
        public Publisher<Long> createFailed(LoopHarness harness) {
            return Reactive.fromGenerator(harness.loop(), failing("a generator body"));
        }

        @Override
        public long maxElements() {
            return Long.MAX_VALUE - 1; // the TCK's default: as many as asked, and it completes
        }

        @Override
        public String toString() {
            return "Reactive.fromGenerator";
        }
    };
}
