package io.aio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link Future}: ports of CPython's {@code Lib/test/test_asyncio/test_futures.py} ({@code BaseFutureTests} and
 * {@code BaseFutureDoneCallbackTests}), plus the Java-specific rules of DESIGN §3 (exception identity, checked
 * exceptions wrapped in {@link CompletionException}, {@code await} refused outside a task).
 */
abstract class FuturesTest extends LoopTestBase {
    static final class VirtualThreadsTest extends FuturesTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends FuturesTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    // ------------------------------------------------------------------ state (BaseFutureTests)

    @Test
    void initialState() {
        Future<Object> f = loop.createFuture();
        assertThat(f.cancelled()).isFalse();
        assertThat(f.done()).isFalse();
        f.cancel();
        assertThat(f.cancelled()).isTrue();
    }

    @Test
    void constructorUseRunningLoop() {
        Future<Object> f = run(() -> Async.getRunningLoop().createFuture());
        assertThat(f.getLoop()).isSameAs(loop);
    }

    @Test
    void futureCancelMessageGetter() {
        Future<Object> f = loop.createFuture();
        assertThat(f.cancel("my message")).isTrue();

        assertThatThrownBy(() -> loop.runUntilComplete(f))
                .isInstanceOf(CancellationException.class).hasMessage("my message");
        assertThatThrownBy(f::result).isInstanceOf(CancellationException.class).hasMessage("my message");
        assertThatThrownBy(f::exception).isInstanceOf(CancellationException.class).hasMessage("my message");
    }

    @Test
    void cancel() {
        Future<Object> f = loop.createFuture();
        assertThat(f.cancel()).isTrue();
        assertThat(f.cancelled()).isTrue();
        assertThat(f.done()).isTrue();
        assertThatThrownBy(f::result).isInstanceOf(CancellationException.class);
        assertThatThrownBy(f::exception).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> f.setResult(null)).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> f.setException(new Boom("late"))).isInstanceOf(InvalidStateException.class);
        assertThat(f.cancel()).isFalse();
    }

    @Test
    void result() {
        Future<Object> f = loop.createFuture();
        assertThatThrownBy(f::result).isInstanceOf(InvalidStateException.class);

        f.setResult(42);
        assertThat(f.cancelled()).isFalse();
        assertThat(f.done()).isTrue();
        assertThat(f.result()).isEqualTo(42);
        assertThat(f.exception()).isNull();
        assertThatThrownBy(() -> f.setResult(null)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("already done");
        assertThatThrownBy(() -> f.setException(new Boom("late"))).isInstanceOf(InvalidStateException.class);
        assertThat(f.cancel()).isFalse();
        assertThat(f.result()).isEqualTo(42);
    }

    @Test
    void exception() {
        Boom exc = new Boom("boom");
        Future<Object> f = loop.createFuture();
        assertThatThrownBy(f::exception).isInstanceOf(InvalidStateException.class);

        f.setException(exc);
        assertThat(f.cancelled()).isFalse();
        assertThat(f.done()).isTrue();
        assertThat(catchThrowable(f::result)).isSameAs(exc);
        assertThat(f.exception()).isSameAs(exc);
        assertThatThrownBy(() -> f.setResult(null)).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> f.setException(new Boom("late"))).isInstanceOf(InvalidStateException.class);
        assertThat(f.cancel()).isFalse();
    }

    @Test
    void nullIsAValidResult() {
        Future<Object> f = loop.createFuture();
        f.setResult(null);
        assertThat(f.done()).isTrue();
        assertThat(f.result()).isNull();
        assertThat(f.exception()).isNull();
    }

    @Test
    void checkedExceptionIsWrappedByResultButExceptionReturnsTheOriginal() {
        CheckedBoom exc = new CheckedBoom("checked");
        Future<Object> f = loop.createFuture();
        f.setException(exc);

        assertThat(catchThrowable(f::result)).isInstanceOf(CompletionException.class).hasCause(exc);
        assertThat(f.exception()).isSameAs(exc);
    }

    @Test
    void awaitThrowsTheVeryExceptionObjectTheFutureFailedWith() {
        Boom exc = new Boom("identity");
        Future<Object> f = loop.createFuture();
        Task<Throwable> waiter = loop.createTask(() -> catchThrowable(f::await));
        runOneIteration(); // the waiter suspends on f
        f.setException(exc);

        assertThat(loop.runUntilComplete(waiter)).isSameAs(exc);
    }

    @Test
    void awaitThrowsAnErrorTheFutureFailedWithAsItIs() {
        // futures.py set_exception takes any BaseException (SystemExit, KeyboardInterrupt): an Error set on a
        // future is thrown into the awaiting task as it is, neither wrapped nor swallowed
        Error error = new AssertionError("an error, not an exception");
        Future<Object> f = loop.createFuture();
        Task<Throwable> waiter = loop.createTask(() -> catchThrowable(f::await));
        runOneIteration();
        f.setException(error);
        assertThat(loop.runUntilComplete(waiter)).isSameAs(error);
        assertThat(catchThrowable(f::result)).isSameAs(error);
    }

    @Test
    void awaitWrapsACheckedExceptionInCompletionException() {
        CheckedBoom exc = new CheckedBoom("checked");
        Future<Object> f = loop.createFuture();
        Task<Throwable> waiter = loop.createTask(() -> catchThrowable(f::await));
        runOneIteration();
        f.setException(exc);

        assertThat(loop.runUntilComplete(waiter)).isInstanceOf(CompletionException.class).hasCause(exc);
        assertThat(f.exception()).isSameAs(exc);
    }

    @Test
    void awaitPendingFutureSuspendsTheTaskUntilItIsDone() {
        Future<String> f = loop.createFuture();
        Task<String> waiter = loop.createTask(() -> {
            expect(1);
            String value = f.await();
            expect(3);
            return value;
        });
        runOneIteration();
        assertThat(waiter.done()).isFalse();
        expect(2);
        f.setResult("hello");

        assertThat(loop.runUntilComplete(waiter)).isEqualTo("hello");
        finish(4);
    }

    @Test
    void awaitDoneFutureReturnsWithoutSuspending() {
        Future<String> f = loop.createFuture();
        f.setResult("ready");
        List<String> log = new ArrayList<>();
        run(() -> {
            loop.callSoon(() -> log.add("callback"));
            log.add(f.await());
            return null;
        });
        assertThat(log).containsExactly("ready", "callback");
    }

    @Test
    void awaitCancelledFutureThrowsCancellationWithTheMessage() {
        Future<Object> f = loop.createFuture();
        Task<Throwable> waiter = loop.createTask(() -> catchThrowable(f::await));
        runOneIteration();
        f.cancel("stop waiting");

        Throwable thrown = loop.runUntilComplete(waiter);
        assertThat(thrown).isInstanceOf(CancellationException.class).hasMessage("stop waiting");
    }

    @Test
    void awaitOnAPlainThreadIsRefusedWithAMessageSayingWhatToDo() {
        Future<Object> f = loop.createFuture();
        assertThatThrownBy(f::await).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Future.await()")
                .hasMessageContaining("not running a task")
                .hasMessageContaining("runUntilComplete");
        assertThat(f.done()).isFalse();
    }

    @Test
    void awaitInAPlainCallbackIsRefused() {
        Future<Object> f = loop.createFuture();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        loop.callSoon(() -> caught.set(catchThrowable(f::await)));
        runOneIteration();
        assertThat(caught.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running a task")
                .hasMessageContaining("Async.run");
    }

    @Test
    void futureRepr() {
        Future<Object> pending = loop.createFuture();
        assertThat(pending).hasToString("Future[PENDING]");

        Future<Object> cancelled = loop.createFuture();
        cancelled.cancel();
        assertThat(cancelled).hasToString("Future[CANCELLED]");

        Future<Object> cancelledWithMessage = loop.createFuture();
        cancelledWithMessage.cancel("bye");
        assertThat(cancelledWithMessage).hasToString("Future[CANCELLED message=bye]");

        Future<Object> finished = loop.createFuture();
        finished.setResult(4);
        assertThat(finished).hasToString("Future[FINISHED result=4]");

        Future<Object> failed = loop.createFuture();
        Boom exc = new Boom("x");
        failed.setException(exc);
        assertThat(failed).hasToString("Future[FINISHED exception=" + exc + "]");
        assertThat(failed.exception()).isSameAs(exc);
    }

    // ------------------------------------------------------------------ done callbacks (BaseFutureDoneCallbackTests)

    private static Consumer<Future<String>> appender(List<Integer> bag, int thing) {
        return f -> bag.add(thing);
    }

    @Test
    void callbacksInvokedOnSetResult() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        f.addDoneCallback(appender(bag, 42));
        f.addDoneCallback(appender(bag, 17));

        f.setResult("foo");
        assertThat(bag).as("callbacks run through the loop, not inside setResult").isEmpty();
        runOneIteration();
        assertThat(bag).containsExactly(42, 17);
        assertThat(f.result()).isEqualTo("foo");
    }

    @Test
    void callbacksInvokedOnSetException() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        f.addDoneCallback(appender(bag, 100));

        Boom exc = new Boom("x");
        f.setException(exc);
        assertThat(bag).isEmpty();
        runOneIteration();
        assertThat(bag).containsExactly(100);
        assertThat(f.exception()).isSameAs(exc);
    }

    @Test
    void callbacksInvokedOnCancelWithTheFuture() {
        Future<String> f = loop.createFuture();
        List<Future<String>> seen = new ArrayList<>();
        f.addDoneCallback(seen::add);
        f.cancel();
        assertThat(seen).isEmpty();
        runOneIteration();
        assertThat(seen).containsExactly(f);
    }

    @Test
    void callbacksRemoveFirstCallback() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = appender(bag, 42);
        f.addDoneCallback(cb1);
        f.addDoneCallback(appender(bag, 17));
        f.addDoneCallback(appender(bag, 100));

        assertThat(f.removeDoneCallback(cb1)).isEqualTo(1);
        assertThat(f.removeDoneCallback(cb1)).isZero();
        f.setResult("foo");
        runOneIteration();
        assertThat(bag).containsExactly(17, 100);
    }

    @Test
    void callbacksRemoveFirstAndSecondCallback() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = appender(bag, 42);
        Consumer<Future<String>> cb2 = appender(bag, 17);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        f.addDoneCallback(appender(bag, 100));

        f.removeDoneCallback(cb1);
        f.removeDoneCallback(cb2);
        f.removeDoneCallback(cb1);
        f.setResult("foo");
        runOneIteration();
        assertThat(bag).containsExactly(100);
    }

    @Test
    void callbacksRemoveThirdCallback() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb3 = appender(bag, 100);
        f.addDoneCallback(appender(bag, 42));
        f.addDoneCallback(appender(bag, 17));
        f.addDoneCallback(cb3);

        f.removeDoneCallback(cb3);
        f.removeDoneCallback(cb3);
        f.setResult("foo");
        runOneIteration();
        assertThat(bag).containsExactly(42, 17);
    }

    @Test
    void removeDoneCallback() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = appender(bag, 1);
        Consumer<Future<String>> cb2 = appender(bag, 2);
        Consumer<Future<String>> cb3 = appender(bag, 3);

        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        assertThat(f.removeDoneCallback(cb2)).isEqualTo(1);
        assertThat(f.removeDoneCallback(cb3)).isZero();

        f.addDoneCallback(cb2);
        for (int i = 0; i < 5; i++) {
            f.addDoneCallback(cb1);
        }
        assertThat(f.removeDoneCallback(cb1)).isEqualTo(6);

        f.setResult("foo");
        runOneIteration();
        assertThat(bag).containsExactly(2);
    }

    @Test
    void removeDoneCallbackCountsASingleCallbackRegisteredTwice() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb = appender(bag, 1);
        f.addDoneCallback(cb);
        f.addDoneCallback(cb);

        assertThat(f.removeDoneCallback(cb)).isEqualTo(2);
        f.setResult("foo");
        runOneIteration();
        assertThat(bag).isEmpty();
    }

    @Test
    void scheduleCallbacksListMutation1() {
        // Once the future is done its callbacks are scheduled: removing them then changes nothing.
        List<String> log = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> second = x -> log.add("second");
        f.addDoneCallback(x -> log.add("removed " + x.removeDoneCallback(second)));
        f.addDoneCallback(second);
        f.addDoneCallback(second);
        f.setResult("done");
        runOneIteration();
        assertThat(log).containsExactly("removed 0", "second", "second");
    }

    @Test
    void callbackAddedToADoneFutureIsScheduledNotRunInline() {
        Future<String> f = loop.createFuture();
        f.setResult("done");
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> log.add("earlier callSoon"));
        f.addDoneCallback(x -> log.add("done callback " + x.result()));
        assertThat(log).isEmpty();
        runOneIteration();
        assertThat(log).containsExactly("earlier callSoon", "done callback done");
    }

    @Test
    void doneCallbacksAreQueuedBehindCallbacksScheduledEarlier() {
        List<String> log = new ArrayList<>();
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> log.add("done"));
        loop.callSoon(() -> log.add("before"));
        f.setResult("x");
        loop.callSoon(() -> log.add("after"));
        runOneIteration();
        assertThat(log).containsExactly("before", "done", "after");
    }

    @Test
    void throwingDoneCallbackIsReportedAndTheNextOneStillRuns() {
        Boom exc = new Boom("callback failed");
        List<String> log = new ArrayList<>();
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> {
            throw exc;
        });
        f.addDoneCallback(x -> log.add("second"));
        f.setResult("x");
        runOneIteration();

        assertThat(log).containsExactly("second");
        ExceptionContext report = takeReport();
        assertThat(report.exception()).isSameAs(exc);
        assertThat(report.message()).contains("Exception in callback");
        assertThat(report.handle()).isNotNull();
    }

    // ------------------------------------------------------------------ "exception was never retrieved"

    /** A future of {@link #loop} prepared by {@code setUp} and then dropped: only a weak reference is returned. */
    private WeakReference<Future<Object>> dropped(Consumer<Future<Object>> setUp) {
        Future<Object> f = loop.createFuture();
        setUp.accept(f);
        return new WeakReference<>(f);
    }

    @Test
    void futureExceptionNeverRetrieved() throws Exception {
        Boom exc = new Boom("never retrieved");
        dropped(f -> f.setException(exc));

        assertThat(gcUntil(() -> !reports.isEmpty())).as("report after GC").isTrue();
        ExceptionContext report = takeReport();
        assertThat(report.message()).contains("Future exception was never retrieved");
        assertThat(report.exception()).isSameAs(exc);
    }

    /**
     * Drops a future set up by {@code setUp} together with a control future whose exception is never retrieved,
     * collects both, and checks that only the control was reported.
     */
    private void assertNotReportedWhenCollected(Consumer<Future<Object>> setUp) throws Exception {
        Boom control = new Boom("control");
        WeakReference<Future<Object>> underTest = dropped(setUp);
        dropped(f -> f.setException(control));

        assertThat(gcUntil(() -> underTest.refersTo(null) && !reports.isEmpty())).isTrue();
        runOneIteration(); // a late report of the future under test would arrive here
        assertThat(takeReport().exception()).isSameAs(control);
    }

    @Test
    void tbLoggerAbandoned() throws Exception {
        assertNotReportedWhenCollected(f -> { });
    }

    @Test
    void tbLoggerNotCalledAfterCancel() throws Exception {
        assertNotReportedWhenCollected(f -> {
            f.setException(new Boom("then cancelled"));
            assertThat(f.cancel()).isFalse();
        });
    }

    @Test
    void tbLoggerResultUnretrieved() throws Exception {
        assertNotReportedWhenCollected(f -> f.setResult(42));
    }

    @Test
    void tbLoggerExceptionRetrieved() throws Exception {
        assertNotReportedWhenCollected(f -> {
            f.setException(new Boom("retrieved"));
            f.exception();
        });
    }

    @Test
    void tbLoggerExceptionResultRetrieved() throws Exception {
        assertNotReportedWhenCollected(f -> {
            f.setException(new Boom("retrieved"));
            assertThatThrownBy(f::result).isInstanceOf(Boom.class);
        });
    }

    @Test
    void exceptionRetrievedByAwaitIsNotReported() throws Exception {
        assertNotReportedWhenCollected(f -> {
            f.setException(new Boom("awaited"));
            run(() -> catchThrowable(f::await));
        });
    }

    @Test
    void exceptionNeverRetrievedIsReportedEvenWhenCollectedAfterTheLoopClosed() throws Exception {
        // ExceptionHandler's contract: reports are delivered on the loop "except for reports that arrive after
        // the loop was closed"; asyncio reports from Future.__del__ whatever the loop's state.
        Boom exc = new Boom("collected after close");
        WeakReference<Future<Object>> ref = dropped(f -> f.setException(exc));
        loop.close();

        assertThat(gcWithoutTheLoopUntil(() -> ref.refersTo(null))).as("the future is garbage").isTrue();
        assertThat(gcWithoutTheLoopUntil(() -> !reports.isEmpty()))
                .as("report of a future collected after close()").isTrue();
        assertThat(takeReport().exception()).isSameAs(exc);
    }

    // ------------------------------------------------------------------ more of test_futures.py / test_futures2.py

    @Test
    void yieldFromTwice() {
        // CPython test_futures: test_yield_from_twice
        Future<Integer> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        Task<Object> task = loop.createTask(() -> {
            log.add("A");
            int x = f.await();
            log.add("B " + x);
            int y = f.await(); // already done: returns at once, without suspending
            log.add("C " + y);
            return null;
        });
        runOneIteration();
        assertThat(log).containsExactly("A");
        f.setResult(42);
        loop.runUntilComplete(task);
        assertThat(log).containsExactly("A", "B 42", "C 42");
    }

    @Test
    void cancelWithoutMessageThenFutureResult() {
        // CPython test_tasks: test_cancel_with_message_then_future_result, the () and (None,) cases
        Future<Object> noArg = loop.createFuture();
        noArg.cancel();
        Future<Object> nullArg = loop.createFuture();
        nullArg.cancel(null);
        for (Future<Object> f : List.of(noArg, nullArg)) {
            assertThat(catchThrowable(f::result)).isInstanceOf(CancellationException.class).hasMessage(null);
            assertThat(catchThrowable(f::exception)).isInstanceOf(CancellationException.class).hasMessage(null);
        }
        assertThat(noArg).hasToString("Future[CANCELLED]");
    }

    @Test
    void cancelMessageIsKeptByTheFirstCancelOnly() {
        // futures.py: cancel() of a done future returns False and changes nothing, its message included
        Future<Object> f = loop.createFuture();
        assertThat(f.cancel("first")).isTrue();
        assertThat(f.cancel("second")).isFalse();
        assertThatThrownBy(f::result).isInstanceOf(CancellationException.class).hasMessage("first");
    }

    @Test
    void invalidStateErrorsNameTheFuture() {
        // CPython test_futures: test_result / test_exception / test_cancel (the InvalidStateError cases)
        Future<Object> pending = loop.createFuture();
        assertThatThrownBy(pending::result).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("Future[PENDING]");
        assertThatThrownBy(pending::exception).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("Future[PENDING]");

        Future<Object> cancelled = loop.createFuture();
        cancelled.cancel("gone");
        assertThatThrownBy(() -> cancelled.setResult(1)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("CANCELLED");
        assertThatThrownBy(() -> cancelled.setException(new Boom("late"))).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("CANCELLED");

        Future<Object> failed = loop.createFuture();
        Boom exc = new Boom("first");
        failed.setException(exc);
        assertThatThrownBy(() -> failed.setException(new Boom("second"))).isInstanceOf(InvalidStateException.class);
        assertThat(failed.exception()).as("the first outcome stays").isSameAs(exc);
    }

    @Test
    void exceptionThatIsACancellationFinishesTheFutureWithoutCancellingIt() {
        // futures.py set_exception() has no special case for CancelledError: the future is finished, not cancelled;
        // a task that awaits it gets the very exception, and, as it escapes the task's body, the task is cancelled
        CancellationException exc = new CancellationException("set as an exception");
        Future<Object> f = loop.createFuture();
        f.setException(exc);
        assertThat(f.done()).isTrue();
        assertThat(f.cancelled()).isFalse();
        assertThat(f.exception()).isSameAs(exc);
        assertThat(catchThrowable(f::result)).isSameAs(exc);

        Task<Object> task = loop.createTask(f::await);
        assertThat(catchThrowable(() -> loop.runUntilComplete(task))).isInstanceOf(CancellationException.class)
                .hasMessage("set as an exception");
        assertThat(task.cancelled()).isTrue();
    }

    /**
     * A done callback whose {@code equals} runs {@code onEquals} (CPython's "evil" {@code __eq__}), except when
     * called again from inside {@code onEquals}.
     */
    private static class EvilCallback implements Consumer<Future<String>> {
        private final Runnable onEquals;
        private boolean inside;

        EvilCallback(Runnable onEquals) {
            this.onEquals = onEquals;
        }

        @Override
        public void accept(Future<String> f) {
        }

        @Override
        public boolean equals(Object other) {
            if (!inside) {
                inside = true;
                try {
                    onEquals.run();
                } finally {
                    inside = false;
                }
            }
            return false;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @Test
    void removeDoneCallbacksListMutation() {
        // CPython test_futures: test_remove_done_callbacks_list_mutation (bpo-28963): an equals() that removes
        // callbacks while removeDoneCallback() compares them must not break the future's list
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> plain = appender(bag, 1);
        f.addDoneCallback(new EvilCallback(() -> f.removeDoneCallback(plain)));
        for (int i = 0; i < 63; i++) {
            f.addDoneCallback(plain);
        }
        assertThat(f.removeDoneCallback(appender(bag, 2))).isZero();
        f.setResult("done");
        runOneIteration();
        assertThat(bag).as("every registration of the plain callback was removed by equals()").isEmpty();
    }

    @Test
    void scheduleCallbacksListMutation2() {
        // CPython test_futures: test_schedule_callbacks_list_mutation_2 (bpo-30828): an equals() that adds
        // callbacks while removeDoneCallback() compares them must neither fail nor loop forever
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> added = appender(bag, 7);
        int[] extra = {0};
        for (int i = 0; i < 64; i++) {
            f.addDoneCallback(new EvilCallback(() -> {
                if (++extra[0] < 100) {
                    f.addDoneCallback(added);
                }
            }));
        }
        assertThat(f.removeDoneCallback(appender(bag, 2))).isZero();
        f.setResult("done");
        runOneIteration();
        assertThat(bag).hasSize(extra[0]).containsOnly(7);
    }

    @Test
    void singleCallbackWhoseEqualsAddsAnotherKeepsTheAddedOne() {
        // CPython test_futures: test_use_after_free_on_fut_callback_0_with_evil__eq__ (gh-125966): the first
        // callback slot changed under removeDoneCallback()
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        f.addDoneCallback(new EvilCallback(() -> f.addDoneCallback(appender(bag, 3))) {
            @Override
            public void accept(Future<String> future) {
                bag.add(1);
            }
        });
        assertThat(f.removeDoneCallback(appender(bag, 2))).isZero();
        f.setResult("done");
        runOneIteration();
        assertThat(bag).containsExactly(1, 3);
    }

    @Test
    void handleExcHandlerCorrectContext() {
        // CPython test_futures2: test_handle_exc_handler_correct_context (gh-96704): the handler runs in the
        // context of the callback that failed
        ContextVar<String> name = ContextVar.withDefault("name", "foo");
        List<String> seen = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> seen.add(name.get() + ": " + context.exception().getMessage()));
        loop.callSoon(() -> {
            name.set("bar");
            throw new Boom("1/0");
        });
        runOneIteration();
        assertThat(seen).containsExactly("bar: 1/0");
    }

    @Test
    void sameCallbackAddedTwiceRunsTwice() {
        // CPython test_futures: test_remove_done_callback (each registration is its own)
        List<Integer> bag = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb = appender(bag, 5);
        f.addDoneCallback(cb);
        f.addDoneCallback(cb);
        f.setResult("x");
        runOneIteration();
        assertThat(bag).containsExactly(5, 5);
    }

    @Test
    void doneCallbackAddedFromADoneCallbackRunsAtTheNextIteration() {
        // futures.py add_done_callback on a done future: call_soon, so never inside the running callback
        List<String> log = new ArrayList<>();
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> {
            x.addDoneCallback(y -> log.add("added late"));
            log.add("first");
        });
        f.addDoneCallback(x -> log.add("second"));
        f.setResult("x");
        runOneIteration();
        assertThat(log).containsExactly("first", "second");
        runOneIteration();
        assertThat(log).containsExactly("first", "second", "added late");
    }

    @Test
    void futureTraceback() {
        // CPython test_futures2: test_future_traceback: awaiting a failed task again and again throws the same
        // exception object, whose stack trace does not grow
        Boom exc = new Boom("type error");
        Task<Object> failing = loop.createTask(() -> {
            throw exc;
        });
        int depth = run(() -> {
            catchThrowable(failing::await);
            int first = exc.getStackTrace().length;
            for (int i = 0; i < 5; i++) {
                assertThat(catchThrowable(failing::await)).isSameAs(exc);
                assertThat(exc.getStackTrace()).hasSize(first);
            }
            return first;
        });
        assertThat(depth).isPositive();
    }

    @Test
    void callbacksOfACancelledTaskSeeItCancelled() {
        // futures.py: done callbacks of a cancelled task run after it is cancelled, with the message
        List<String> log = new ArrayList<>();
        Task<Object> t = loop.createTask(() -> loop.createFuture().await());
        t.addDoneCallback(x -> log.add(x.cancelled() + " " + catchThrowable(x::result).getMessage()));
        runOneIteration();
        t.cancel("bye");
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancellationException.class);
        runOneIteration();
        assertThat(log).containsExactly("true bye");
    }

    @Test
    void tasksAwaitingOneFutureResumeInTheOrderTheyStartedWaiting() {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        List<Task<Object>> waiters = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            waiters.add(loop.createTask(() -> {
                log.add(name + " got " + f.await());
                return null;
            }));
        }
        runOneIteration();
        f.setResult("it");
        for (Task<Object> w : waiters) {
            loop.runUntilComplete(w);
        }
        assertThat(log).containsExactly("first got it", "second got it", "third got it");
    }
}
