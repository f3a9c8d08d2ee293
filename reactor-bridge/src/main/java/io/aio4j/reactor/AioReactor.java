package io.aio4j.reactor;

import io.aio4j.AsyncGenerator;
import io.aio4j.Awaitable;
import io.aio4j.ContextVar;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.EventLoopGroup;
import io.aio4j.Future;
import io.aio4j.internal.Checks;
import io.aio4j.internal.Errors;
import io.aio4j.reactive.Reactive;
import io.aio4j.reactive.ReactiveIterable;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Reactor both ways: futures, coroutines and async generators as {@link Mono} and {@link Flux}; a task awaiting or
 * iterating a Mono or Flux; and a Reactor {@link Scheduler} that runs work on an event loop. A thin layer over
 * {@link Reactive}, which does the Reactive Streams work; this class adds the Reactor types, the
 * {@link reactor.util.context.Context} &lt;-&gt; {@link ContextVar} mapping and the scheduler.
 * <table>
 *   <caption>Entry points</caption>
 *   <tr><th>method</th><th>what</th><th>kotlinx.coroutines-reactor</th></tr>
 *   <tr><td>{@link #mono(Future)}</td><td>a future or task as a hot Mono</td><td>{@code Deferred.asMono}</td></tr>
 *   <tr><td>{@link #mono(EventLoop, Coroutine)}</td><td>a cold Mono: one task per subscription</td>
 *       <td>{@code mono { }}</td></tr>
 *   <tr><td>{@link #flux(EventLoop, AsyncGenerator.Body)}</td><td>a cold, backpressured Flux from a generator
 *       body</td><td>{@code flux { }}</td></tr>
 *   <tr><td>{@link #await(Mono)}, {@link #awaitable(Mono)}, {@link #awaitOptional(Mono)}</td><td>a Mono's value,
 *       in a task</td><td>{@code Mono.awaitSingleOrNull}</td></tr>
 *   <tr><td>{@link #awaitList(Flux)}, {@link #iterate(Flux, int)}</td><td>a Flux's items, in a task</td>
 *       <td>{@code Flux.asFlow().toList()}, {@code asFlow().collect}</td></tr>
 *   <tr><td>{@link #scheduler(EventLoop)}</td><td>{@code publishOn}/{@code subscribeOn} onto a loop</td>
 *       <td>none (the reverse of {@code Scheduler.asCoroutineDispatcher})</td></tr>
 * </table>
 * <dl>
 *   <dt>Threading</dt><dd>Signals of the Monos and Fluxes made here are sent on the loop (from its tasks or
 *   callbacks): never block in a subscriber of one; move the work off with {@code publishOn} if it is slow. The
 *   awaits and {@code iterate} are called in a task; the Mono or Flux may signal on any thread, and its signals
 *   reach the task through {@link EventLoop#callSoonThreadsafe}, or at once when they arrive on the loop itself.
 *   Never call Reactor's {@code block()} in a task: it blocks the loop. Await instead.</dd>
 *   <dt>Cancellation</dt><dd>Crosses the bridge both ways, at once (DESIGN §5): cancelling a subscription to a Mono
 *   or Flux made here cancels its task; cancelling a task that awaits or iterates a Mono or Flux cancels the
 *   subscription before the {@link java.util.concurrent.CancellationException} leaves the await.</dd>
 *   <dt>Errors</dt><dd>Exceptions keep their identity both ways: what a coroutine or body throws is the object the
 *   subscriber's {@code onError} gets, and what a Mono or Flux signals is the object the await throws (a checked one
 *   wrapped in {@link java.util.concurrent.CompletionException}). An error that arrives after the awaiting task
 *   stopped listening goes to the loop's exception handler; a {@code CancellationException} is never reported.</dd>
 *   <dt>Context</dt><dd>A Reactor context entry whose key is a {@link ContextVar} is that variable's value. The
 *   task that {@link #mono(EventLoop, Coroutine)} or {@link #flux(EventLoop, AsyncGenerator.Body)} starts for a
 *   subscription sets those variables first; a task that awaits or iterates a Mono or Flux here shows its
 *   variables (those with a non-null value) to the operators upstream as context entries, read when it
 *   subscribes. No await copies the task's variables into a Reactor context: operators upstream read them through a
 *   view of an O(1) snapshot, and a Reactor context is built from them only if an operator enumerates or extends it
 *   ({@code contextWrite} upstream). A subscriber context without {@code ContextVar} keys changes nothing in the
 *   task. Thread-locals (MDC, tracing) registered with Micrometer's context-propagation, and variables exposed
 *   through a {@link ContextVarAccessor}, cross too once {@link AioContextPropagation#enable()} was called.</dd>
 * </dl>
 * {@snippet :
 * static final ContextVar<String> USER = ContextVar.named("user");
 *
 * Mono<String> greeting = AioReactor.mono(loop, () -> {
 *     Async.sleep(Duration.ofMillis(10));
 *     return "hello " + USER.get();                    // from the subscriber's Reactor context
 * });
 * greeting.contextWrite(Context.of(USER, "ada")).subscribe(System.out::println);
 *
 * loop.createTask(() -> {
 *     String page = AioReactor.await(webClient.get().retrieve().bodyToMono(String.class));
 *     for (Long tick : AioReactor.iterate(Flux.interval(Duration.ofSeconds(1)).take(3))) {
 *         System.out.println(tick + ": " + page.length());
 *     }
 *     return null;
 * });
 * }
 */
public final class AioReactor {
    private AioReactor() {}

    // ------------------------------------------------------------------ out of the loop

    /**
     * A {@link Future} or {@link io.aio4j.Task} as a Mono of its result: {@code onNext(result)} then
     * {@code onComplete} once it finishes; an empty Mono for a null result; {@code onError} with the very exception
     * it failed with; {@code onError(CancellationException)} if it was cancelled.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Hot: the future runs whether or not anyone subscribes, and every subscriber gets the
     *   same outcome. Cancelling a subscription before the outcome arrived cancels the future (a task sees the
     *   {@code CancellationException} at its current await), like Reactor's {@code Mono.fromFuture}; if several
     *   subscribers share one task and none should stop it alone, pass {@code Async.shield(task)}. Each
     *   subscriber is subscribed to the future itself, as {@code Mono.fromDirect} does, so no operator cancels the
     *   future after its item.</dd>
     *   <dt>Backpressure</dt><dd>One item, sent once requested.</dd>
     *   <dt>Threading</dt><dd>Subscribe from any thread; signals are sent on the future's loop (inside
     *   {@code request} when it is called on the loop and the future is done).</dd>
     * </dl>
     *
     * @param <T>    the type of the result
     * @param future the future or task
     * @return a Mono of its outcome
     * @throws NullPointerException if {@code future} is null
     */
    public static <T> Mono<T> mono(Future<T> future) {
        return FutureToMono.of(Checks.notNull(future, "future"));
    }

    /**
     * A Mono that runs {@code coro} as a new task of {@code loop} for each subscription, created when it
     * subscribes (like {@code Mono.fromCallable}); once requested: {@code onNext(result)} then {@code onComplete}; an empty Mono for a null result; {@code onError}
     * with the very exception the coroutine threw.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold: nothing runs until a subscriber requests; each subscription runs a task of its
     *   own. Cancelling the subscription cancels that task (its {@code finally} blocks run).</dd>
     *   <dt>Backpressure</dt><dd>One item.</dd>
     *   <dt>Context</dt><dd>The task sets, first thing, every {@link ContextVar} that is a key of the subscriber's
     *   Reactor context to the entry's value ({@code contextWrite(Context.of(VAR, "x"))}), in its own context, a
     *   copy of the context current where the loop created it. The value must have the variable's type: a wrong
     *   one fails where the task reads it, with a {@code ClassCastException}.</dd>
     *   <dt>Threading</dt><dd>Subscribe from any thread; the task runs when {@code loop} runs; signals are sent
     *   on the loop. If {@code loop} is closed, the subscriber gets {@code onError(IllegalStateException)}.</dd>
     *   <dt>asyncio</dt><dd>{@code loop.create_task(coro())} per subscription.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param loop the loop the tasks run on
     * @param coro the coroutine, run anew for each subscription
     * @return a cold Mono of the coroutine's result
     * @throws NullPointerException if an argument is null
     */
    public static <T> Mono<T> mono(EventLoop loop, Coroutine<T> coro) {
        Checks.notNull(loop, "loop");
        Checks.notNull(coro, "coro");
        return Mono.deferContextual(
                ctx -> Mono.fromDirect(Reactive.fromCoroutine(loop,
                        ContextBridge.settingVars(ctx, ThreadLocalBridge.adopting(ctx, coro)))));
    }

    /**
     * A Flux whose items an async generator body emits, run as a new task of {@code loop} for each subscription,
     * started when it subscribes and suspended at its first {@code emit} until there is demand. The body ending is {@code onComplete}; what it throws is {@code onError}, the
     * very object.
     * <dl>
     *   <dt>Hot/cold</dt><dd>Cold: each subscription runs the body anew. Cancelling the subscription makes the
     *   body's pending or next {@code emit} throw {@link java.util.concurrent.CancellationException} (or cancels
     *   the task where it is suspended elsewhere), so its {@code finally} blocks run.</dd>
     *   <dt>Backpressure</dt><dd>Honoured: {@code emit} hands the item to {@code onNext} while the subscriber's
     *   demand is positive and suspends the body while it is zero, until the next {@code request}. A subscriber
     *   that keeps ahead of the body ({@code limitRate(256)}, a large request) costs no loop round trip per item.
     *   Items must not be null: {@code emit(null)} throws {@link NullPointerException}.</dd>
     *   <dt>Context</dt><dd>As {@link #mono(EventLoop, Coroutine)}: the body's task sets the {@link ContextVar}s
     *   that are keys of the subscriber's Reactor context before the body runs.</dd>
     *   <dt>Threading</dt><dd>Subscribe and request from any thread; items are sent on the loop, by the body's
     *   task.</dd>
     *   <dt>asyncio</dt><dd>an {@code async def} generator, iterated by the subscriber.</dd>
     * </dl>
     * {@snippet :
     * Flux<Integer> ticks = AioReactor.flux(loop, out -> {
     *     for (int i = 0; i < 10; i++) {
     *         Async.sleep(Duration.ofMillis(100));
     *         out.emit(i);                     // suspends while the subscriber asks for nothing
     *     }
     * });
     * }
     *
     * @param <T>  the type of the items
     * @param loop the loop the bodies run on
     * @param body the generator's body, run anew for each subscription
     * @return a cold Flux of the emitted items
     * @throws NullPointerException if an argument is null
     */
    public static <T> Flux<T> flux(EventLoop loop, AsyncGenerator.Body<T> body) {
        Checks.notNull(loop, "loop");
        Checks.notNull(body, "body");
        return Flux.deferContextual(ctx -> Reactive.fromGenerator(loop,
                ContextBridge.settingVars(ctx, ThreadLocalBridge.adopting(ctx, body))));
    }

    // ------------------------------------------------------------------ into the loop

    /**
     * Subscribes to {@code mono} and waits, suspending the calling task (never blocking a thread), for its
     * {@code onComplete}; returns its value, or <b>null if it completed empty</b> (use {@link #awaitOptional} to
     * tell an empty Mono from a null-free one without a sentinel). A value that is already there ({@code Mono.just},
     * a done future's Mono) is returned without suspending the task. A scalar Mono ({@code Mono.just},
     * {@code Mono.empty}, {@code Mono.error}: Reactor's {@code Fuseable.ScalarCallable}) is read without
     * subscribing, as Reactor's own operators fuse scalar sources (its value needs no subscription, and its
     * upstream has no operator that could read the task's context). Likewise {@link #mono(Future)} of a future of
     * the calling task's loop, awaited as it is (no operator in between): the task awaits the future itself, with
     * the outcome and cancellation a subscription would give, and resumes in the loop iteration after the future
     * completes, as a direct {@code future.await()} does.
     * <dl>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels the subscription before the
     *   {@link java.util.concurrent.CancellationException} leaves this method.</dd>
     *   <dt>Context</dt><dd>The operators upstream see the calling task's {@link ContextVar}s as Reactor context
     *   entries keyed by the variables ({@code Mono.deferContextual(ctx -> ... ctx.get(VAR))}), as they are when
     *   this is called.</dd>
     *   <dt>Threading</dt><dd>Only in a task; {@code mono} may signal on any thread.</dd>
     *   <dt>Errors</dt><dd>An error signal that arrives after the task was cancelled goes to the loop's exception
     *   handler (unless it is a {@code CancellationException}).</dd>
     *   <dt>asyncio</dt><dd>{@code await} of a foreign awaitable.</dd>
     * </dl>
     *
     * @param <T>  the type of the value
     * @param mono the Mono, subscribed once by this call
     * @return its value, or null if it completed empty
     * @throws RuntimeException               the very exception {@code mono} signalled, if unchecked (an
     *                                        {@link Error} is thrown as it is too)
     * @throws java.util.concurrent.CompletionException wrapping a checked exception {@code mono} signalled
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     * @throws IllegalStateException          if not called from a task of a running loop
     * @throws NullPointerException           if {@code mono} is null
     */
    public static <T> T await(Mono<T> mono) {
        Checks.notNull(mono, "mono");
        return MonoAwaiter.await(mono, "AioReactor.await(mono)");
    }

    /**
     * {@link #await(Mono)} as an {@link Awaitable}, for {@code Async.gather}, {@code Async.waitFor},
     * {@code Async.ensureFuture} and the like. Each {@code await()} subscribes anew, so a cold Mono runs once per
     * await; the same rules of cancellation, context and errors apply.
     * {@snippet :
     * List<String> both = Async.gather(AioReactor.awaitable(monoA), AioReactor.awaitable(monoB)).await();
     * String fast = Async.waitFor(AioReactor.awaitable(slowMono), Duration.ofSeconds(1));
     * }
     *
     * @param <T>  the type of the value
     * @param mono the Mono, subscribed at each await
     * @return an awaitable of its value, null if it completes empty
     * @throws NullPointerException if {@code mono} is null
     */
    public static <T> Awaitable<T> awaitable(Mono<T> mono) {
        Checks.notNull(mono, "mono");
        String method = "AioReactor.awaitable(mono).await()";
        return new ReactorAwaitable<>(method, mono, () -> MonoAwaiter.await(mono, method));
    }

    /**
     * Like {@link #awaitable(Mono)}, with the value in an {@link Optional}: empty if the Mono completed empty.
     *
     * @param <T>  the type of the value
     * @param mono the Mono, subscribed at each await
     * @return an awaitable of its value, if any
     * @throws NullPointerException if {@code mono} is null
     */
    public static <T> Awaitable<Optional<T>> awaitOptional(Mono<T> mono) {
        Checks.notNull(mono, "mono");
        String method = "AioReactor.awaitOptional(mono).await()";
        return new ReactorAwaitable<>(method, mono, () -> Optional.ofNullable(MonoAwaiter.await(mono, method)));
    }

    /**
     * Awaits every item of {@code flux}, in order, as a new mutable list (empty if it completes empty): it requests
     * everything and waits for {@code onComplete}. The same rules of cancellation, context and errors as
     * {@link #await(Mono)} apply. For a long or endless Flux, use {@link #iterate(Flux, int)}.
     * <dl><dt>Threading</dt><dd>Only from a task; suspends it, never blocks.</dd></dl>
     *
     * @param <T>  the type of the items
     * @param flux the Flux, subscribed now
     * @return its items
     * @throws NullPointerException  if {@code flux} is null
     * @throws IllegalStateException if not called from a task
     */
    public static <T> List<T> awaitList(Flux<T> flux) {
        return listAwaitable(flux, "AioReactor.awaitList(flux)").await();
    }

    /**
     * {@link #awaitList(Flux)} as an awaitable, for {@code Async.gather}, {@code Async.waitFor} and the like; each
     * {@code await()} subscribes again.
     *
     * @param <T>  the type of the items
     * @param flux the Flux, subscribed at each await
     * @return an awaitable of its items
     * @throws NullPointerException if {@code flux} is null
     */
    public static <T> Awaitable<List<T>> awaitableList(Flux<T> flux) {
        return listAwaitable(flux, "AioReactor.awaitableList(flux).await()");
    }

    private static <T> Awaitable<List<T>> listAwaitable(Flux<T> flux, String method) {
        Checks.notNull(flux, "flux");
        return new ReactorAwaitable<>(method, flux, Reactive.toList(new TaskContextPublisher<>(flux)));
    }

    /**
     * The items of {@code flux} for a plain {@code for} loop inside a task ({@code async for}), asking for
     * {@code prefetch} items ahead and for more each time three quarters of them were consumed: see
     * {@link ReactiveIterable}. Close it (try-with-resources) to cancel the subscription when leaving the loop
     * early; cancelling the iterating task cancels it too. The task's {@link ContextVar}s are visible upstream as
     * with {@link #await(Mono)}, as they are when iteration starts.
     * {@snippet :
     * try (var prices = AioReactor.iterate(priceFlux, 64)) {
     *     for (Price p : prices) {        // each step may suspend the task
     *         record(p);
     *     }
     * }
     * }
     *
     * @param <T>      the type of the items
     * @param flux     the Flux, subscribed when iteration starts
     * @param prefetch how many items to ask for ahead of the consumer, at least 1
     * @return the iterable; it can be iterated once
     * @throws NullPointerException     if {@code flux} is null
     * @throws IllegalArgumentException if {@code prefetch} is less than 1
     */
    public static <T> ReactiveIterable<T> iterate(Flux<T> flux, int prefetch) {
        Checks.notNull(flux, "flux");
        return Reactive.iterate(new TaskContextPublisher<>(flux), prefetch);
    }

    /**
     * {@link #iterate(Flux, int)} with a prefetch of 256 items, Reactor's default buffer size.
     *
     * @param <T>  the type of the items
     * @param flux the Flux, subscribed when iteration starts
     * @return the iterable; it can be iterated once
     * @throws NullPointerException if {@code flux} is null
     */
    public static <T> ReactiveIterable<T> iterate(Flux<T> flux) {
        Checks.notNull(flux, "flux");
        return Reactive.iterate(new TaskContextPublisher<>(flux));
    }

    // ------------------------------------------------------------------ scheduler

    /**
     * A Reactor {@link Scheduler} that runs work as callbacks of {@code loop}, so that
     * {@code publishOn(AioReactor.scheduler(loop))} and {@code subscribeOn(...)} run the operators downstream
     * (upstream) on the loop, where loop-only methods may be called and {@code loop.inEventLoop()} is true.
     * <ul>
     *   <li>{@code schedule(task)}: a {@link EventLoop#callSoonThreadsafe} callback; from any thread.</li>
     *   <li>{@code schedule(task, delay, unit)}: a {@link EventLoop#callLater} timer on the loop's clock.</li>
     *   <li>{@code schedulePeriodically}: fixed rate on the loop's clock (a late run is not skipped: the next one
     *   follows at once); a period of zero or less runs the task at every loop iteration. {@code Flux.interval}
     *   works on it.</li>
     *   <li>Workers run their tasks one at a time in order (they are callbacks of one loop), track them, and
     *   cancel the pending ones when disposed.</li>
     * </ul>
     * <dl>
     *   <dt>Lifecycle</dt><dd>Disposing the scheduler cancels its pending tasks and workers and makes it refuse new
     *   work with {@link java.util.concurrent.RejectedExecutionException}; it does <b>not</b> close or stop the
     *   loop, which belongs to its owner. Each call returns a new scheduler; disposing one leaves the others
     *   alone. Once the loop is closed, scheduling fails with {@code RejectedExecutionException}.</dd>
     *   <dt>Errors</dt><dd>A task that throws is reported to the loop's exception handler, like any callback, and
     *   the loop goes on; a periodic task stops at its first exception.</dd>
     *   <dt>Threading</dt><dd>Any method from any thread; the work runs only while the loop runs.
     *   {@link Scheduler#now} is Reactor's default wall clock; delays use the loop's clock.</dd>
     *   <dt>Context</dt><dd>Each task runs, like any callback, in a copy of the aio4j context current where it was
     *   scheduled.</dd>
     * </dl>
     *
     * @param loop the loop to run work on
     * @return a new scheduler on {@code loop}
     * @throws NullPointerException  if {@code loop} is null
     * @throws IllegalStateException if {@code loop} is closed
     */
    public static Scheduler scheduler(EventLoop loop) {
        Checks.notNull(loop, "loop");
        if (loop.isClosed()) {
            throw Errors.closed(loop, "AioReactor.scheduler()");
        }
        return new LoopScheduler(loop);
    }

    /**
     * A Reactor {@link Scheduler} over every loop of {@code group}: direct tasks go round robin over the loops, and
     * each worker is pinned to one loop (chosen round robin when it is created), so a worker's tasks keep their
     * order and never run in parallel, like the workers of Reactor's {@code Schedulers.parallel()}. Each loop's
     * share behaves as {@link #scheduler(EventLoop)}. This is how a WebFlux service spreads independent work
     * over one loop per core: {@code flux.parallel().runOn(AioReactor.scheduler(group))}, or
     * {@code publishOn} per request.
     * <dl>
     *   <dt>Lifecycle</dt><dd>Disposing the scheduler cancels its pending work on every loop; it does not shut the
     *   group down, which belongs to its owner.</dd>
     *   <dt>Threading</dt><dd>Any method from any thread.</dd>
     * </dl>
     *
     * @param group the loops to run work on
     * @return a new scheduler over the group's loops
     * @throws NullPointerException if {@code group} is null
     */
    public static Scheduler scheduler(EventLoopGroup group) {
        Checks.notNull(group, "group");
        return new GroupScheduler(group);
    }
}
