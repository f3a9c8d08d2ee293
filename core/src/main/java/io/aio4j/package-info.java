/**
 * asyncio for the JVM: a single-threaded event loop with tasks, futures and {@code await}.
 *
 * <p>Where to find asyncio's names (DESIGN §4: asyncio's name in camelCase, on the matching type):
 * <table>
 *   <caption>asyncio module to aio4j type</caption>
 *   <tr><th>asyncio</th><th>aio4j</th></tr>
 *   <tr><td>{@code asyncio.run}, {@code create_task}, {@code current_task}, {@code all_tasks},
 *       {@code get_running_loop}, {@code sleep}</td><td>{@link io.aio4j.Async}</td></tr>
 *   <tr><td>{@code runners.py}: {@code Runner}</td><td>{@link io.aio4j.Runner}</td></tr>
 *   <tr><td>{@code events.py}: {@code AbstractEventLoop}, {@code Handle}, {@code TimerHandle},
 *       {@code new_event_loop}</td><td>{@link io.aio4j.EventLoop}, {@link io.aio4j.Handle},
 *       {@link io.aio4j.TimerHandle}</td></tr>
 *   <tr><td>{@code futures.py}: {@code Future}</td><td>{@link io.aio4j.Future}</td></tr>
 *   <tr><td>{@code tasks.py}: {@code Task}; {@code eager_task_factory}, {@code create_eager_task_factory};
 *       {@code loop.set_task_factory}</td><td>{@link io.aio4j.Task}, {@link io.aio4j.TaskOptions};
 *       {@link io.aio4j.TaskFactory#EAGER}, {@link io.aio4j.TaskFactory#eager};
 *       {@link io.aio4j.EventLoop#setTaskFactory}</td></tr>
 *   <tr><td>{@code tasks.py}: {@code gather}, {@code wait}, {@code wait_for}, {@code shield},
 *       {@code as_completed}, {@code ensure_future}, {@code FIRST_COMPLETED}...</td>
 *       <td>{@link io.aio4j.Async#gather(Awaitable[])}, {@link io.aio4j.Async#wait(java.util.Collection)},
 *       {@link io.aio4j.Async#waitFor}, {@link io.aio4j.Async#shield}, {@link io.aio4j.Async#asCompleted(java.util.Collection)},
 *       {@link io.aio4j.Async#ensureFuture}, {@link io.aio4j.ReturnWhen}, {@link io.aio4j.GatherOptions},
 *       {@link io.aio4j.WaitResult}</td></tr>
 *   <tr><td>{@code timeouts.py}: {@code timeout}, {@code timeout_at}, {@code Timeout}; {@code TimeoutError}</td>
 *       <td>{@link io.aio4j.Async#timeout}, {@link io.aio4j.Async#timeoutAt}, {@link io.aio4j.Timeout};
 *       {@link io.aio4j.AsyncTimeoutException}</td></tr>
 *   <tr><td>{@code taskgroups.py}: {@code TaskGroup}; {@code ExceptionGroup}</td>
 *       <td>{@link io.aio4j.TaskGroup}; {@link io.aio4j.TaskGroupException}</td></tr>
 *   <tr><td>{@code locks.py}: {@code Lock}, {@code Event}, {@code Condition}, {@code Semaphore},
 *       {@code BoundedSemaphore}, {@code Barrier}, {@code BrokenBarrierError}</td><td>{@link io.aio4j.Lock},
 *       {@link io.aio4j.Event}, {@link io.aio4j.Condition}, {@link io.aio4j.Semaphore},
 *       {@link io.aio4j.BoundedSemaphore}, {@link io.aio4j.Barrier}, {@link io.aio4j.BrokenBarrierException};
 *       {@code async with} is {@code try (var held = lock.acquire())}, see {@link io.aio4j.Held}</td></tr>
 *   <tr><td>{@code queues.py}: {@code Queue}, {@code PriorityQueue}, {@code LifoQueue}, {@code QueueEmpty},
 *       {@code QueueFull}, {@code QueueShutDown}</td><td>{@link io.aio4j.Queue}, {@link io.aio4j.PriorityQueue},
 *       {@link io.aio4j.LifoQueue}, {@link io.aio4j.QueueEmptyException}, {@link io.aio4j.QueueFullException},
 *       {@link io.aio4j.QueueShutDownException}</td></tr>
 *   <tr><td>{@code contextvars}: {@code ContextVar}, {@code Context}, {@code copy_context}</td>
 *       <td>{@link io.aio4j.ContextVar}, {@link io.aio4j.Context}</td></tr>
 *   <tr><td>{@code threads.py}: {@code to_thread}; {@code run_coroutine_threadsafe}, {@code wrap_future};
 *       {@code loop.run_in_executor}</td><td>{@link io.aio4j.Async#toThread},
 *       {@link io.aio4j.Async#runCoroutineThreadsafe}, {@link io.aio4j.Async#wrapFuture},
 *       {@link io.aio4j.EventLoop#runInExecutor}</td></tr>
 *   <tr><td>{@code subprocess.py}: {@code create_subprocess_exec}, {@code create_subprocess_shell},
 *       {@code Process}, {@code PIPE}, {@code DEVNULL}, {@code STDOUT}</td>
 *       <td>{@link io.aio4j.Async#createSubprocessExec(String, String...)},
 *       {@link io.aio4j.Async#createSubprocessShell(String)}, {@link io.aio4j.streams.Subprocess},
 *       {@link io.aio4j.streams.Stdio}, {@link io.aio4j.streams.SubprocessOptions}</td></tr>
 *   <tr><td>async generators, {@code async for}</td><td>{@link io.aio4j.AsyncGenerator}</td></tr>
 *   <tr><td>(no asyncio module; Netty's {@code EventLoopGroup}): one loop per core</td>
 *       <td>{@link io.aio4j.EventLoopGroup}</td></tr>
 *   <tr><td>(no asyncio module): Reactive Streams and {@code java.util.concurrent.Flow}, both ways</td>
 *       <td>{@link io.aio4j.reactive.Reactive}; {@link io.aio4j.Future#subscribe}</td></tr>
 *   <tr><td>{@code exceptions.py}: {@code CancelledError}, {@code InvalidStateError}</td>
 *       <td>{@link java.util.concurrent.CancellationException}, {@link io.aio4j.InvalidStateException}</td></tr>
 *   <tr><td>{@code __await__}, {@code async def}</td><td>{@link io.aio4j.Awaitable},
 *       {@link io.aio4j.Coroutine}</td></tr>
 *   <tr><td>exception handler and its context</td><td>{@link io.aio4j.ExceptionHandler},
 *       {@link io.aio4j.ExceptionContext}</td></tr>
 *   <tr><td>{@code streams.py}: {@code open_connection}, {@code start_server}, {@code StreamReader},
 *       {@code StreamWriter}</td><td>{@link io.aio4j.Async#openConnection}, {@link io.aio4j.Async#startServer},
 *       {@link io.aio4j.streams}</td></tr>
 *   <tr><td>{@code streams.py}: {@code open_unix_connection}, {@code start_unix_server}; {@code
 *       loop.create_datagram_endpoint}</td><td>{@link io.aio4j.Async#openUnixConnection},
 *       {@link io.aio4j.Async#startUnixServer}; {@link io.aio4j.streams.DatagramEndpoint}</td></tr>
 *   <tr><td>debug mode: {@code asyncio.run(debug=True)}, {@code PYTHONASYNCIODEBUG}; the test suite's
 *       {@code TestLoop}</td><td>{@link io.aio4j.Async#run(Coroutine, boolean)}, {@code -Daio4j.debug=true};
 *       {@link io.aio4j.VirtualTimeLoop}; tool hooks in {@link io.aio4j.LoopInstrumentation}</td></tr>
 * </table>
 *
 * <p>How tasks suspend is chosen per loop ({@link io.aio4j.Backend}); semantics are the same under both.
 *
 * <p>Why the loop machinery (ready queue, timer heap, the two suspension backends) lives in this package as
 * package-private classes rather than in {@code io.aio4j.internal}: it needs the loop-only parts of {@link
 * io.aio4j.Task} and {@link io.aio4j.Future} (resuming a task, scheduling its step), and Java's package privacy is
 * the only way to keep those off the public API without an accessor trampoline on every await. What needs no
 * public type ({@code Checks}, {@code Errors}, {@code Constants}, the continuation method handles) is in
 * {@code io.aio4j.internal}.
 */
package io.aio4j;
