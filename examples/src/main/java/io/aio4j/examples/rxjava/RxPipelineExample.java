package io.aio4j.examples.rxjava;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Runner;
import io.aio4j.Task;
import io.aio4j.rxjava3.AioRx;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * RxJava and aio4j calling each other, both ways, on one event loop.
 *
 * <ol>
 *   <li><b>RxJava awaits aio4j</b>: {@link #quotes} is a plain RxJava pipeline ({@code Flowable.range} and
 *   {@code concatMapSingle}) whose every step is an aio4j coroutine turned into a {@code Single} with
 *   {@link AioRx#single(EventLoop, Coroutine)}: one task per item, run on the loop.</li>
 *   <li><b>aio4j awaits RxJava</b>: {@link #program} is a task that builds a {@code Single} from RxJava operators
 *   over that pipeline ({@link #summary}) and awaits it with {@link AioRx#await(Single)}, while a second RxJava
 *   source, a timer on RxJava's computation threads, is awaited concurrently by a second task.</li>
 * </ol>
 * Cancellation crosses too: disposing the RxJava subscription cancels the aio4j task fetching the current item;
 * cancelling the aio4j task that awaits the pipeline disposes it (see {@code RxPipelineExampleTest}).
 */
public final class RxPipelineExample {
    private RxPipelineExample() {}

    /** One price, in cents. */
    public record Quote(int id, int cents) {}

    /** What the pipeline makes of the quotes. */
    public record Summary(int count, int totalCents, Quote highest, String rxTimer) {}

    /** An aio4j coroutine standing for an asynchronous call (a database, an HTTP API): the price of item {@code id}. */
    public static Coroutine<Quote> fetchQuote(int id) {
        return () -> {
            Async.sleep(Duration.ofMillis(5)); // the "I/O": the loop runs other tasks meanwhile
            return new Quote(id, id * 100 + 99);
        };
    }

    /**
     * RxJava awaits aio4j: the quotes of items 1..count, in order, each fetched by its own aio4j task.
     *
     * @param loop  the loop the fetches run on
     * @param count how many items
     * @param fetch the coroutine that fetches one item
     * @return a cold Flowable: each subscription fetches anew; disposing it cancels the fetch in flight
     */
    public static Flowable<Quote> quotes(EventLoop loop, int count, IntFunction<Coroutine<Quote>> fetch) {
        return Flowable.range(1, count)
                .concatMapSingle(id -> AioRx.single(loop, fetch.apply(id)));
    }

    /**
     * Plain RxJava operators over the quotes: count, total and the highest one.
     *
     * @param quotes the quotes
     * @return a Single of the summary (its {@code rxTimer} is filled in by {@link #program})
     */
    public static Single<Summary> summary(Flowable<Quote> quotes) {
        return quotes.toList().map(RxPipelineExample::summarize);
    }

    private static Summary summarize(List<Quote> list) {
        int total = list.stream().mapToInt(Quote::cents).sum();
        Quote highest = list.stream().max(Comparator.comparingInt(Quote::cents)).orElse(null);
        return new Summary(list.size(), total, highest, null);
    }

    /**
     * aio4j awaits RxJava: the body of the main task. Awaits the RxJava summary of {@code count} quotes and, at the
     * same time, an RxJava timer that fires on one of RxJava's own threads.
     *
     * @param count how many quotes
     * @return the summary
     */
    public static Summary program(int count) {
        EventLoop loop = Async.getRunningLoop();
        Single<Summary> pipeline = summary(quotes(loop, count, RxPipelineExample::fetchQuote));
        Single<String> timer = Single.timer(20, TimeUnit.MILLISECONDS)              // RxJava's computation thread
                .map(zero -> "fired on " + Thread.currentThread().getName());
        Task<String> timerTask = Async.createTask(() -> AioRx.await(timer));       // runs concurrently
        Summary s = AioRx.await(pipeline);                                         // suspends, never blocks
        return new Summary(s.count(), s.totalCents(), s.highest(), timerTask.await());
    }

    /**
     * Runs {@link #program} on a new loop with the given backend, and closes the loop.
     *
     * @param backend the suspension backend
     * @param count   how many quotes
     * @return the summary
     */
    public static Summary run(Backend backend, int count) {
        try (Runner runner = new Runner(EventLoop.newEventLoop(backend))) {
            return runner.run(() -> program(count));
        }
    }

    /**
     * Prints the summary of 10 quotes on each backend this JVM allows.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (Backend backend : Backend.values()) {
            if (backend.isAvailable()) {
                Summary s = run(backend, 10);
                System.out.printf("%s: %d quotes, total %d cents, highest %s; RxJava timer %s%n",
                        backend, s.count(), s.totalCents(), s.highest(), s.rxTimer());
            }
        }
    }
}
