package io.aio4j.rxjava3;

import io.aio4j.Async;
import io.aio4j.AsyncGenerator;
import io.aio4j.Awaitable;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.internal.Checks;
import io.aio4j.internal.CurrentTask;
import io.aio4j.reactive.Reactive;
import io.aio4j.reactive.ReactiveIterable;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.functions.Consumer;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * RxJava 3 both ways: {@link Single}, {@link Maybe}, {@link Completable}, {@link Flowable} and {@link Observable}
 * from aio4j futures, coroutines and async generators; awaiting those types inside a task; and an RxJava
 * {@link Scheduler} that runs work on an event loop.
 *
 * <p>A thin layer over {@link Reactive} and over {@link Future} being a Reactive Streams publisher: RxJava's own
 * {@code fromPublisher} and {@code toFlowable} do the type shaping, {@code io.aio4j.reactive} does the demand,
 * cancellation and thread crossing.
 *
 * <p><b>Out of the loop</b> ({@link #single(Future)}, {@link #single(EventLoop, Coroutine)}, {@link #maybe},
 * {@link #completable}, {@link #flowable}, {@link #observable}): the RxJava type may be subscribed from any
 * thread. Its signals are sent from the loop (the thread that runs the loop, or under the virtual-thread backend
 * whichever of the loop's threads holds it then), so work happens only while the loop runs. Disposing the
 * subscription cancels the task: the task sees a {@link CancellationException} at the await it is suspended in
 * (at once if disposed on the loop, else at the loop's next iteration). Coroutines and generator bodies are cold:
 * one new task per subscription, created when it subscribes. Futures and tasks are hot.
 * {@snippet :
 * Single<String> user = AioRx.single(loop, () -> {        // one task per subscription
 *     Async.sleep(Duration.ofMillis(10));
 *     return "ada";
 * });
 * }
 * <p><b>Into the loop</b> ({@link #await(Single)}, {@link #await(Maybe)}, {@link #await(Completable)},
 * {@link #awaitList(Flowable)}, {@link #awaitFirst(Flowable)}, {@link #awaitLast(Flowable)},
 * {@link #iterate(Flowable, int)}, and the {@code awaitable(...)} forms for {@link Async#gather} or
 * {@link Async#waitFor}): only from a task of a running loop. The task suspends, never a thread; RxJava may signal
 * on any thread (a computation scheduler's timer, an I/O thread) and the signal reaches the task through
 * {@link EventLoop#callSoonThreadsafe}, or at once if it arrives on the loop. Each await subscribes anew.
 * Cancelling the awaiting task disposes the RxJava subscription before the {@link CancellationException} leaves
 * the await. Exceptions keep their identity: an unchecked exception or error arrives as the very object RxJava
 * signalled; a checked one wrapped in {@link java.util.concurrent.CompletionException}.
 * {@snippet :
 * String name = AioRx.await(userService.findName(id));           // a Single<String>, from a task
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>none; the counterpart of kotlinx.coroutines' {@code kotlinx-coroutines-rx3}
 *   ({@code rxSingle}, {@code rxFlowable}, {@code await}, {@code awaitSingle}, {@code asCoroutineDispatcher}).</dd>
 *   <dt>Errors nobody can receive</dt><dd>DESIGN §5 sends them to the loop's exception handler; RxJava sends its
 *   own to {@link RxJavaPlugins#onError}. The two meet as follows. An error that reaches one of our subscribers
 *   after the awaiting task stopped listening (cancelled, or its loop closed) goes to the loop's exception
 *   handler. An error that an RxJava operator cannot deliver because we disposed it (a {@code Single.create}
 *   emitter failing after dispose) is RxJava's: it goes to {@link RxJavaPlugins#onError}, which calls the global
 *   handler or, if none is set, the thread's uncaught-exception handler. To send those to the loop's exception
 *   handler too, install {@link #errorHandler(EventLoop)} with {@link RxJavaPlugins#setErrorHandler}. Our
 *   publishers never signal after a dispose. A {@link CancellationException} is never reported.</dd>
 * </dl>
 */
public final class AioRx {
    private AioRx() {}

    // ------------------------------------------------------------------ out of the loop: Single, Maybe, Completable

    /**
     * A {@link Single} of a future's or task's result.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Hot: the future runs whether or not anyone subscribes; each subscriber gets the same
     *   outcome, before or after it is done. Disposing a subscription before the outcome arrived cancels the
     *   future (a task sees a {@link CancellationException} at its await), for every subscriber: to let several
     *   subscribers stop independently, pass {@code Async.shield(task)}.</dd>
     *   <dt>Null result</dt><dd>A future that completes with {@code null} makes the Single fail with
     *   {@link java.util.NoSuchElementException}, as RxJava's {@link Single#fromPublisher} does for an empty
     *   publisher (RxJava has no null values). Use {@link #maybe(Future)} or {@link #completable(Future)} when
     *   null is a valid outcome.</dd>
     *   <dt>Error handling</dt><dd>The future's exception is {@code onError}'s, the same object; a cancelled
     *   future signals a {@link CancellationException} with its cancel message.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; signals come from the future's loop.</dd>
     * </dl>
     *
     * @param <T>    the type of the result
     * @param future the future or task
     * @return the Single
     * @throws NullPointerException if {@code future} is null
     */
    public static <T> Single<T> single(Future<T> future) {
        return Single.fromPublisher(Checks.notNull(future, "future"));
    }

    /**
     * A {@link Single} that runs {@code coro} as a new task of {@code loop} for each subscription.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold: each subscriber gets its own task, created on the loop when the subscription
     *   requests. Disposing the subscription cancels that task: it sees a {@link CancellationException} at the
     *   await it is suspended in.</dd>
     *   <dt>Null result</dt><dd>A coroutine that returns {@code null} makes the Single fail with
     *   {@link java.util.NoSuchElementException}; use {@link #maybe(EventLoop, Coroutine)} or
     *   {@link #completable(EventLoop, Coroutine)} for coroutines that may return null.</dd>
     *   <dt>Error handling</dt><dd>What the coroutine throws is {@code onError}'s, the same object (a checked
     *   exception too: RxJava carries any {@link Throwable}).</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; the task runs, and signals, when {@code loop} runs.</dd>
     * </dl>
     * {@snippet :
     * Single<Integer> answer = AioRx.single(loop, () -> Async.sleep(Duration.ofMillis(5), 42));
     * }
     *
     * @param <T>  the type of the result
     * @param loop the loop the tasks run on
     * @param coro the coroutine to run per subscription
     * @return the Single
     * @throws NullPointerException if an argument is null
     */
    public static <T> Single<T> single(EventLoop loop, Coroutine<T> coro) {
        return Single.fromPublisher(Reactive.fromCoroutine(Checks.notNull(loop, "loop"), Checks.notNull(coro, "coro")));
    }

    /**
     * A {@link Maybe} of a future's or task's result: empty for a {@code null} result.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Hot, as {@link #single(Future)}: disposing before the outcome cancels the future for
     *   every subscriber.</dd>
     *   <dt>Error handling</dt><dd>The future's exception is {@code onError}'s, the same object.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; signals come from the future's loop.</dd>
     * </dl>
     *
     * @param <T>    the type of the result
     * @param future the future or task
     * @return the Maybe
     * @throws NullPointerException if {@code future} is null
     */
    public static <T> Maybe<T> maybe(Future<T> future) {
        return Maybe.fromPublisher(Checks.notNull(future, "future"));
    }

    /**
     * A {@link Maybe} that runs {@code coro} as a new task of {@code loop} for each subscription: empty if it
     * returns {@code null}.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold, as {@link #single(EventLoop, Coroutine)}: one task per subscription; disposing
     *   cancels it.</dd>
     *   <dt>Error handling</dt><dd>What the coroutine throws is {@code onError}'s, the same object.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; the task runs, and signals, when {@code loop} runs.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param loop the loop the tasks run on
     * @param coro the coroutine to run per subscription; may return null
     * @return the Maybe
     * @throws NullPointerException if an argument is null
     */
    public static <T> Maybe<T> maybe(EventLoop loop, Coroutine<T> coro) {
        return Maybe.fromPublisher(Reactive.fromCoroutine(Checks.notNull(loop, "loop"), Checks.notNull(coro, "coro")));
    }

    /**
     * A {@link Completable} that completes when a future or task does, ignoring its result.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Hot, as {@link #single(Future)}: disposing before the outcome cancels the future for
     *   every subscriber.</dd>
     *   <dt>Error handling</dt><dd>The future's exception is {@code onError}'s, the same object.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; signals come from the future's loop.</dd>
     * </dl>
     *
     * @param future the future or task
     * @return the Completable
     * @throws NullPointerException if {@code future} is null
     */
    public static Completable completable(Future<?> future) {
        return Completable.fromPublisher(Checks.notNull(future, "future"));
    }

    /**
     * A {@link Completable} that runs {@code coro} as a new task of {@code loop} for each subscription, ignoring
     * its result.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold, as {@link #single(EventLoop, Coroutine)}: one task per subscription; disposing
     *   cancels it.</dd>
     *   <dt>Error handling</dt><dd>What the coroutine throws is {@code onError}'s, the same object.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; the task runs, and signals, when {@code loop} runs.</dd>
     * </dl>
     *
     * @param loop the loop the tasks run on
     * @param coro the coroutine to run per subscription
     * @return the Completable
     * @throws NullPointerException if an argument is null
     */
    public static Completable completable(EventLoop loop, Coroutine<?> coro) {
        return Completable.fromPublisher(
                Reactive.fromCoroutine(Checks.notNull(loop, "loop"), Checks.notNull(coro, "coro")));
    }

    // ------------------------------------------------------------------ out of the loop: Flowable, Observable

    /**
     * A {@link Flowable} whose items an async generator body emits, run as a new task of {@code loop} for each
     * subscription.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold: each subscriber runs the body anew, as a task started when it subscribes (the body suspends at its first emit until there is demand).
     *   Disposing (cancelling) the subscription makes the body's pending or next {@code emit}, or the await it is
     *   suspended in, throw {@link CancellationException}, so its {@code finally} blocks run.</dd>
     *   <dt>Backpressure</dt><dd>Honoured: {@code emit} hands the item to {@code onNext} while the subscriber has
     *   demand, and suspends the body while demand is zero, until the subscriber requests more (from any
     *   thread).</dd>
     *   <dt>Error handling</dt><dd>The body returning is {@code onComplete}; what it throws is {@code onError}'s,
     *   the same object. Items must not be null: {@code emit(null)} throws {@link NullPointerException} in the
     *   body.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe and request from any thread; the body runs, and signals, when
     *   {@code loop} runs. Use {@code observeOn} to move the items elsewhere.</dd>
     * </dl>
     * {@snippet :
     * Flowable<Integer> ticks = AioRx.flowable(loop, out -> {
     *     for (int i = 0; i < 10; i++) {
     *         Async.sleep(Duration.ofSeconds(1));
     *         out.emit(i);                  // suspends while the subscriber has requested nothing
     *     }
     * });
     * }
     *
     * @param <T>  the type of the items
     * @param loop the loop the bodies run on
     * @param body the generator's body
     * @return the Flowable
     * @throws NullPointerException if an argument is null
     */
    public static <T> Flowable<T> flowable(EventLoop loop, AsyncGenerator.Body<T> body) {
        return Flowable.fromPublisher(Reactive.fromGenerator(Checks.notNull(loop, "loop"), Checks.notNull(body, "body")));
    }

    /**
     * An {@link Observable} whose items an async generator body emits, run as a new task of {@code loop} for each
     * subscription.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold, as {@link #flowable}: disposing makes the body's pending or next {@code emit},
     *   or the await it is suspended in, throw {@link CancellationException}.</dd>
     *   <dt>Backpressure</dt><dd>None: an {@code Observable} cannot ask for less, so the subscription requests
     *   everything at once (RxJava's {@link Observable#fromPublisher}) and {@code emit} never suspends. A body
     *   that emits in a loop without awaiting anything else therefore keeps the event loop to itself until it
     *   ends; give the other tasks a turn with {@code Async.sleep(Duration.ZERO)}, or use {@link #flowable} when
     *   the consumer is slower than the producer.</dd>
     *   <dt>Error handling</dt><dd>As {@link #flowable}.</dd>
     *   <dt>Scheduler</dt><dd>Subscribe from any thread; the body runs, and signals, when {@code loop} runs.</dd>
     * </dl>
     *
     * @param <T>  the type of the items
     * @param loop the loop the bodies run on
     * @param body the generator's body
     * @return the Observable
     * @throws NullPointerException if an argument is null
     */
    public static <T> Observable<T> observable(EventLoop loop, AsyncGenerator.Body<T> body) {
        return Observable.fromPublisher(
                Reactive.fromGenerator(Checks.notNull(loop, "loop"), Checks.notNull(body, "body")));
    }

    // ------------------------------------------------------------------ into the loop: awaits

    /**
     * Awaits a {@link Single}'s value.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task. The Single may signal on any
     *   thread.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task disposes the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     * {@snippet :
     * int n = AioRx.await(Single.timer(10, TimeUnit.MILLISECONDS).map(zero -> 42));
     * }
     *
     * @param <T>    the type of the value
     * @param single the Single; subscribed by this call
     * @return its value
     * @throws CancellationException                     if the calling task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception the Single failed with;
     *                                                   an unchecked one is thrown as it is
     * @throws NullPointerException                      if {@code single} is null
     * @throws IllegalStateException                     if not called from a task of a running loop
     */
    public static <T> T await(Single<T> single) {
        return named("AioRx.await(Single)", Reactive.single(Checks.notNull(single, "single").toFlowable()), single)
                .await();
    }

    /**
     * Awaits a {@link Maybe}'s value: {@code null} if it completes empty.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task. The Maybe may signal on any
     *   thread.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task disposes the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>   the type of the value
     * @param maybe the Maybe; subscribed by this call
     * @return its value, or null if it completed empty
     * @throws CancellationException                     if the calling task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception the Maybe failed with;
     *                                                   an unchecked one is thrown as it is
     * @throws NullPointerException                      if {@code maybe} is null
     * @throws IllegalStateException                     if not called from a task of a running loop
     */
    public static <T> T await(Maybe<T> maybe) {
        return named("AioRx.await(Maybe)", maybeAwaitable(maybe), maybe).await();
    }

    /**
     * Awaits a {@link Completable}'s completion.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task. The Completable may signal
     *   on any thread.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task disposes the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param completable the Completable; subscribed by this call
     * @throws CancellationException                     if the calling task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception the Completable failed
     *                                                   with; an unchecked one is thrown as it is
     * @throws NullPointerException                      if {@code completable} is null
     * @throws IllegalStateException                     if not called from a task of a running loop
     */
    public static void await(Completable completable) {
        named("AioRx.await(Completable)", completionAwaitable(completable), completable).await();
    }

    /**
     * Awaits every item of a {@link Flowable}, in order: requests them all, waits for {@code onComplete}.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task. The Flowable may signal on
     *   any thread.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>      the type of the items
     * @param flowable the Flowable; subscribed by this call
     * @return a new mutable list of the items; empty if there were none
     * @throws CancellationException                     if the calling task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception the Flowable failed with;
     *                                                   an unchecked one is thrown as it is
     * @throws NullPointerException                      if {@code flowable} is null
     * @throws IllegalStateException                     if not called from a task of a running loop
     */
    public static <T> List<T> awaitList(Flowable<T> flowable) {
        return named("AioRx.awaitList(Flowable)", Reactive.toList(Checks.notNull(flowable, "flowable")), flowable)
                .await();
    }

    /**
     * Awaits every item of an {@link Observable}, in order, until {@code onComplete}.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task. The Observable may signal
     *   on any thread.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task disposes the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>        the type of the items
     * @param observable the Observable; subscribed by this call
     * @return a new mutable list of the items; empty if there were none
     * @throws CancellationException                     if the calling task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception the Observable failed
     *                                                   with; an unchecked one is thrown as it is
     * @throws NullPointerException                      if {@code observable} is null
     * @throws IllegalStateException                     if not called from a task of a running loop
     */
    public static <T> List<T> awaitList(Observable<T> observable) {
        return named("AioRx.awaitList(Observable)", Reactive.toList(toFlowable(observable)), observable).await();
    }

    /**
     * Awaits the first item of a {@link Flowable}: requests one, then cancels the subscription. For a default
     * when it is empty, await {@code flowable.first(defaultItem)} or {@code flowable.firstElement()} instead.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>      the type of the items
     * @param flowable the Flowable; subscribed by this call
     * @return the first item
     * @throws java.util.NoSuchElementException if the Flowable completed without an item
     * @throws CancellationException            if the calling task was cancelled
     * @throws NullPointerException             if {@code flowable} is null
     * @throws IllegalStateException            if not called from a task of a running loop
     */
    public static <T> T awaitFirst(Flowable<T> flowable) {
        return named("AioRx.awaitFirst(Flowable)", Reactive.first(Checks.notNull(flowable, "flowable")), flowable)
                .await();
    }

    /**
     * Awaits the first item of an {@link Observable}, then disposes the subscription.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task disposes the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>        the type of the items
     * @param observable the Observable; subscribed by this call
     * @return the first item
     * @throws java.util.NoSuchElementException if the Observable completed without an item
     * @throws CancellationException            if the calling task was cancelled
     * @throws NullPointerException             if {@code observable} is null
     * @throws IllegalStateException            if not called from a task of a running loop
     */
    public static <T> T awaitFirst(Observable<T> observable) {
        return named("AioRx.awaitFirst(Observable)", Reactive.first(toFlowable(observable)), observable).await();
    }

    /**
     * Awaits the last item of a {@link Flowable}: requests everything and waits for {@code onComplete}.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>      the type of the items
     * @param flowable the Flowable; subscribed by this call
     * @return the last item
     * @throws java.util.NoSuchElementException if the Flowable completed without an item
     * @throws CancellationException            if the calling task was cancelled
     * @throws NullPointerException             if {@code flowable} is null
     * @throws IllegalStateException            if not called from a task of a running loop
     */
    public static <T> T awaitLast(Flowable<T> flowable) {
        return named("AioRx.awaitLast(Flowable)", Reactive.last(Checks.notNull(flowable, "flowable")), flowable)
                .await();
    }

    /**
     * Awaits the last item of an {@link Observable}, waiting for {@code onComplete}.
     * <dl>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task disposes the subscription before the
     *   {@link CancellationException} leaves this method.</dd>
     * </dl>
     *
     * @param <T>        the type of the items
     * @param observable the Observable; subscribed by this call
     * @return the last item
     * @throws java.util.NoSuchElementException if the Observable completed without an item
     * @throws CancellationException            if the calling task was cancelled
     * @throws NullPointerException             if {@code observable} is null
     * @throws IllegalStateException            if not called from a task of a running loop
     */
    public static <T> T awaitLast(Observable<T> observable) {
        return named("AioRx.awaitLast(Observable)", Reactive.last(toFlowable(observable)), observable).await();
    }

    // ------------------------------------------------------------------ into the loop: awaitables

    /**
     * {@link #await(Single)} as an {@link Awaitable}, for {@link Async#gather}, {@link Async#waitFor},
     * {@link Async#createTask} and the like. Each await subscribes anew.
     *
     * @param <T>    the type of the value
     * @param single the Single
     * @return an awaitable of its value
     * @throws NullPointerException if {@code single} is null
     */
    public static <T> Awaitable<T> awaitable(Single<T> single) {
        return named("AioRx.awaitable(Single).await()", Reactive.single(Checks.notNull(single, "single").toFlowable()),
                single);
    }

    /**
     * {@link #await(Maybe)} as an {@link Awaitable}: its result is null for an empty Maybe. Each await subscribes
     * anew.
     *
     * @param <T>   the type of the value
     * @param maybe the Maybe
     * @return an awaitable of its value or null
     * @throws NullPointerException if {@code maybe} is null
     */
    public static <T> Awaitable<T> awaitable(Maybe<T> maybe) {
        return named("AioRx.awaitable(Maybe).await()", maybeAwaitable(maybe), maybe);
    }

    /**
     * {@link #await(Completable)} as an {@link Awaitable} whose result is null. Each await subscribes anew.
     *
     * @param completable the Completable
     * @return an awaitable of its completion
     * @throws NullPointerException if {@code completable} is null
     */
    public static Awaitable<Void> awaitable(Completable completable) {
        return named("AioRx.awaitable(Completable).await()", completionAwaitable(completable), completable);
    }

    /**
     * {@link #awaitList(Flowable)} as an {@link Awaitable}. Each await subscribes anew.
     *
     * @param <T>      the type of the items
     * @param flowable the Flowable
     * @return an awaitable of the list of its items
     * @throws NullPointerException if {@code flowable} is null
     */
    public static <T> Awaitable<List<T>> awaitableList(Flowable<T> flowable) {
        return named("AioRx.awaitableList(Flowable).await()", Reactive.toList(Checks.notNull(flowable, "flowable")),
                flowable);
    }

    /**
     * {@link #awaitList(Observable)} as an {@link Awaitable}. Each await subscribes anew.
     *
     * @param <T>        the type of the items
     * @param observable the Observable
     * @return an awaitable of the list of its items
     * @throws NullPointerException if {@code observable} is null
     */
    public static <T> Awaitable<List<T>> awaitableList(Observable<T> observable) {
        return named("AioRx.awaitableList(Observable).await()", Reactive.toList(toFlowable(observable)), observable);
    }

    // ------------------------------------------------------------------ into the loop: iteration

    /**
     * The items of a {@link Flowable} for a {@code for} loop inside a task, {@link Flowable#bufferSize()} (128 by
     * default) at a time: see {@link #iterate(Flowable, int)}.
     *
     * @param <T>      the type of the items
     * @param flowable the Flowable; subscribed when the loop starts
     * @return the iterable; close it (try-with-resources) to cancel the subscription when leaving early
     * @throws NullPointerException if {@code flowable} is null
     */
    public static <T> ReactiveIterable<T> iterate(Flowable<T> flowable) {
        return iterate(flowable, Flowable.bufferSize());
    }

    /**
     * The items of a {@link Flowable} for a {@code for} loop inside a task: each step awaits the next item.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code async for item in aiter}.</dd>
     *   <dt>Backpressure</dt><dd>Requests {@code prefetch} items at the start, then three quarters of that each
     *   time as many have been consumed, so at most {@code prefetch} items are buffered;
     *   {@code Integer.MAX_VALUE} means unbounded.</dd>
     *   <dt>Threading</dt><dd>Iterate from one task of one loop; the Flowable may signal on any thread.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it waits for an item cancels the subscription before the
     *   {@link CancellationException} leaves {@code hasNext()}; so does closing the iterable. Leaving the
     *   {@code for} loop early without closing leaves the subscription open: use try-with-resources.</dd>
     * </dl>
     * {@snippet :
     * try (var prices = AioRx.iterate(priceFlowable, 64)) {
     *     for (Price p : prices) {          // each step may await
     *         if (p.value() > limit) break; // close() cancels the subscription
     *         record(p);
     *     }
     * }
     * }
     *
     * @param <T>      the type of the items
     * @param flowable the Flowable; subscribed when the loop starts
     * @param prefetch how many items to ask for ahead of the consumer, at least 1
     * @return the iterable; close it (try-with-resources) to cancel the subscription when leaving early
     * @throws NullPointerException     if {@code flowable} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    public static <T> ReactiveIterable<T> iterate(Flowable<T> flowable, int prefetch) {
        return Reactive.iterate(Checks.notNull(flowable, "flowable"), prefetch);
    }

    /**
     * The items of an {@link Observable} for a {@code for} loop inside a task, as {@link #iterate(Flowable, int)}.
     * <dl>
     *   <dt>Backpressure</dt><dd>An Observable cannot be slowed down: it is turned into a Flowable with
     *   {@link BackpressureStrategy#BUFFER}, so items the loop has not consumed yet wait in an unbounded RxJava
     *   buffer while the iterator still requests {@code prefetch} at a time. For another policy (drop, latest,
     *   error), call {@code observable.toFlowable(strategy)} yourself and iterate the Flowable.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #iterate(Flowable, int)}: cancelling the task or closing the iterable
     *   disposes the subscription.</dd>
     * </dl>
     *
     * @param <T>        the type of the items
     * @param observable the Observable; subscribed when the loop starts
     * @param prefetch   how many items to take from the buffer ahead of the consumer, at least 1
     * @return the iterable; close it (try-with-resources) to dispose the subscription when leaving early
     * @throws NullPointerException     if {@code observable} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    public static <T> ReactiveIterable<T> iterate(Observable<T> observable, int prefetch) {
        return Reactive.iterate(toFlowable(observable), prefetch);
    }

    // ------------------------------------------------------------------ scheduler and error routing

    /**
     * An RxJava {@link Scheduler} that runs work on {@code loop}, so that {@code observeOn(AioRx.scheduler(loop))}
     * and {@code subscribeOn(...)} move RxJava code onto the loop, where it may touch loop-only state (futures,
     * queues, {@code callSoon}) directly.
     * <dl>
     *   <dt>Scheduling</dt><dd>Any thread may schedule. Work without delay is queued with
     *   {@link EventLoop#callSoonThreadsafe}; delayed work with {@link EventLoop#callLater} on the loop (its delay
     *   counts from when the request reaches the loop). A worker runs its work in order, one at a time, as every
     *   loop callback runs. {@code schedulePeriodically} is supported (RxJava's default, rescheduling each run).
     *   Work runs only while the loop runs; work still pending when the loop closes never runs.</dd>
     *   <dt>Disposal</dt><dd>Disposing what {@code schedule} returned keeps the work from running and cancels its
     *   timer; disposing a worker does so for all its pending work. Neither affects the loop, nor does
     *   {@link Scheduler#shutdown()}: the loop belongs to whoever created it.</dd>
     *   <dt>Error handling</dt><dd>Work that throws is reported to the loop's exception handler (DESIGN §5), like
     *   any loop callback, rather than to {@link RxJavaPlugins#onError}; the loop goes on. Scheduling on a closed
     *   loop reports a {@link java.util.concurrent.RejectedExecutionException} to the loop's exception handler and
     *   returns a disposed {@code Disposable}, as RxJava's executor schedulers do with
     *   {@link RxJavaPlugins#onError}.</dd>
     *   <dt>Time</dt><dd>{@code now()} is RxJava's default (the wall clock), not the loop's clock.</dd>
     *   <dt>Hooks</dt><dd>Work passes through {@link RxJavaPlugins#onSchedule} like that of RxJava's own
     *   schedulers.</dd>
     * </dl>
     * {@snippet :
     * Flowable.interval(1, TimeUnit.SECONDS)
     *         .observeOn(AioRx.scheduler(loop))   // from here on, on the loop
     *         .subscribe(tick -> queue.putNowait(tick));
     * }
     *
     * @param loop the loop to run the work on
     * @return a new scheduler; cheap, any number may share one loop
     * @throws NullPointerException if {@code loop} is null
     */
    public static Scheduler scheduler(EventLoop loop) {
        return new LoopScheduler(Checks.notNull(loop, "loop"));
    }

    /**
     * An error handler for {@link RxJavaPlugins#setErrorHandler} that reports RxJava's undeliverable errors to
     * {@code loop}'s exception handler, so that one policy (DESIGN §5) covers both worlds: errors RxJava operators
     * could not deliver (typically because an awaiting task was cancelled and disposed them) then reach the same
     * place as those aio4j could not deliver. The report is made on the loop (through
     * {@link EventLoop#callSoonThreadsafe}); if the loop is closed, at once on the calling thread. A
     * {@link CancellationException}, bare or wrapped in RxJava's
     * {@link io.reactivex.rxjava3.exceptions.UndeliverableException}, is not reported.
     * <dl><dt>Scope</dt><dd>RxJava's handler is global: install this for an application that runs one main loop,
     * and restore the previous handler when that loop closes.</dd></dl>
     * {@snippet :
     * RxJavaPlugins.setErrorHandler(AioRx.errorHandler(loop));
     * }
     *
     * @param loop the loop whose exception handler receives the errors
     * @return the handler
     * @throws NullPointerException if {@code loop} is null
     */
    public static Consumer<Throwable> errorHandler(EventLoop loop) {
        return new LoopErrorHandler(Checks.notNull(loop, "loop"));
    }

    // ------------------------------------------------------------------ shared

    private static <T> Awaitable<T> maybeAwaitable(Maybe<T> maybe) {
        return Reactive.singleOrDefault(Checks.notNull(maybe, "maybe").toFlowable(), null);
    }

    private static Awaitable<Void> completionAwaitable(Completable completable) {
        return Reactive.completion(Checks.notNull(completable, "completable").toFlowable());
    }

    /**
     * Observable to Flowable for awaiting: every await but {@code iterate} requests everything, so the strategy
     * only matters for {@code iterate}, where BUFFER loses nothing (see {@link #iterate(Observable, int)}).
     */
    private static <T> Flowable<T> toFlowable(Observable<T> observable) {
        return Checks.notNull(observable, "observable").toFlowable(BackpressureStrategy.BUFFER);
    }

    /**
     * Wraps one of {@link Reactive}'s awaitables so that awaiting outside a task fails naming the AioRx method the
     * user called, before anything is subscribed.
     */
    private static <T> Awaitable<T> named(String method, Awaitable<T> inner, Object source) {
        return new Awaitable<>() {
            @Override
            public T await() {
                checkInTask(method);
                return inner.await();
            }

            @Override
            public String toString() {
                return method + " of " + source;
            }
        };
    }

    private static void checkInTask(String method) {
        CurrentTask.require(method);
    }
}
