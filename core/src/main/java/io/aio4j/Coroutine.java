package io.aio4j;

import io.aio4j.internal.Errors;
import java.util.concurrent.CompletionException;

/**
 * The body of an asynchronous function: an ordinary lambda that may {@linkplain Awaitable#await await}.
 *
 * <p>Awaiting a coroutine runs its body inline on the calling task, like {@code await coro()} in Python: no
 * new task, no scheduling. To run it concurrently, wrap it in a task with {@link Async#createTask(Coroutine)}.
 * A coroutine object can be run any number of times; each {@link #await()} or task runs the body anew.
 * {@snippet :
 * Coroutine<String> fetch = () -> {
 *     Async.sleep(Duration.ofMillis(10));
 *     return "data";
 * };
 * String s = Async.run(fetch);
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>an {@code async def} function's coroutine object.</dd>
 *   <dt>Threading</dt><dd>{@link #await()} only from a task of a running loop.</dd>
 * </dl>
 *
 * @param <T> the type of the result ({@code Void} and {@code return null} for none)
 */
@FunctionalInterface
public interface Coroutine<T> extends Awaitable<T> {
    /**
     * The body. Runs on a task; may await; its return value is the result, what it throws is the error.
     *
     * @return the result
     * @throws Exception anything; awaiters receive unchecked ones as they are and checked ones wrapped in
     *         {@link CompletionException}
     */
    T call() throws Exception;

    /**
     * Runs the body inline on the calling task and returns its result.
     *
     * @return what the body returned
     * @throws CompletionException wrapping a checked exception thrown by the body
     * @throws IllegalStateException if not called from a task of a running loop
     */
    @Override
    default T await() {
        if (!Async.inTask()) {
            throw Errors.awaitOutsideTask("Coroutine.await()");
        }
        try {
            return call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
