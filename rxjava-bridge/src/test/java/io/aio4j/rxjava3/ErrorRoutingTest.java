package io.aio4j.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Task;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.exceptions.UndeliverableException;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Errors nobody can receive (DESIGN §5): which reach the loop's exception handler and which RxJavaPlugins, and
 * {@link AioRx#errorHandler} joining the two.
 */
abstract class ErrorRoutingTest extends RxTestBase {
    static final class VirtualThreadsTest extends ErrorRoutingTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends ErrorRoutingTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final Subscription NO_OP = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    /** Waits in awaitList on a source that ignores cancellation, cancels the waiter, returns the source's subscriber. */
    private Subscriber<? super Integer> subscriberOfCancelledAwait() {
        AtomicReference<Subscriber<? super Integer>> captured = new AtomicReference<>();
        Flowable<Integer> careless = Flowable.fromPublisher(s -> {
            captured.set(s);
            s.onSubscribe(NO_OP); // a non-compliant source: keeps signalling after cancel
        });
        Task<List<Integer>> waiter = loop.createTask(() -> AioRx.awaitList(careless));
        run(() -> {
            Async.sleep(Duration.ZERO);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        return captured.get();
    }

    @Test
    void anErrorReachingOurSubscriberAfterTheTaskStoppedListeningGoesToTheLoopHandler() {
        Subscriber<? super Integer> late = subscriberOfCancelledAwait();
        Boom boom = new Boom("too late");
        run(() -> {
            late.onNext(1); // dropped: nobody asked for it any more
            late.onError(boom);
            return null;
        });
        ExceptionContext report = takeLoopReport();
        assertThat(report.exception()).isSameAs(boom);
        assertThat(report.message()).contains("after its awaiting task stopped listening");
        assertThat(rxReports).isEmpty();
    }

    @Test
    void aLateErrorFromAnotherThreadReachesTheLoopHandlerToo() throws Exception {
        Subscriber<? super Integer> late = subscriberOfCancelledAwait();
        Boom boom = new Boom("too late, elsewhere");
        Thread other = Thread.ofPlatform().start(() -> late.onError(boom));
        other.join();
        run(() -> Async.sleep(Duration.ZERO, null)); // the report crossed through callSoonThreadsafe
        assertThat(takeLoopReport().exception()).isSameAs(boom);
    }

    @Test
    void aLateCancellationIsNotReported() {
        Subscriber<? super Integer> late = subscriberOfCancelledAwait();
        run(() -> {
            late.onError(new CancellationException("the source was cancelled too"));
            return null;
        });
        assertThat(loopReports).isEmpty();
    }

    @Test
    void rxJavasOwnUndeliverableErrorsGoToRxJavaPluginsByDefault() {
        Boom boom = new Boom("emitted after dispose");
        SingleEmitter<String> emitter = emitterOfCancelledAwait();
        run(() -> {
            emitter.onError(boom);
            return null;
        });
        assertThat(takeRxReport()).isInstanceOf(UndeliverableException.class).cause().isSameAs(boom);
        assertThat(loopReports).isEmpty();
    }

    @Test
    void errorHandlerSendsRxJavasUndeliverableErrorsToTheLoopHandler() {
        RxJavaPlugins.setErrorHandler(AioRx.errorHandler(loop)); // the base class restores the previous one
        Boom onLoop = new Boom("emitted after dispose, on the loop");
        Boom offLoop = new Boom("emitted after dispose, on another thread");
        SingleEmitter<String> first = emitterOfCancelledAwait();
        SingleEmitter<String> second = emitterOfCancelledAwait();
        run(() -> {
            first.onError(onLoop);
            Async.toThread(() -> {
                second.onError(offLoop);
                return null;
            });
            Async.sleep(Duration.ZERO);
            return null;
        });
        assertThat(loopReports).extracting(c -> c.exception().getCause()).containsExactly(onLoop, offLoop);
        assertThat(loopReports).allSatisfy(c -> {
            assertThat(c.exception()).isInstanceOf(UndeliverableException.class);
            assertThat(c.message()).contains("RxJava could not deliver an error");
        });
        loopReports.clear();
    }

    @Test
    void errorHandlerNeverReportsCancellation() throws Throwable {
        Boom boom = new Boom("reported");
        AioRx.errorHandler(loop).accept(new CancellationException("bare"));
        AioRx.errorHandler(loop).accept(new UndeliverableException(new CancellationException("wrapped")));
        AioRx.errorHandler(loop).accept(boom); // from a thread that does not run the loop: queued on it
        assertThat(loopReports).isEmpty();
        run(() -> Async.sleep(Duration.ZERO, null));
        assertThat(takeLoopReport().exception()).isSameAs(boom);
    }

    @Test
    void errorHandlerReportsAtOnceWhenTheLoopIsClosed() throws Throwable {
        EventLoop closed = EventLoop.newEventLoop(backend());
        closed.setExceptionHandler(recorder);
        closed.close();
        Boom boom = new Boom("after close");
        AioRx.errorHandler(closed).accept(boom);
        assertThat(takeLoopReport().exception()).isSameAs(boom);
    }

    /**
     * DESIGN §5: an error that cannot be delivered goes to the loop's handler, never silently away. Core's
     * GeneratorSubscription.produce() hands what the body throws to terminate(), which drops it when the
     * subscriber is gone: a body that fails while unwinding from a cancelled subscription is lost.
     */
    @Test
    void aGeneratorFailingAfterTheSubscriptionWasCancelledIsReportedToTheLoop() throws Exception {
        Boom boom = new Boom("failed while unwinding");
        CountDownLatch unwound = new CountDownLatch(1);
        FlowableBridgeTest.ItemSubscriber<Integer> subscriber = new FlowableBridgeTest.ItemSubscriber<>(1);
        startLoopThread();
        AioRx.<Integer>flowable(loop, out -> {
            try {
                out.emit(0);
                out.emit(1); // no demand: suspends here until cancelled
            } finally {
                unwound.countDown();
                throw boom;
            }
        }).subscribe(subscriber);
        subscriber.awaitItems(1);
        subscriber.cancel();
        awaitLatch(unwound, "the body unwound");
        settleLoop();
        assertThat(takeLoopReport().exception()).isSameAs(boom);
    }

    private SingleEmitter<String> emitterOfCancelledAwait() {
        AtomicReference<SingleEmitter<String>> captured = new AtomicReference<>();
        Single<String> manual = Single.create(captured::set);
        Task<String> waiter = loop.createTask(() -> AioRx.await(manual));
        run(() -> {
            Async.sleep(Duration.ZERO);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancellationException.class);
            return null;
        });
        assertThat(captured.get().isDisposed()).isTrue();
        return captured.get();
    }
}
