package io.aio4j;

import io.aio4j.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * asyncio's module-level functions: running a program, creating tasks, sleeping, and finding the running loop.
 * {@snippet :
 * String greeting = Async.run(() -> {
 *     Task<String> t = Async.createTask(() -> {
 *         Async.sleep(Duration.ofMillis(10));
 *         return "world";
 *     });
 *     return "hello " + t.await();
 * });
 * }
 * <dl><dt>Threading</dt><dd>{@link #run} from a thread that runs no loop; everything else from a task (or, where
 * said, a callback) of a running loop.</dd></dl>
 */
public final class Async {
    private Async() {}

    /**
     * Runs {@code main} on a new event loop and returns its result: then cancels the tasks still pending, waits for
     * them to finish, and closes the loop.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run(main)}.</dd>
     *   <dt>Threading</dt><dd>Any thread that runs no loop; blocks it until done.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param main the program
     * @return what {@code main} returned
     * @throws java.util.concurrent.CancellationException if {@code main} was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception thrown by {@code main}; an
     *         unchecked one is thrown as it is
     * @throws IllegalStateException if called from a thread that runs a loop (a task or callback)
     * @throws NullPointerException  if {@code main} is null
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, EventLoop.DEBUG_BY_DEFAULT);
    }

    /**
     * Like {@link #run(Coroutine)}, with debug mode on or off for the new loop ({@link EventLoop#setDebug}): in
     * debug mode the loop checks the thread of every loop-only call, warns about slow steps naming the task and
     * where it awaits, and records where each future and task was created for the reports about them.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run(main, debug=True)}.</dd>
     *   <dt>Threading</dt><dd>Any thread that runs no loop; blocks it until done.</dd>
     * </dl>
     *
     * @param <T>   the type of the result
     * @param main  the program
     * @param debug whether the loop runs in debug mode (else as the system property {@code aio4j.debug} says:
     *              {@link #run(Coroutine)} reads it)
     * @return what {@code main} returned
     * @throws java.util.concurrent.CancellationException if {@code main} was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception thrown by {@code main}; an
     *         unchecked one is thrown as it is
     * @throws IllegalStateException if called from a thread that runs a loop (a task or callback)
     * @throws NullPointerException  if {@code main} is null
     */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        Checks.notNull(main, "main");
        if (ActiveLoops.current() != null) {
            throw new IllegalStateException("Async.run() cannot be called from a running event loop (thread \""
                    + Thread.currentThread().getName() + "\" runs " + ActiveLoops.current()
                    + "); await the coroutine instead");
        }
        EventLoop loop = EventLoop.newEventLoop();
        loop.setDebug(debug);
        try (Runner runner = new Runner(loop)) {
            return runner.run(main);
        }
    }

    /**
     * Wraps {@code coro} in a task on the running loop and schedules it.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.create_task(coro)}.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop.</dd>
     * </dl>
     *
     * @param <T>  the type of the result
     * @param coro the body
     * @return the task
     * @throws IllegalStateException if no loop is running on this thread
     * @throws NullPointerException  if {@code coro} is null
     */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        Checks.notNull(coro, "coro");
        return RunningLoop.get("Async.createTask()").createTask(coro);
    }

    /**
     * Wraps {@code coro} in a named task on the running loop and schedules it.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.create_task(coro, name=name)}.</dd></dl>
     *
     * @param <T>  the type of the result
     * @param coro the body
     * @param name the task's name
     * @return the task
     * @throws IllegalStateException if no loop is running on this thread
     * @throws NullPointerException  if an argument is null
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        Checks.notNull(coro, "coro");
        Checks.notNull(name, "name");
        return RunningLoop.get("Async.createTask()").createTask(coro, name);
    }

    /**
     * The task running now, or null in a plain callback.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.current_task()}.</dd></dl>
     *
     * @return the current task or null
     * @throws IllegalStateException if no loop is running on this thread
     */
    public static Task<?> currentTask() {
        EventLoop loop = RunningLoop.get("Async.currentTask()");
        return loop.inEventLoop() ? loop.currentTask : null;
    }

    /**
     * The running loop's tasks that are not done.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.all_tasks()}.</dd></dl>
     *
     * @return a new set of the pending tasks
     * @throws IllegalStateException if no loop is running on this thread
     */
    public static Set<Task<?>> allTasks() {
        return RunningLoop.get("Async.allTasks()").allTasks();
    }

    /**
     * The loop running on this thread.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.get_running_loop()}.</dd></dl>
     *
     * @return the loop
     * @throws IllegalStateException if no loop is running on this thread
     */
    public static EventLoop getRunningLoop() {
        return RunningLoop.get("Async.getRunningLoop()");
    }

    /**
     * Connects to {@code host:port} over TCP; the same as {@link io.aio4j.streams.Streams#openConnection(String,
     * int)}, which has the details (options, errors, cancellation).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code reader, writer = await asyncio.open_connection(host, port)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting.</dd>
     * </dl>
     *
     * @param host a host name or IP literal
     * @param port the port
     * @return the connection's reader and writer
     * @throws java.io.IOException   if the connection fails (e.g. {@link java.net.ConnectException} when refused)
     * @throws NullPointerException  if {@code host} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Connection openConnection(String host, int port) throws java.io.IOException {
        return io.aio4j.streams.Streams.openConnection(host, port);
    }

    /**
     * Connects to {@code host:port} over TLS; the same as {@link io.aio4j.streams.Streams#openConnection(String,
     * int, io.aio4j.streams.TlsOptions)}, which has the details (host name check, timeouts, errors).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.open_connection(host, port, ssl=context)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting and shaking
     *   hands.</dd>
     * </dl>
     *
     * @param host a host name or IP literal
     * @param port the port
     * @param tls  the TLS settings
     * @return the connection's reader and writer, after the handshake
     * @throws java.io.IOException   if the connection or the handshake fails ({@link javax.net.ssl.SSLException})
     * @throws NullPointerException  if {@code host} or {@code tls} is null
     * @throws IllegalArgumentException if {@code port} is out of range, or {@code tls} asks for client certificates
     *                               ({@code withClientAuth}, a server option)
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Connection openConnection(String host, int port, io.aio4j.streams.TlsOptions tls)
            throws java.io.IOException {
        return io.aio4j.streams.Streams.openConnection(host, port, tls);
    }

    /**
     * Starts a TLS server; the same as {@link io.aio4j.streams.Streams#startServer(
     * io.aio4j.streams.ClientConnectedCallback, String, int, io.aio4j.streams.TlsOptions)}: each client's handler
     * runs as a task once its handshake succeeded; {@code tls.withClientAuth(...)} asks clients for a certificate
     * (mutual TLS).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.start_server(client_connected_cb, host, port, ssl=context)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param host    the address to listen on, or null for every interface
     * @param port    the port, 0 for one the system picks
     * @param tls     the TLS settings
     * @return the serving server
     * @throws java.io.IOException   if binding fails
     * @throws NullPointerException  if {@code handler} or {@code tls} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Server startServer(io.aio4j.streams.ClientConnectedCallback handler, String host,
            int port, io.aio4j.streams.TlsOptions tls) throws java.io.IOException {
        return io.aio4j.streams.Streams.startServer(handler, host, port, tls);
    }

    /**
     * Starts a TCP server whose clients each run {@code handler} as a task; the same as
     * {@link io.aio4j.streams.Streams#startServer(io.aio4j.streams.ClientConnectedCallback, String, int)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code server = await asyncio.start_server(client_connected_cb, host, port)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param host    the address to listen on, or null for every interface
     * @param port    the port, 0 for one the system picks
     * @return the serving server
     * @throws java.io.IOException   if binding fails (e.g. {@link java.net.BindException})
     * @throws NullPointerException  if {@code handler} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Server startServer(io.aio4j.streams.ClientConnectedCallback handler, String host,
            int port) throws java.io.IOException {
        return io.aio4j.streams.Streams.startServer(handler, host, port);
    }

    /**
     * Connects to the Unix-domain stream socket at {@code path}; the same as
     * {@link io.aio4j.streams.Streams#openUnixConnection(java.nio.file.Path)}, which has the details.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code reader, writer = await asyncio.open_unix_connection(path)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while connecting.</dd>
     * </dl>
     *
     * @param path the socket file a server listens on
     * @return the connection's reader and writer
     * @throws java.io.IOException   if the connection fails ({@link java.net.ConnectException} naming the path)
     * @throws NullPointerException  if {@code path} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Connection openUnixConnection(java.nio.file.Path path) throws java.io.IOException {
        return io.aio4j.streams.Streams.openUnixConnection(path);
    }

    /**
     * Connects to the Unix-domain stream socket at {@code path} over TLS; the same as
     * {@link io.aio4j.streams.Streams#openUnixConnection(java.nio.file.Path, io.aio4j.streams.TlsOptions)}, which has
     * the details. A Unix socket has no host name: unless the hostname check is off, {@code tls} must name the server
     * ({@code withServerHostname}).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.open_unix_connection(path, ssl=context, server_hostname=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting and shaking
     *   hands.</dd>
     * </dl>
     *
     * @param path the socket file a server listens on
     * @param tls  the TLS settings
     * @return the connection's reader and writer, after the handshake
     * @throws java.io.IOException   if the connection or the handshake fails ({@link javax.net.ssl.SSLException})
     * @throws NullPointerException  if {@code path} or {@code tls} is null
     * @throws IllegalArgumentException if {@code path} is empty, or {@code tls} checks the hostname without a
     *                               {@code serverHostname}, or asks for client certificates ({@code withClientAuth},
     *                               a server option)
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Connection openUnixConnection(java.nio.file.Path path,
            io.aio4j.streams.TlsOptions tls) throws java.io.IOException {
        return io.aio4j.streams.Streams.openUnixConnection(path, tls);
    }

    /**
     * Starts a Unix-domain TLS server on the socket file {@code path}; the same as
     * {@link io.aio4j.streams.Streams#startUnixServer(io.aio4j.streams.ClientConnectedCallback, java.nio.file.Path,
     * io.aio4j.streams.TlsOptions)}: each client's handler runs as a task once its handshake succeeded;
     * {@code tls.withClientAuth(...)} asks clients for a certificate (mutual TLS).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.start_unix_server(client_connected_cb, path, ssl=context)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param path    the socket file to create
     * @param tls     the TLS settings
     * @return the serving server
     * @throws java.io.IOException   if binding fails ({@link java.net.BindException} naming the path)
     * @throws NullPointerException  if {@code handler}, {@code path} or {@code tls} is null
     * @throws IllegalArgumentException if {@code path} is empty, or {@code tls} names a server hostname (a client
     *                               option)
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Server startUnixServer(io.aio4j.streams.ClientConnectedCallback handler,
            java.nio.file.Path path, io.aio4j.streams.TlsOptions tls) throws java.io.IOException {
        return io.aio4j.streams.Streams.startUnixServer(handler, path, tls);
    }

    /**
     * Starts a Unix-domain stream server on the socket file {@code path}; the same as
     * {@link io.aio4j.streams.Streams#startUnixServer(io.aio4j.streams.ClientConnectedCallback, java.nio.file.Path)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code server = await asyncio.start_unix_server(client_connected_cb, path)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param path    the socket file to create
     * @return the serving server
     * @throws java.io.IOException   if binding fails ({@link java.net.BindException} naming the path)
     * @throws NullPointerException  if {@code handler} or {@code path} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Server startUnixServer(io.aio4j.streams.ClientConnectedCallback handler,
            java.nio.file.Path path) throws java.io.IOException {
        return io.aio4j.streams.Streams.startUnixServer(handler, path);
    }

    /**
     * Starts {@code program} with {@code args} as a child process; the same as
     * {@link io.aio4j.streams.Subprocess#createSubprocessExec(String, String...)}, which has the details.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_exec(program, *args)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the child starts.</dd>
     * </dl>
     *
     * @param program the program: a path, or a name looked up on the {@code PATH}
     * @param args    its arguments
     * @return the running child
     * @throws java.io.IOException      if the child cannot be started (e.g. no such program)
     * @throws IllegalArgumentException if {@code program} is empty
     * @throws NullPointerException     if {@code program}, {@code args} or an argument is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static io.aio4j.streams.Subprocess createSubprocessExec(String program, String... args)
            throws java.io.IOException {
        return io.aio4j.streams.Subprocess.createSubprocessExec(program, args);
    }

    /**
     * Starts {@code program} with {@code args} and options (pipes, directory, environment); the same as
     * {@link io.aio4j.streams.Subprocess#createSubprocessExec(io.aio4j.streams.SubprocessOptions, String,
     * String...)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_exec(program, *args, stdin=PIPE, ...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the child starts.</dd>
     * </dl>
     *
     * @param options where the standard streams go, the directory, the environment, the readers' limit
     * @param program the program
     * @param args    its arguments
     * @return the running child
     * @throws java.io.IOException      if the child cannot be started
     * @throws IllegalArgumentException if {@code program} is empty
     * @throws NullPointerException     if an argument or an element of {@code args} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static io.aio4j.streams.Subprocess createSubprocessExec(io.aio4j.streams.SubprocessOptions options,
            String program, String... args) throws java.io.IOException {
        return io.aio4j.streams.Subprocess.createSubprocessExec(options, program, args);
    }

    /**
     * Runs {@code cmd} through the system shell; the same as
     * {@link io.aio4j.streams.Subprocess#createSubprocessShell(String)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_shell(cmd)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the shell starts.</dd>
     * </dl>
     *
     * @param cmd the command line
     * @return the running shell
     * @throws java.io.IOException   if the shell cannot be started
     * @throws NullPointerException  if {@code cmd} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Subprocess createSubprocessShell(String cmd) throws java.io.IOException {
        return io.aio4j.streams.Subprocess.createSubprocessShell(cmd);
    }

    /**
     * Runs {@code cmd} through the system shell with options; the same as
     * {@link io.aio4j.streams.Subprocess#createSubprocessShell(String, io.aio4j.streams.SubprocessOptions)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_shell(cmd, stdin=PIPE, ...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the shell starts.</dd>
     * </dl>
     *
     * @param cmd     the command line
     * @param options where the standard streams go, the directory, the environment, the readers' limit
     * @return the running shell
     * @throws java.io.IOException   if the shell cannot be started
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static io.aio4j.streams.Subprocess createSubprocessShell(String cmd,
            io.aio4j.streams.SubprocessOptions options) throws java.io.IOException {
        return io.aio4j.streams.Subprocess.createSubprocessShell(cmd, options);
    }

    /**
     * Suspends the calling task for {@code delay}; {@link Duration#ZERO} yields to the other ready tasks for
     * exactly one loop iteration.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.sleep(delay)}; a negative delay is an error here.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task ends the sleep with {@link
     *   java.util.concurrent.CancellationException} and drops the timer.</dd>
     * </dl>
     *
     * @param delay how long
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws NullPointerException     if {@code delay} is null
     */
    public static void sleep(Duration delay) {
        sleep(delay, null);
    }

    /**
     * Like {@link #sleep(Duration)}, then returns {@code result}.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.sleep(delay, result)}.</dd></dl>
     *
     * @param <T>    the type of the result
     * @param delay  how long
     * @param result what to return
     * @return {@code result}
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws NullPointerException     if {@code delay} is null
     */
    public static <T> T sleep(Duration delay, T result) {
        Checks.nonNegative(delay, "delay");
        Task<?> task = RunningLoop.currentTask("Async.sleep()");
        EventLoop loop = task.loop;
        if (delay.isZero()) {
            loop.yieldOnce(task); // the task found once: sleep(0) is the hottest await there is
            return result;
        }
        Wakeup<T> wakeUp = new Wakeup<>(loop, result);
        TimerHandle timer = loop.callLaterUnchecked(delay, wakeUp, null);
        try {
            return wakeUp.await();
        } finally {
            timer.cancel();
        }
    }

    /**
     * The future {@link #sleep} waits for, which is also its own timer callback (one object fewer per sleep than
     * a future plus a callback): asyncio's {@code futures._set_result_unless_cancelled}.
     */
    private static final class Wakeup<T> extends Future<T> implements Runnable {
        private final T result;

        Wakeup(EventLoop loop, T result) {
            super(loop);
            this.result = result;
        }

        @Override
        public void run() {
            if (!cancelled()) {
                setResult(result);
            }
        }

        @Override
        public String toString() {
            return describe("Future(sleep)");
        }
    }

    /**
     * Awaits {@code awaitable}: the same as {@code awaitable.await()}, for code that reads better with the verb
     * in front.
     * <dl><dt>asyncio</dt><dd>{@code await aw}.</dd></dl>
     *
     * @param <T>       the type of the result
     * @param awaitable what to wait for
     * @return its result
     * @throws java.util.concurrent.CancellationException if it or the calling task was cancelled
     * @throws IllegalStateException if not called from a task of a running loop
     * @throws NullPointerException  if {@code awaitable} is null
     */
    public static <T> T await(Awaitable<T> awaitable) {
        return Checks.notNull(awaitable, "awaitable").await();
    }

    /**
     * Runs blocking {@code callable} on the loop's default executor (a virtual thread per call) and waits for it
     * without blocking the loop. It runs in a copy of the calling task's {@link Context}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.to_thread(func)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task interrupts the callable if it has started.</dd>
     * </dl>
     *
     * @param <T>      the type of the result
     * @param callable the blocking work
     * @return its result
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws java.util.concurrent.CompletionException wrapping a checked exception thrown by {@code callable}
     * @throws IllegalStateException if not called from a task of a running loop
     * @throws NullPointerException  if {@code callable} is null
     */
    public static <T> T toThread(Callable<T> callable) {
        Checks.notNull(callable, "callable");
        EventLoop loop = RunningLoop.currentTask("Async.toThread()").loop;
        Context context = Context.copyContext();
        return loop.runInExecutor(null, () -> context.run(callable)).await();
    }

    /**
     * Submits {@code coro} to {@code loop} from any thread; returns a {@link CompletableFuture} for its result.
     * Completing that future first (cancelling it, {@code orTimeout}, {@code completeExceptionally}) cancels the
     * task.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.run_coroutine_threadsafe(coro, loop)}; differences: a timeout set on
     *   the returned future cancels the task too.</dd>
     *   <dt>Threading</dt><dd>Any thread, typically one that is not running {@code loop}.</dd>
     * </dl>
     * {@snippet :
     * String s = Async.runCoroutineThreadsafe(fetch, loop).orTimeout(2, SECONDS).join();
     * }
     *
     * @param <T>  the type of the result
     * @param coro the coroutine
     * @param loop the loop to run it on
     * @return a future for the task's outcome
     * @throws IllegalStateException if the loop is closed
     * @throws NullPointerException  if an argument is null
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        Checks.notNull(coro, "coro");
        Checks.notNull(loop, "loop");
        return RunCoroutineThreadsafe.submit(coro, loop);
    }

    /**
     * A future of the running loop that mirrors {@code stage}, which may complete on any thread. Cancelling the
     * returned future cancels {@code stage}'s {@code CompletableFuture}; a cancelled stage cancels the future.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wrap_future(future)}.</dd>
     *   <dt>Threading</dt><dd>On the loop; {@code stage} may complete on any thread.</dd>
     * </dl>
     * {@snippet :
     * HttpResponse<String> r = Async.wrapFuture(client.sendAsync(request, ofString())).await();
     * }
     *
     * @param <T>   the type of the result
     * @param stage the foreign future
     * @return a loop future with the same outcome (the very exception, not a {@code CompletionException})
     * @throws IllegalStateException if no loop is running on this thread
     * @throws NullPointerException  if {@code stage} is null
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        return WrapFuture.wrap(stage, RunningLoop.get("Async.wrapFuture()"));
    }

    // ------------------------------------------------------------------ combinators, timeouts (tasks.py, timeouts.py)

    /**
     * Runs {@code awaitables} concurrently and returns a future of their results, in argument order.
     *
     * <p>Each argument becomes a future as by {@link #ensureFuture}: a coroutine is wrapped in a new task, a future
     * or task is used as it is. An argument passed more than once (the same object) runs once and its result
     * appears at each of its positions. The returned future fails as soon as one child fails, with that child's
     * exception, or is cancelled, with a {@link java.util.concurrent.CancellationException}; the other children
     * are not cancelled and go on running. With no arguments it is done at once with an empty list.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.gather(*aws)} (tasks.py). Differences: the result list is
     *   unmodifiable.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop; with futures only, from any code that
     *   may use their loop. Does not suspend: await the returned future.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the returned future, or a task awaiting it, cancels every child that
     *   is not done; the future then fails with {@link java.util.concurrent.CancellationException} once they all
     *   are. {@code cancel()} on it returns true only if some child was cancelled.</dd>
     * </dl>
     * {@snippet :
     * List<String> pages = Async.gather(fetch("a"), fetch("b")).await();
     * }
     *
     * @param <T>        the type of the results
     * @param awaitables the coroutines, tasks and futures to run
     * @return a future of the results, in argument order
     * @throws IllegalStateException if a coroutine is passed and no loop runs on this thread, or if a future
     *                               belongs to another loop than the others
     * @throws NullPointerException  if {@code awaitables} or one of them is null
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... awaitables) {
        Checks.notNull(awaitables, "awaitables");
        return Gather.gather(Arrays.asList(awaitables));
    }

    /**
     * Like {@link #gather(Awaitable[])}, for a collection: results in its iteration order.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.gather(*aws)}.</dd></dl>
     *
     * @param <T>        the type of the results
     * @param awaitables the coroutines, tasks and futures to run
     * @return a future of the results, in iteration order
     * @throws IllegalStateException if a coroutine is passed and no loop runs on this thread, or if a future
     *                               belongs to another loop than the others
     * @throws NullPointerException  if {@code awaitables} or one of them is null
     */
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        Checks.notNull(awaitables, "awaitables");
        return Gather.gather(awaitables);
    }

    /**
     * Like {@link #gather(Awaitable[])} with options: with {@link GatherOptions#RETURN_EXCEPTIONS}, a child that
     * fails or is cancelled does not fail the gather; its exception, or a
     * {@link java.util.concurrent.CancellationException}, takes its place in the list, which is complete once
     * every child is done.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.gather(*aws, return_exceptions=True)}.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop; with futures only, from any code that
     *   may use their loop. Does not suspend: await the returned future.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the returned future, or a task awaiting it, cancels every child that
     *   is not done; the future then fails with {@link java.util.concurrent.CancellationException} once they all
     *   are, even with {@code RETURN_EXCEPTIONS}.</dd>
     * </dl>
     * {@snippet :
     * for (Object outcome : Async.gather(GatherOptions.RETURN_EXCEPTIONS, a, b).await()) {
     *     if (outcome instanceof Throwable error) {
     *         log(error);
     *     }
     * }
     * }
     *
     * @param options    {@link GatherOptions#RETURN_EXCEPTIONS}
     * @param awaitables the coroutines, tasks and futures to run
     * @return a future of the results or exceptions, in argument order
     * @throws IllegalStateException if a coroutine is passed and no loop runs on this thread, or if a future
     *                               belongs to another loop than the others
     * @throws NullPointerException  if an argument or one of the awaitables is null
     */
    public static Future<List<Object>> gather(GatherOptions options, Awaitable<?>... awaitables) {
        Checks.notNull(options, "options");
        Checks.notNull(awaitables, "awaitables");
        return Gather.gatherReturningExceptions(Arrays.asList(awaitables));
    }

    /**
     * Like {@link #gather(GatherOptions, Awaitable[])}, for a collection: outcomes in its iteration order.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.gather(*aws, return_exceptions=True)}.</dd></dl>
     *
     * @param options    {@link GatherOptions#RETURN_EXCEPTIONS}
     * @param awaitables the coroutines, tasks and futures to run
     * @return a future of the results or exceptions, in iteration order
     * @throws IllegalStateException if a coroutine is passed and no loop runs on this thread, or if a future
     *                               belongs to another loop than the others
     * @throws NullPointerException  if an argument or one of the awaitables is null
     */
    public static Future<List<Object>> gather(GatherOptions options, Collection<? extends Awaitable<?>> awaitables) {
        Checks.notNull(options, "options");
        Checks.notNull(awaitables, "awaitables");
        return Gather.gatherReturningExceptions(awaitables);
    }

    /**
     * Waits until every future in {@code fs} is done; as {@link #wait(Collection, ReturnWhen, Duration)} with
     * {@link ReturnWhen#ALL_COMPLETED} and no timeout.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wait(fs)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task ends the wait; the futures are not cancelled.</dd>
     * </dl>
     *
     * @param <F> the type of the futures
     * @param fs  the futures and tasks to wait for
     * @return all of them, as done
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws IllegalStateException    if not called from a task of a running loop, or if a future belongs to
     *                                  another loop
     * @throws NullPointerException     if {@code fs} or one of its elements is null
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<? extends F> fs) {
        return Wait.wait(fs, ReturnWhen.ALL_COMPLETED, null);
    }

    /**
     * Waits until the futures in {@code fs} are done as {@code returnWhen} says; as
     * {@link #wait(Collection, ReturnWhen, Duration)} without a timeout.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wait(fs, return_when=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task ends the wait; the futures are not cancelled.</dd>
     * </dl>
     *
     * @param <F>        the type of the futures
     * @param fs         the futures and tasks to wait for
     * @param returnWhen when to return
     * @return the futures that are done and those still pending
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws IllegalStateException    if not called from a task of a running loop, or if a future belongs to
     *                                  another loop
     * @throws NullPointerException     if an argument or an element of {@code fs} is null
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<? extends F> fs, ReturnWhen returnWhen) {
        return Wait.wait(fs, returnWhen, null);
    }

    /**
     * Waits until every future in {@code fs} is done or {@code timeout} has passed; as
     * {@link #wait(Collection, ReturnWhen, Duration)} with {@link ReturnWhen#ALL_COMPLETED}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wait(fs, timeout=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task ends the wait; the futures are not cancelled.</dd>
     * </dl>
     *
     * @param <F>     the type of the futures
     * @param fs      the futures and tasks to wait for
     * @param timeout the longest wait; zero or negative returns after one loop iteration
     * @return the futures that are done and those still pending
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws IllegalStateException    if not called from a task of a running loop, or if a future belongs to
     *                                  another loop
     * @throws NullPointerException     if an argument or an element of {@code fs} is null
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<? extends F> fs, Duration timeout) {
        Checks.notNull(timeout, "timeout");
        return Wait.wait(fs, ReturnWhen.ALL_COMPLETED, timeout);
    }

    /**
     * Waits until the futures in {@code fs} are done as {@code returnWhen} says, or until {@code timeout} has
     * passed, and returns which are done and which are pending. Neither the timeout nor a failed future raises;
     * nothing is cancelled. A future passed twice counts once.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wait(fs, timeout=..., return_when=...)} (tasks.py). Differences:
     *   coroutines are refused by the parameter type (Python 3.11+ raises {@code TypeError}); wrap them with
     *   {@link #createTask} or {@link #ensureFuture}. The sets keep the order of {@code fs}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task ends the wait; the futures are not cancelled.</dd>
     * </dl>
     * {@snippet :
     * WaitResult<Task<String>> r = Async.wait(tasks, ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(1));
     * r.pending().forEach(Task::cancel);
     * }
     *
     * @param <F>        the type of the futures
     * @param fs         the futures and tasks to wait for
     * @param returnWhen when to return
     * @param timeout    the longest wait; zero or negative returns after one loop iteration
     * @return the futures that are done and those still pending
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     * @throws IllegalArgumentException if {@code fs} is empty
     * @throws IllegalStateException    if not called from a task of a running loop, or if a future belongs to
     *                                  another loop
     * @throws NullPointerException     if an argument or an element of {@code fs} is null
     */
    public static <F extends Future<?>> WaitResult<F> wait(Collection<? extends F> fs, ReturnWhen returnWhen,
            Duration timeout) {
        Checks.notNull(timeout, "timeout");
        return Wait.wait(fs, returnWhen, timeout);
    }

    /**
     * Waits for {@code awaitable} to finish, giving up after {@code timeout}.
     * <p>On expiry the awaitable is cancelled, that cancellation is awaited, then {@link AsyncTimeoutException}
     * is thrown; if the awaitable swallows the cancellation and returns a value, that value is returned. A
     * coroutine runs inline on the calling task; a future or task is awaited. A zero or negative timeout expires
     * at once unless the awaitable is already done (a coroutine then never starts). To wait without a limit,
     * await the awaitable directly.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.wait_for(aw, timeout)} (tasks.py, 3.12+, built on
     *   {@code asyncio.timeout}); differences: {@code timeout=None} is "await it directly".</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends that task.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels {@code awaitable} too.</dd>
     * </dl>
     * {@snippet :
     * String body = Async.waitFor(fetch(url), Duration.ofSeconds(2));
     * }
     *
     * @param <T>       the type of the result
     * @param awaitable the coroutine, task or future to wait for
     * @param timeout   the longest wait
     * @return the awaitable's result
     * @throws AsyncTimeoutException if the timeout expired (asyncio's {@code TimeoutError})
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     * @throws NullPointerException  if {@code awaitable} or {@code timeout} is null
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static <T> T waitFor(Awaitable<T> awaitable, Duration timeout) {
        return WaitFor.waitFor(awaitable, timeout);
    }

    /**
     * Protects {@code awaitable} from cancellation: returns a future that completes as it does, but whose
     * cancellation (for instance of a task awaiting it) does not reach it.
     * <p>A coroutine is wrapped in a task first; an awaitable that is already done is returned as it is.
     * Cancelling {@code awaitable} itself still cancels the returned future. Keep a reference to a task you
     * shield: once its shield is cancelled, nothing else refers to it.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.shield(aw)} (tasks.py).</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop (any code that may use the future's loop
     *   for a future). Does not suspend: await the returned future.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the returned future, or a task awaiting it, leaves {@code awaitable}
     *   running; an exception it raises later has no receiver and goes to the loop's exception handler.</dd>
     * </dl>
     * {@snippet :
     * try {
     *     result = Async.shield(commit).await();
     * } catch (CancellationException e) {
     *     // we were cancelled; commit goes on
     * }
     * }
     *
     * @param <T>       the type of the result
     * @param awaitable the coroutine, task or future to protect
     * @return a future of its result
     * @throws IllegalStateException if a coroutine is passed and no loop runs on this thread
     * @throws NullPointerException  if {@code awaitable} is null
     */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        return Shield.shield(awaitable);
    }

    /**
     * Returns an iterable whose elements, awaited, yield the results of {@code awaitables} in the order they
     * complete; as {@link #asCompleted(Collection, Duration)} without a timeout.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code for aw in asyncio.as_completed(aws)}.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop; the elements are awaited in tasks.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling a task awaiting an element ends that await; nothing else is
     *   cancelled.</dd>
     * </dl>
     *
     * @param <T>        the type of the results
     * @param awaitables the coroutines, tasks and futures to run
     * @return an iterable of one awaitable per distinct argument, iterable once
     * @throws IllegalStateException if no loop runs on this thread, or a future belongs to another loop
     * @throws NullPointerException  if {@code awaitables} or one of them is null
     */
    public static <T> Iterable<Awaitable<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        return AsCompleted.asCompleted(awaitables, null);
    }

    /**
     * Returns an iterable whose elements, awaited, yield the results of {@code awaitables} in the order they
     * complete, for a Java {@code for} loop inside a task.
     * <p>Coroutines are wrapped in tasks at once; an argument passed twice counts once. Iterating does not wait;
     * each element, when awaited (once), waits for the next awaitable to complete and returns its result or throws
     * its exception. Once {@code timeout} has passed, the elements not yet completed throw
     * {@link AsyncTimeoutException}; nothing is cancelled.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code for aw in asyncio.as_completed(aws, timeout=...)} (tasks.py, 3.13).
     *   Differences: the 3.13 {@code async for} form, which yields the tasks themselves, is not offered; use
     *   {@link #wait(Collection, ReturnWhen)} with {@link ReturnWhen#FIRST_COMPLETED} when you need the task.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop; the elements are awaited in tasks.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling a task awaiting an element ends that await; nothing else is
     *   cancelled.</dd>
     * </dl>
     * {@snippet :
     * for (Awaitable<String> next : Async.asCompleted(fetches, Duration.ofSeconds(5))) {
     *     String page = next.await(); // earliest first
     * }
     * }
     *
     * @param <T>        the type of the results
     * @param awaitables the coroutines, tasks and futures to run
     * @param timeout    the longest wait for all of them; zero or negative expires after one loop iteration
     * @return an iterable of one awaitable per distinct argument, iterable once
     * @throws IllegalStateException if no loop runs on this thread, or a future belongs to another loop
     * @throws NullPointerException  if an argument or one of the awaitables is null
     */
    public static <T> Iterable<Awaitable<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
            Duration timeout) {
        Checks.notNull(timeout, "timeout");
        return AsCompleted.asCompleted(awaitables, timeout);
    }

    /**
     * A future for {@code awaitable}: a future or task as it is; a coroutine wrapped in a new task of the running
     * loop; any other awaitable awaited by a new task.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.ensure_future(aw)} (tasks.py).</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop; a future needs no loop.</dd>
     * </dl>
     *
     * @param <T>       the type of the result
     * @param awaitable a coroutine, task, future or other awaitable
     * @return the future
     * @throws IllegalStateException if a task must be created and no loop runs on this thread
     * @throws NullPointerException  if {@code awaitable} is null
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        Checks.notNull(awaitable, "awaitable");
        return EnsureFuture.ensureFuture(awaitable);
    }

    /**
     * A {@link Timeout} scope whose deadline is {@code delay} from now on the running loop's clock; run a block
     * under it with {@link Timeout#run}. A zero or negative delay expires at the first await of the block.
     * For a scope without deadline (to {@linkplain Timeout#reschedule set one later}), use
     * {@code timeoutAt(Double.POSITIVE_INFINITY)}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.timeout(delay)} (timeouts.py); {@code async with} is
     *   {@link Timeout#run}.</dd>
     *   <dt>Threading</dt><dd>From a task or callback of a running loop.</dd>
     *   <dt>Cancellation</dt><dd>On expiry the task running the block is cancelled; see {@link Timeout}.</dd>
     * </dl>
     * {@snippet :
     * String page = Async.timeout(Duration.ofSeconds(2)).run(() -> fetch(url));
     * }
     *
     * @param delay how long the block may take
     * @return a timeout, not yet entered
     * @throws IllegalStateException if no loop runs on this thread
     * @throws NullPointerException  if {@code delay} is null
     */
    public static Timeout timeout(Duration delay) {
        Checks.notNull(delay, "delay");
        EventLoop loop = RunningLoop.get("Async.timeout()");
        return new Timeout(loop, loop.time() + Timeout.seconds(delay));
    }

    /**
     * A {@link Timeout} scope whose deadline is the loop time {@code when}, on the scale of
     * {@link EventLoop#time()}; run a block under it with {@link Timeout#run}. A deadline in the past expires at
     * the first await of the block; {@link Double#POSITIVE_INFINITY} means none.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.timeout_at(when)} (timeouts.py); {@code None} is
     *   {@link Double#POSITIVE_INFINITY} here.</dd>
     *   <dt>Threading</dt><dd>Any; the scope is bound to a loop when entered.</dd>
     *   <dt>Cancellation</dt><dd>On expiry the task running the block is cancelled; see {@link Timeout}.</dd>
     * </dl>
     *
     * @param when the deadline in loop seconds, or {@link Double#POSITIVE_INFINITY} for none
     * @return a timeout, not yet entered
     * @throws IllegalArgumentException if {@code when} is NaN
     */
    public static Timeout timeoutAt(double when) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must be a loop time or Double.POSITIVE_INFINITY but was NaN");
        }
        return new Timeout(null, when);
    }

    /** Whether the calling thread runs a task right now (for the inline await of a coroutine). */
    static boolean inTask() {
        EventLoop loop = ActiveLoops.current();
        return loop != null && loop.currentTask != null && loop.inEventLoop();
    }
}
