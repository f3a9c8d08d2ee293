package io.aio4j.streams;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.internal.Checks;
import io.aio4j.internal.ClosedWithLoop;
import io.aio4j.internal.CurrentTask;
import io.aio4j.internal.LoopHop;
import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * A child process started from a task, with its piped standard streams as streams of the loop: {@link #stdin()} a
 * {@link StreamWriter}, {@link #stdout()} and {@link #stderr()} {@link StreamReader}s. Named {@code Subprocess} so as
 * not to clash with {@link java.lang.Process}, which it wraps.
 * {@snippet :
 * SubprocessOptions pipes = SubprocessOptions.DEFAULT.withStdio(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE);
 * Subprocess cat = Async.createSubprocessExec(pipes, "cat");
 * CommunicateResult r = cat.communicate("hello".getBytes(StandardCharsets.UTF_8));
 * // r.stdout() is "hello", r.returncode() is 0
 * }
 *
 * <p>Lifecycle: running -> exited ({@link #returncode()} is set, {@link #await()} returns) ; independently
 * open -> closed ({@link #close()}: kills the child if it still runs and closes the pipes). The output pipes stay
 * readable after the exit until their end, so {@code await()} then {@code stdout().read()} gets everything.
 *
 * <p>How it stays off the loop: the JDK gives a child's pipes only as blocking streams, so each piped output is read
 * by a virtual thread and each chunk handed to the loop with {@code callSoonThreadsafe}; standard input is written by
 * a virtual thread that exists only while there is something to write; starting the child ({@code fork}/{@code
 * exec}) runs on a virtual thread too; the exit arrives through {@link java.lang.Process#onExit()}. Flow control is
 * asyncio's: an output reader with more than twice its limit buffered stops its pipe being read (the child then
 * blocks in its writes), and {@code stdin().drain()} waits while more than 64 KiB is queued for the child.
 * <b>Read the piped outputs</b> (or use {@link #communicate}): a child that fills an unread pipe blocks, and then
 * {@link #await()} waits for ever, exactly as in asyncio.
 *
 * <p>Threads: none outlive the child's pipes. An output pump ends at the end of its pipe (when the child, and any
 * process it passed the pipe to, has exited), when {@link #close()}d (after its current read), or once the loop is
 * closed; the stdin writer ends when its queue is written out. Closing the loop {@link #close()}s a child still
 * running (kills it), as it closes the sockets it watches; asyncio kills it only when its transport is
 * garbage-collected. Closing it yourself (try-with-resources) is still the clear way.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.subprocess.Process} (subprocess.py) and
 *   {@code asyncio.create_subprocess_exec}/{@code create_subprocess_shell}. Differences: {@code wait()} is
 *   {@link #await()} (DESIGN §4: {@code wait} is final on {@code Object}) and returns when the child has exited
 *   without waiting for its pipes to close (their readers still get all the data); {@link #communicate} also returns
 *   the return code; a child killed by signal {@code N} has return code {@code 128 + N} (the JDK's
 *   {@link java.lang.Process#exitValue()}, what a POSIX shell reports as {@code $?}) where asyncio gives
 *   {@code -N}: the JDK does not tell a signal death from an {@code exit(128 + N)}, so no translation could be
 *   right; {@code send_signal} is missing (the JDK sends only SIGTERM and SIGKILL); {@link #close()} is the
 *   transport's {@code close()}.</dd>
 *   <dt>Threading</dt><dd>Loop only (tasks and callbacks of the loop that started it), except {@link #pid()}.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task suspended in {@link #await()}, {@link #communicate} or a read or
 *   drain of its streams ends that call only: the child, its pipes and the loop are untouched (the streams stay
 *   usable; data that arrives meanwhile stays buffered). Cancelling a task while it is starting a child kills the
 *   child once it has started: nobody else could own it.</dd>
 * </dl>
 */
public final class Subprocess implements AutoCloseable {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final EventLoop loop;
    private final java.lang.Process process;
    private final long pid;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final PipeWriteTransport stdinTransport;
    private final PipeReadTransport stdoutTransport;
    private final PipeReadTransport stderrTransport;
    private final ArrayDeque<Future<Void>> exitWaiters = new ArrayDeque<>(1);
    private Integer returncode;
    private boolean closed;

    private Subprocess(EventLoop loop, java.lang.Process process, SubprocessOptions options) {
        this.loop = loop;
        this.process = process;
        this.pid = process.pid();
        String who = "Subprocess[pid=" + pid + "]";
        if (options.stdin() == Stdio.PIPE) {
            StreamReader unread = new StreamReader(); // StreamProtocol keeps a write-side failure here for drain()
            StreamProtocol protocol = new StreamProtocol(loop, unread);
            stdinTransport = new PipeWriteTransport(loop, process.getOutputStream(), protocol, "stdin of " + who);
            stdin = new StreamWriter(stdinTransport, protocol, unread);
        } else {
            stdinTransport = null;
            stdin = null;
        }
        if (options.stdout() == Stdio.PIPE) {
            stdout = new StreamReader(options.limit());
            stdoutTransport = new PipeReadTransport(loop, process.getInputStream(),
                    new StreamProtocol(loop, stdout), "stdout of " + who);
        } else {
            stdout = null;
            stdoutTransport = null;
        }
        if (options.stderr() == Stdio.PIPE) {
            stderr = new StreamReader(options.limit());
            stderrTransport = new PipeReadTransport(loop, process.getErrorStream(),
                    new StreamProtocol(loop, stderr), "stderr of " + who);
        } else {
            stderr = null;
            stderrTransport = null;
        }
    }

    /** Starts the pumps and the exit watch, once the object is complete. */
    private Subprocess start() {
        if (stdoutTransport != null) {
            stdoutTransport.start();
        }
        if (stderrTransport != null) {
            stderrTransport.start();
        }
        // Closing the loop kills a child still running, as it closes the loop's sockets (onExit and close() leave).
        ClosedWithLoop.register(loop, this);
        // On the JDK's reaper thread (or at once, here on the loop, if the child has already exited).
        process.onExit().whenComplete((p, error) -> LoopHop.run(loop, this::onExit));
        return this;
    }

    // ------------------------------------------------------------------ creating

    /**
     * Starts {@code program} with {@code args}, every stream inherited ({@link SubprocessOptions#DEFAULT}).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_exec(program, *args)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the child starts.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while the child starts kills the child once started.</dd>
     * </dl>
     *
     * @param program the program: a path, or a name looked up on the {@code PATH}
     * @param args    its arguments, passed as they are (no shell)
     * @return the running child
     * @throws IOException              if the child cannot be started (e.g. no such program: the message names it)
     * @throws IllegalArgumentException if {@code program} is empty
     * @throws NullPointerException     if {@code program}, {@code args} or an argument is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Subprocess createSubprocessExec(String program, String... args) throws IOException {
        return createSubprocessExec(SubprocessOptions.DEFAULT, program, args);
    }

    /**
     * Starts {@code program} with {@code args} and the given options (pipes, directory, environment).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_exec(program, *args, stdin=..., stdout=...,
     *   stderr=..., cwd=..., env=..., limit=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the child starts.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while the child starts kills the child once started.</dd>
     * </dl>
     *
     * @param options where the standard streams go, the directory, the environment, the readers' limit
     * @param program the program: a path, or a name looked up on the {@code PATH}
     * @param args    its arguments, passed as they are (no shell)
     * @return the running child
     * @throws IOException              if the child cannot be started (no such program, no such directory)
     * @throws IllegalArgumentException if {@code program} is empty
     * @throws NullPointerException     if an argument or an element of {@code args} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Subprocess createSubprocessExec(SubprocessOptions options, String program, String... args)
            throws IOException {
        Checks.notNull(options, "options");
        Checks.notNull(program, "program");
        Checks.notNull(args, "args");
        if (program.isEmpty()) {
            throw new IllegalArgumentException("createSubprocessExec(): program must not be empty; give the "
                    + "program to run (a path or a name on the PATH) and its arguments separately");
        }
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(program);
        for (int i = 0; i < args.length; i++) {
            command.add(Checks.notNull(args[i], "args[" + i + "]"));
        }
        return spawn(command, options, "createSubprocessExec()");
    }

    /**
     * Runs {@code cmd} through the system shell ({@code /bin/sh -c cmd}; {@code cmd.exe /c cmd} on Windows), every
     * stream inherited.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_shell(cmd)}. As there, quoting is the
     *   caller's job: never pass untrusted text.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the shell starts.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while the shell starts kills it once started.</dd>
     * </dl>
     *
     * @param cmd the command line
     * @return the running shell; its return code is the command's
     * @throws IOException           if the shell cannot be started
     * @throws NullPointerException  if {@code cmd} is null
     * @throws IllegalStateException if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Subprocess createSubprocessShell(String cmd) throws IOException {
        return createSubprocessShell(cmd, SubprocessOptions.DEFAULT);
    }

    /**
     * Runs {@code cmd} through the system shell with the given options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await asyncio.create_subprocess_shell(cmd, stdin=..., stdout=..., stderr=...,
     *   cwd=..., env=..., limit=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while the shell starts.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while the shell starts kills it once started.</dd>
     * </dl>
     *
     * @param cmd     the command line
     * @param options where the standard streams go, the directory, the environment, the readers' limit
     * @return the running shell; its return code is the command's
     * @throws IOException           if the shell cannot be started (e.g. no such directory)
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Subprocess createSubprocessShell(String cmd, SubprocessOptions options) throws IOException {
        Checks.notNull(cmd, "cmd");
        Checks.notNull(options, "options");
        List<String> command = WINDOWS ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
        return spawn(command, options, "createSubprocessShell()");
    }

    private static Subprocess spawn(List<String> command, SubprocessOptions options, String method)
            throws IOException {
        CurrentTask.require(method);
        EventLoop loop = Async.getRunningLoop();
        ProcessBuilder builder = builder(command, options);
        Future<java.lang.Process> started = loop.createFuture();
        // fork/exec blocks for a while (more with a large heap): never on the loop.
        Thread.ofVirtual().name("aio4j-spawn " + command.get(0)).start(() -> {
            java.lang.Process child;
            try {
                child = builder.start();
            } catch (IOException | RuntimeException e) {
                LoopHop.run(loop, () -> {
                    if (!started.done()) {
                        started.setException(e);
                    }
                }); // a closed loop has nobody left to tell
                return;
            }
            boolean delivered = LoopHop.run(loop, () -> {
                if (started.done()) {
                    child.destroyForcibly(); // the starting task was cancelled: nobody owns the child
                } else {
                    started.setResult(child);
                }
            });
            if (!delivered) {
                child.destroyForcibly(); // the loop closed meanwhile: nobody owns the child
            }
        });
        java.lang.Process child;
        try {
            child = started.await();
        } catch (CompletionException wrapped) {
            if (wrapped.getCause() instanceof IOException io) {
                throw io;
            }
            throw wrapped;
        }
        return new Subprocess(loop, child, options).start();
    }

    private static ProcessBuilder builder(List<String> command, SubprocessOptions options) {
        ProcessBuilder b = new ProcessBuilder(command);
        b.redirectInput(switch (options.stdin()) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null"));
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case STDOUT -> throw new AssertionError("rejected by SubprocessOptions");
        });
        b.redirectOutput(output(options.stdout()));
        if (options.stderr() == Stdio.STDOUT) {
            b.redirectErrorStream(true);
        } else {
            b.redirectError(output(options.stderr()));
        }
        if (options.cwd() != null) {
            b.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            b.environment().clear();
            b.environment().putAll(options.env());
        }
        return b;
    }

    private static ProcessBuilder.Redirect output(Stdio stdio) {
        return switch (stdio) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case STDOUT -> throw new AssertionError("rejected by SubprocessOptions");
        };
    }

    // ------------------------------------------------------------------ the child's streams and state

    /**
     * The child's standard input, or null unless {@code stdin} was {@link Stdio#PIPE}. Write, then
     * {@link StreamWriter#drain()}; {@link StreamWriter#close()} ends the child's input. Once the child has exited
     * (or closed its input), writes are dropped and {@code drain()} throws an {@link IOException} whose message
     * says "Broken pipe" and names this process (a {@link java.net.SocketException} "Connection lost: ..." with
     * that cause when the drain was already waiting).
     * <dl><dt>asyncio</dt><dd>{@code Process.stdin}.</dd></dl>
     *
     * @return the writer, or null
     */
    public StreamWriter stdin() {
        return stdin;
    }

    /**
     * The child's standard output (with its standard error when that was {@link Stdio#STDOUT}), or null unless
     * {@code stdout} was {@link Stdio#PIPE}. It ends when the child (and any process that inherited the pipe) has
     * exited.
     * <dl><dt>asyncio</dt><dd>{@code Process.stdout}.</dd></dl>
     *
     * @return the reader, or null
     */
    public StreamReader stdout() {
        return stdout;
    }

    /**
     * The child's standard error, or null unless {@code stderr} was {@link Stdio#PIPE}.
     * <dl><dt>asyncio</dt><dd>{@code Process.stderr}.</dd></dl>
     *
     * @return the reader, or null
     */
    public StreamReader stderr() {
        return stderr;
    }

    /**
     * The child's process id.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code Process.pid}.</dd>
     *   <dt>Threading</dt><dd>Any thread.</dd>
     * </dl>
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The child's exit status, or null while it runs (more exactly: until the loop has heard of its exit). A child
     * killed by signal {@code N} has {@code 128 + N} (asyncio: {@code -N}; see the class description).
     * <dl><dt>asyncio</dt><dd>{@code Process.returncode}.</dd></dl>
     *
     * @return the return code, or null
     */
    public Integer returncode() {
        return returncode;
    }

    private void onExit() {
        if (returncode != null) {
            return;
        }
        returncode = process.exitValue();
        ClosedWithLoop.unregister(loop, this);
        if (stdinTransport != null) {
            // First, so that a waiter woken below finds stdin already broken when it next writes and drains.
            stdinTransport.processExited();
        }
        for (Future<Void> w : exitWaiters) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    // ------------------------------------------------------------------ waiting and talking

    /**
     * Waits for the child to exit and returns its return code; at once if it has exited already.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await Process.wait()}; named {@code await} as {@code Event.await()} (DESIGN §4).
     *   Difference: returns at the exit without waiting for the output pipes to close. Like asyncio's, it waits
     *   for ever for a child blocked on a full output pipe that nobody reads: read the outputs, or use
     *   {@link #communicate}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait only; the child runs on.</dd>
     * </dl>
     *
     * @return the return code
     * @throws IllegalStateException if not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public int await() {
        CurrentTask.require("Subprocess.await()");
        while (returncode == null) {
            Future<Void> w = loop.createFuture(); // one per waiter: cancelling one wait must not end another
            exitWaiters.add(w);
            try {
                w.await();
            } finally {
                exitWaiters.remove(w);
            }
        }
        return returncode;
    }

    /**
     * Sends {@code input} to the child's standard input and closes it, reads its piped outputs to their end (all
     * at once, in separate tasks, so a child that writes a lot to both never blocks), then waits for it to exit.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code stdout_data, stderr_data = await Process.communicate(input)}. As there, a child
     *   that exits without reading all of {@code input} is not an error (the broken pipe is ignored); everything is
     *   held in memory. Difference: the result carries the return code too.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; suspends it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the calling task cancels the helper tasks and ends the call: the child
     *   runs on; what was read so far is lost to this call (it is not put back into the readers).</dd>
     * </dl>
     *
     * @param input bytes for the child's standard input, or null to send none (standard input, if piped, is
     *              closed all the same)
     * @return the outputs and the return code
     * @throws IOException              if reading an output pipe failed
     * @throws IllegalArgumentException if {@code input} is given but {@code stdin} was not {@link Stdio#PIPE}
     * @throws IllegalStateException    if not called from a task, or another task is reading an output already
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public CommunicateResult communicate(byte[] input) throws IOException {
        CurrentTask.require("Subprocess.communicate()");
        if (input != null && stdin == null) {
            throw new IllegalArgumentException("communicate(input) on " + this + ": its stdin is not a pipe; start "
                    + "it with SubprocessOptions.withStdin(Stdio.PIPE), or pass null");
        }
        Task<Void> feeder = stdin == null ? null : loop.createTask(() -> feedStdin(input));
        Task<byte[]> out = stdout == null ? null : loop.createTask(() -> stdout.read());
        Task<byte[]> err = stderr == null ? null : loop.createTask(() -> stderr.read());
        try {
            if (feeder != null) {
                feeder.await();
            }
            byte[] outData = out == null ? null : awaitRead(out);
            byte[] errData = err == null ? null : awaitRead(err);
            return new CommunicateResult(outData, errData, await());
        } finally {
            // communicate() owns its helpers: none may outlive it (on a failure or a cancellation).
            for (Task<?> t : new Task<?>[] {feeder, out, err}) {
                if (t != null && !t.done()) {
                    t.cancel();
                }
            }
        }
    }

    /**
     * Like {@link #communicate(byte[])} with no input.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await Process.communicate()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of the loop; suspends it.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #communicate(byte[])}.</dd>
     * </dl>
     *
     * @return the outputs and the return code
     * @throws IOException           if reading an output pipe failed
     * @throws IllegalStateException if not called from a task, or another task is reading an output already
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public CommunicateResult communicate() throws IOException {
        return communicate(null);
    }

    private Void feedStdin(byte[] input) {
        try {
            if (input != null && input.length > 0) {
                stdin.write(input);
                stdin.drain();
            }
        } catch (IOException brokenPipe) {
            // asyncio's communicate() ignores BrokenPipeError: the child exited without wanting (all) its input.
        }
        stdin.close();
        return null;
    }

    private static byte[] awaitRead(Task<byte[]> read) throws IOException {
        try {
            return read.await();
        } catch (CompletionException wrapped) {
            if (wrapped.getCause() instanceof IOException io) {
                throw io;
            }
            throw wrapped;
        }
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Asks the child to stop: SIGTERM on Unix ({@link ProcessHandle#destroy()}). What it wrote before stays
     * readable. Does nothing once it has
     * exited. Await {@link #await()} to see it go.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code Process.terminate()}. Difference: after the exit it is a no-op rather than
     *   {@code ProcessLookupError}.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     */
    public void terminate() {
        if (returncode == null) {
            // Through the handle: Process.destroy() would also close our ends of the pipes, losing what the child
            // wrote before the signal; the handle only signals, and the readers get that data, then their end.
            process.toHandle().destroy();
        }
    }

    /**
     * Kills the child: SIGKILL on Unix ({@link ProcessHandle#destroyForcibly()}). What it wrote before stays
     * readable. Does nothing once it has
     * exited. Await {@link #await()} to see it go.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code Process.kill()}. Difference: after the exit it is a no-op rather than
     *   {@code ProcessLookupError}.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     */
    public void kill() {
        if (returncode == null) {
            process.toHandle().destroyForcibly(); // only the signal, as in terminate()
        }
    }

    /**
     * Kills the child if it still runs and closes its pipes: standard input at once (what is queued is dropped),
     * the output readers get their end (unread data in the pipes is dropped). Returns at once; {@link #await()}
     * still works. Idempotent. Try-with-resources calls it.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code Process._transport.close()} (the subprocess transport's {@code close()}), which
     *   asyncio also runs when the transport is garbage-collected.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ClosedWithLoop.unregister(loop, this);
        kill();
        if (stdinTransport != null) {
            stdinTransport.abort();
        }
        if (stdoutTransport != null) {
            stdoutTransport.close();
        }
        if (stderrTransport != null) {
            stderrTransport.close();
        }
    }

    /** The output pumps, for tests that check they ended. */
    List<Thread> pumpThreads() {
        List<Thread> threads = new ArrayList<>(2);
        if (stdoutTransport != null) {
            threads.add(stdoutTransport.pumpThread());
        }
        if (stderrTransport != null) {
            threads.add(stderrTransport.pumpThread());
        }
        return threads;
    }

    @Override
    public String toString() {
        return "Subprocess[pid=" + pid + ", " + (returncode == null ? "running" : "returncode=" + returncode)
                + (closed ? ", closed" : "") + "]";
    }
}
