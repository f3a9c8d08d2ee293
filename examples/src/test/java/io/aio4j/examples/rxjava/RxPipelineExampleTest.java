package io.aio4j.examples.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.Runner;
import io.aio4j.Task;
import io.aio4j.examples.rxjava.RxPipelineExample.Quote;
import io.aio4j.examples.rxjava.RxPipelineExample.Summary;
import io.aio4j.rxjava3.AioRx;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.functions.Consumer;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link RxPipelineExample}: its result, and cancellation crossing between RxJava and aio4j both ways. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RxPipelineExampleTest {
    private static final long WAIT_SECONDS = 20;

    private final List<ExceptionContext> loopReports = new CopyOnWriteArrayList<>();
    private final List<Throwable> rxErrors = new CopyOnWriteArrayList<>();
    private Consumer<? super Throwable> previousRxHandler;

    @BeforeEach
    void recordRxErrors() {
        previousRxHandler = RxJavaPlugins.getErrorHandler();
        RxJavaPlugins.setErrorHandler(rxErrors::add);
    }

    @AfterEach
    void nothingWentUnreported() {
        RxJavaPlugins.setErrorHandler(previousRxHandler);
        assertThat(loopReports).as("loop exception handler reports").isEmpty();
        assertThat(rxErrors).as("RxJavaPlugins.onError reports").isEmpty();
    }

    private EventLoop newLoop(Backend backend) {
        EventLoop loop = EventLoop.newEventLoop(backend);
        loop.setExceptionHandler((l, context) -> loopReports.add(context));
        return loop;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theTaskAwaitsAnRxPipelineThatAwaitsTasks(Backend backend) {
        Summary summary = RxPipelineExample.run(backend, 5);
        assertThat(summary.count()).isEqualTo(5);
        assertThat(summary.totalCents()).isEqualTo(100 * (1 + 2 + 3 + 4 + 5) + 99 * 5);
        assertThat(summary.highest()).isEqualTo(new Quote(5, 599));
        assertThat(summary.rxTimer()).startsWith("fired on RxComputation");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void disposingTheRxSideCancelsTheAio4jTaskFetchingTheCurrentItem(Backend backend) throws Exception {
        EventLoop loop = newLoop(backend);
        CountDownLatch thirdFetchStarted = new CountDownLatch(1);
        CountDownLatch thirdFetchCancelled = new CountDownLatch(1);
        IntFunction<Coroutine<Quote>> fetch = id -> () -> {
            if (id == 3) {
                thirdFetchStarted.countDown();
                try {
                    Async.sleep(Duration.ofHours(1));
                } catch (CancellationException c) {
                    thirdFetchCancelled.countDown();
                    throw c;
                }
            }
            return new Quote(id, id);
        };
        Thread loopThread = Thread.ofPlatform().start(loop::runForever);
        try {
            TestSubscriber<Quote> subscriber = RxPipelineExample.quotes(loop, 5, fetch).test();
            assertThat(thirdFetchStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            subscriber.assertValues(new Quote(1, 1), new Quote(2, 2)); // concatMapSingle: one fetch at a time
            subscriber.cancel();
            assertThat(thirdFetchCancelled.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the fetch task saw CancellationException at its await").isTrue();
            subscriber.assertNotComplete().assertNoErrors();
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            new Runner(loop).close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancellingTheAwaitingTaskDisposesThePipelineAndItsFetch(Backend backend) {
        EventLoop loop = newLoop(backend);
        AtomicBoolean pipelineDisposed = new AtomicBoolean();
        try (Runner runner = new Runner(loop)) {
            runner.run(() -> {
                Future<Void> fetchStarted = loop.createFuture();
                Future<Void> fetchUnwound = loop.createFuture();
                IntFunction<Coroutine<Quote>> slowFetch = id -> () -> {
                    fetchStarted.setResult(null);
                    try {
                        Async.sleep(Duration.ofHours(1));
                        return new Quote(id, id);
                    } catch (CancellationException c) {
                        fetchUnwound.setResult(null);
                        throw c;
                    }
                };
                Flowable<Quote> quotes = RxPipelineExample.quotes(loop, 3, slowFetch)
                        .doOnCancel(() -> pipelineDisposed.set(true));
                Task<Summary> waiter = Async.createTask(
                        () -> AioRx.await(RxPipelineExample.summary(quotes)));
                fetchStarted.await();
                waiter.cancel();
                assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
                assertThat(pipelineDisposed).as("disposed by the time the cancellation surfaced").isTrue();
                fetchUnwound.await(); // the fetch task in flight was cancelled in turn
                return null;
            });
        }
        assertThat(pipelineDisposed).isTrue();
    }
}
