package io.aio4j.reactive;

import io.aio4j.Async;
import io.aio4j.AsyncGenerator;
import io.aio4j.Awaitable;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.internal.Checks;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * Reactive Streams both ways, with nothing but the Reactive Streams interfaces and {@link java.util.concurrent.Flow}
 * (the Reactor and RxJava bridges build on this).
 *
 * <p><b>Into the loop</b>: awaitables over any {@link Publisher} or {@link Flow.Publisher} — {@link #first},
 * {@link #single}, {@link #last} (each with an {@code OrDefault} variant for an empty publisher), {@link #toList},
 * {@link #completion} — and {@link #iterate} for a {@code for} loop over its items with bounded prefetch. Each
 * await subscribes anew. Signals may come from any thread: they reach the task through
 * {@link EventLoop#callSoonThreadsafe}, or at once when they arrive on the loop itself (a value that is already
 * there costs no task switch). No thread ever blocks. Cancelling the awaiting task cancels the subscription before
 * the {@link java.util.concurrent.CancellationException} leaves the await.
 * {@snippet :
 * String name = Reactive.single(userService.findName(id)).await();   // a Mono<String>, from a task
 * }
 * <p><b>Out of the loop</b>: a {@link Future} or {@link io.aio4j.Task} is itself a hot publisher of its value
 * ({@link Future#subscribe}); {@link #fromCoroutine} makes a cold publisher that runs a coroutine as a new task for
 * each subscription; {@link #fromGenerator} makes a cold multi-item publisher whose body suspends at
 * {@code emit} while the subscriber's demand is zero. Cancelling the subscription cancels the task.
 * {@link #toFlow} and the {@code Flow} overloads adapt to {@code java.util.concurrent.Flow}.
 * <dl>
 *   <dt>asyncio</dt><dd>none; the counterpart of kotlinx.coroutines' {@code awaitFirst}/{@code asFlow} and
 *   {@code publish} for Reactive Streams.</dd>
 *   <dt>Errors nobody can receive</dt><dd>An error signal that arrives after the awaiting task stopped listening
 *   (it was cancelled, or its loop closed) goes to the loop's exception handler, never silently away; a
 *   {@link java.util.concurrent.CancellationException} is not reported.</dd>
 * </dl>
 */
public final class Reactive {
    private Reactive() {}

    // ------------------------------------------------------------------ into the loop

    /**
     * Awaits the first item, then cancels the subscription.
     *
     * @param <T>       the type of the items
     * @param publisher the source; subscribed at each await
     * @return an awaitable of the first item; it throws {@link java.util.NoSuchElementException} if the publisher
     *         completes empty, and the publisher's error as it is
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> first(Publisher<T> publisher) {
        return awaitable(publisher, ValueSubscriber.Mode.FIRST, false, null);
    }

    /**
     * Awaits the first item, or {@code defaultValue} if the publisher completes empty.
     *
     * @param <T>          the type of the items
     * @param publisher    the source; subscribed at each await
     * @param defaultValue the result for an empty publisher; may be null
     * @return an awaitable of the first item or the default
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> firstOrDefault(Publisher<T> publisher, T defaultValue) {
        return awaitable(publisher, ValueSubscriber.Mode.FIRST, true, defaultValue);
    }

    /**
     * Awaits the only item: waits for {@code onComplete} (a {@code Mono}'s await). The await throws
     * {@link java.util.NoSuchElementException} if the publisher completes empty and
     * {@link IllegalArgumentException} (cancelling the subscription) at a second item.
     *
     * @param <T>       the type of the items
     * @param publisher the source; subscribed at each await
     * @return an awaitable of the single item
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> single(Publisher<T> publisher) {
        return awaitable(publisher, ValueSubscriber.Mode.SINGLE, false, null);
    }

    /**
     * Awaits the only item, or {@code defaultValue} if the publisher completes empty; waits for
     * {@code onComplete}. {@code singleOrDefault(mono, null)} is the await of a {@code Mono} that may be empty.
     *
     * @param <T>          the type of the items
     * @param publisher    the source; subscribed at each await
     * @param defaultValue the result for an empty publisher; may be null
     * @return an awaitable of the single item or the default
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> singleOrDefault(Publisher<T> publisher, T defaultValue) {
        return awaitable(publisher, ValueSubscriber.Mode.SINGLE, true, defaultValue);
    }

    /**
     * Awaits the last item: requests everything and waits for {@code onComplete}.
     *
     * @param <T>       the type of the items
     * @param publisher the source; subscribed at each await
     * @return an awaitable of the last item; it throws {@link java.util.NoSuchElementException} if there is none
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> last(Publisher<T> publisher) {
        return awaitable(publisher, ValueSubscriber.Mode.LAST, false, null);
    }

    /**
     * Awaits the last item, or {@code defaultValue} if the publisher completes empty.
     *
     * @param <T>          the type of the items
     * @param publisher    the source; subscribed at each await
     * @param defaultValue the result for an empty publisher; may be null
     * @return an awaitable of the last item or the default
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> lastOrDefault(Publisher<T> publisher, T defaultValue) {
        return awaitable(publisher, ValueSubscriber.Mode.LAST, true, defaultValue);
    }

    /**
     * Awaits every item, in order, as a new mutable list (empty if the publisher completes empty).
     *
     * @param <T>       the type of the items
     * @param publisher the source; subscribed at each await
     * @return an awaitable of the items
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<List<T>> toList(Publisher<T> publisher) {
        return awaitable(publisher, ValueSubscriber.Mode.LIST, false, null);
    }

    /**
     * Awaits {@code onComplete}, ignoring items: a {@code Mono<Void>}'s or a {@code Completable}'s await.
     *
     * @param publisher the source; subscribed at each await
     * @return an awaitable whose result is null
     * @throws NullPointerException if {@code publisher} is null
     */
    public static Awaitable<Void> completion(Publisher<?> publisher) {
        return awaitable(publisher, ValueSubscriber.Mode.COMPLETION, false, null);
    }

    /**
     * {@link #first(Publisher)} for a {@link Flow.Publisher}.
     *
     * @param <T>       the type of the items
     * @param publisher the source
     * @return an awaitable of the first item
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> first(Flow.Publisher<T> publisher) {
        return first(fromFlow(publisher));
    }

    /**
     * {@link #firstOrDefault(Publisher, Object)} for a {@link Flow.Publisher}.
     *
     * @param <T>          the type of the items
     * @param publisher    the source
     * @param defaultValue the result for an empty publisher
     * @return an awaitable of the first item or the default
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> firstOrDefault(Flow.Publisher<T> publisher, T defaultValue) {
        return firstOrDefault(fromFlow(publisher), defaultValue);
    }

    /**
     * {@link #single(Publisher)} for a {@link Flow.Publisher}.
     *
     * @param <T>       the type of the items
     * @param publisher the source
     * @return an awaitable of the single item
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> single(Flow.Publisher<T> publisher) {
        return single(fromFlow(publisher));
    }

    /**
     * {@link #singleOrDefault(Publisher, Object)} for a {@link Flow.Publisher}.
     *
     * @param <T>          the type of the items
     * @param publisher    the source
     * @param defaultValue the result for an empty publisher
     * @return an awaitable of the single item or the default
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> singleOrDefault(Flow.Publisher<T> publisher, T defaultValue) {
        return singleOrDefault(fromFlow(publisher), defaultValue);
    }

    /**
     * {@link #last(Publisher)} for a {@link Flow.Publisher}.
     *
     * @param <T>       the type of the items
     * @param publisher the source
     * @return an awaitable of the last item
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<T> last(Flow.Publisher<T> publisher) {
        return last(fromFlow(publisher));
    }

    /**
     * {@link #toList(Publisher)} for a {@link Flow.Publisher}.
     *
     * @param <T>       the type of the items
     * @param publisher the source
     * @return an awaitable of the items
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Awaitable<List<T>> toList(Flow.Publisher<T> publisher) {
        return toList(fromFlow(publisher));
    }

    /**
     * {@link #completion(Publisher)} for a {@link Flow.Publisher}.
     *
     * @param publisher the source
     * @return an awaitable whose result is null
     * @throws NullPointerException if {@code publisher} is null
     */
    public static Awaitable<Void> completion(Flow.Publisher<?> publisher) {
        return completion(fromFlow(publisher));
    }

    /**
     * The items of {@code publisher} for a {@code for} loop inside a task, 256 at a time: see
     * {@link #iterate(Publisher, int)}.
     *
     * @param <T>       the type of the items
     * @param publisher the source; subscribed when the loop starts
     * @return the iterable; close it (try-with-resources) to cancel the subscription when leaving early
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> ReactiveIterable<T> iterate(Publisher<T> publisher) {
        return iterate(publisher, DEFAULT_PREFETCH);
    }

    /**
     * The items of {@code publisher} for a {@code for} loop inside a task, asking for {@code prefetch} items at a
     * time. {@code Integer.MAX_VALUE} means unbounded.
     * <dl><dt>asyncio</dt><dd>{@code async for item in aiter}.</dd></dl>
     *
     * @param <T>       the type of the items
     * @param publisher the source; subscribed when the loop starts
     * @param prefetch  how many items to ask for ahead of the consumer, at least 1
     * @return the iterable; close it (try-with-resources) to cancel the subscription when leaving early
     * @throws NullPointerException     if {@code publisher} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    public static <T> ReactiveIterable<T> iterate(Publisher<T> publisher, int prefetch) {
        Checks.notNull(publisher, "publisher");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1 but was " + prefetch
                    + "; use Integer.MAX_VALUE for unbounded demand");
        }
        return new ReactiveIterable<>(publisher, prefetch);
    }

    /**
     * {@link #iterate(Publisher, int)} for a {@link Flow.Publisher}.
     *
     * @param <T>       the type of the items
     * @param publisher the source
     * @param prefetch  how many items to ask for ahead of the consumer, at least 1
     * @return the iterable
     * @throws NullPointerException     if {@code publisher} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    public static <T> ReactiveIterable<T> iterate(Flow.Publisher<T> publisher, int prefetch) {
        return iterate(fromFlow(publisher), prefetch);
    }

    /**
     * Awaits a {@link CompletionStage} (a {@code CompletableFuture}, a driver's async result): each await wraps it
     * with {@link Async#wrapFuture}, so cancelling the awaiting task cancels the stage's future.
     *
     * @param <T>   the type of the result
     * @param stage the stage, completed on any thread
     * @return an awaitable of its result; a failure is thrown as the exception it completed with
     * @throws NullPointerException if {@code stage} is null
     */
    public static <T> Awaitable<T> fromStage(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        return () -> Async.wrapFuture(stage).await();
    }

    // ------------------------------------------------------------------ out of the loop

    /**
     * A cold publisher of a coroutine's result: each subscription runs {@code coro} as a new task of {@code loop},
     * created as soon as {@code onSubscribe} has returned (Reactor's {@code Mono.fromCallable}, kotlinx's
     * {@code mono}); cancelling the subscription cancels that task. The result is emitted as one item once
     * requested, then {@code onComplete} (just {@code onComplete} for a null result); a failure as {@code onError}
     * at once, requested or not (Reactive Streams rules 1.4, 1.9).
     * <dl><dt>Threading</dt><dd>Subscribe from any thread; the task runs when {@code loop} runs.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param loop the loop the tasks run on
     * @param coro the coroutine to run per subscription
     * @return the publisher
     * @throws NullPointerException if an argument is null
     */
    public static <T> Publisher<T> fromCoroutine(EventLoop loop, Coroutine<T> coro) {
        return new CoroutinePublisher<>(Checks.notNull(loop, "loop"), Checks.notNull(coro, "coro"));
    }

    /**
     * A cold multi-item publisher from an async generator body: each subscription runs {@code body} as a new task
     * of {@code loop}, started as soon as {@code onSubscribe} has returned (kotlinx's {@code publish}): it runs up
     * to its first {@code emit}, so a body that fails before emitting signals {@code onError} without any request
     * (Reactive Streams rules 1.4, 1.9). {@code emit} hands an item to {@code onNext} while there is
     * demand and suspends the body while there is none (backpressure); cancelling the subscription makes the
     * pending or next {@code emit} throw {@link java.util.concurrent.CancellationException}, so the body's
     * {@code finally} blocks run. The body ending is {@code onComplete}; its exception is {@code onError}.
     * Items must not be null (Reactive Streams rule 2.13): {@code emit(null)} throws
     * {@link NullPointerException}.
     * {@snippet :
     * Publisher<Integer> ticks = Reactive.fromGenerator(loop, out -> {
     *     for (int i = 0; i < 10; i++) {
     *         Async.sleep(Duration.ofSeconds(1));
     *         out.emit(i);
     *     }
     * });
     * }
     *
     * @param <T>  the type of the items
     * @param loop the loop the bodies run on
     * @param body the generator's body
     * @return the publisher
     * @throws NullPointerException if an argument is null
     */
    public static <T> Publisher<T> fromGenerator(EventLoop loop, AsyncGenerator.Body<T> body) {
        return new GeneratorPublisher<>(Checks.notNull(loop, "loop"), Checks.notNull(body, "body"));
    }

    /**
     * Adapts a Reactive Streams publisher (a {@link Future}, a {@link io.aio4j.Task}, or one made here) to
     * {@link Flow.Publisher}.
     *
     * @param <T>       the type of the items
     * @param publisher the publisher
     * @return the same publisher seen through {@code java.util.concurrent.Flow}
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Flow.Publisher<T> toFlow(Publisher<T> publisher) {
        return FlowAdapters.toFlowPublisher(Checks.notNull(publisher, "publisher"));
    }

    // ------------------------------------------------------------------ shared

    /** How many items {@link #iterate(Publisher)} asks for at a time: Reactor's and RxJava's default buffer size. */
    static final int DEFAULT_PREFETCH = 256;

    private static <T> Publisher<T> fromFlow(Flow.Publisher<T> publisher) {
        return FlowAdapters.toPublisher(Checks.notNull(publisher, "publisher"));
    }

    private static <T, R> Awaitable<R> awaitable(Publisher<T> publisher, ValueSubscriber.Mode mode,
            boolean hasDefault, T defaultValue) {
        return new PublisherAwaitable<>(Checks.notNull(publisher, "publisher"), mode, hasDefault, defaultValue);
    }
}
