package io.aio4j.bench;

import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Runner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every workload shares: one event loop per trial on the backend named by the {@code backend} parameter,
 * reused by every invocation ({@link #run}: {@code loop.runUntilComplete(workload)}), closed at the end of the
 * trial.
 *
 * <p>The fork carries the flag that enables the Continuation backend twice over: JMH gives a fork the JVM
 * arguments of the JVM that launched it ({@code ./dev bench} starts that one with the flag), and
 * {@code jvmArgsAppend} below adds it again so that a {@code -jvmArgs} given on the command line, which replaces
 * the inherited arguments, cannot drop it. {@link #openLoop()} fails the trial rather than measure the wrong
 * backend if it is missing anyway.
 *
 * <p>A hung loop would block the whole run: JMH's {@code @Timeout} only interrupts the benchmark thread, and a
 * loop parked in its idle wait does not stop for that. So a watchdog thread fails the fork instead: when one
 * invocation has run for {@link #STALL_SECONDS} seconds (the slowest healthy invocation takes about a second), it prints
 * the loop's state and the benchmark thread's stack, appends one JSON line to {@code target/bench-failures.jsonl}
 * (the table shows the cell as hung) and halts the forked JVM. JMH reports the fork as failed and goes on with
 * the next benchmark.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public abstract class LoopBenchmark {
    /** How long one invocation may run before the watchdog declares the loop hung (system property to change it). */
    static final long STALL_SECONDS = Long.getLong("aio4j.bench.stallSeconds", 30);
    /** Where the watchdog records hangs, relative to the working directory (benchmarks/ under ./dev bench). */
    static final String FAILURES_FILE = "target/bench-failures.jsonl";
    private static final int HALT_STATUS = 3;

    /** The suspension backend: a {@link Backend} constant's name. */
    @Param({"VIRTUAL_THREADS", "CONTINUATION"})
    public String backend;

    /** The loop of this trial. */
    protected EventLoop loop;

    /** {@link System#nanoTime()} when the running invocation started; 0 between invocations. */
    private volatile long invocationStart;
    private volatile Thread invoker;
    private Thread watchdog;

    /** Creates the trial's loop (failing if the backend is not available in this fork) and its watchdog. */
    @Setup(Level.Trial)
    public void openLoop() {
        loop = EventLoop.newEventLoop(Backend.valueOf(backend));
        if (loop.backend() != Backend.valueOf(backend)) {
            throw new IllegalStateException("asked for " + backend + ", got " + loop.backend());
        }
        watchdog = Thread.ofPlatform().daemon().name("aio4j-bench-watchdog").start(this::watch);
    }

    /** Stops the watchdog, cancels whatever a failed invocation left pending and closes the loop. */
    @TearDown(Level.Trial)
    public void closeLoop() {
        if (watchdog != null) {
            watchdog.interrupt();
            watchdog = null;
        }
        if (loop != null) {
            new Runner(loop).close();
            loop = null;
        }
    }

    /**
     * Runs one invocation of the workload on the trial's loop.
     *
     * @param <T>      the workload's result type
     * @param workload the coroutine to run as the main task
     * @return its result
     */
    protected final <T> T run(Coroutine<T> workload) {
        invoker = Thread.currentThread();
        invocationStart = System.nanoTime();
        try {
            return loop.runUntilComplete(workload);
        } finally {
            invocationStart = 0;
        }
    }

    private void watch() {
        long limit = TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        try {
            for (;;) {
                Thread.sleep(1_000);
                long start = invocationStart;
                if (start != 0 && System.nanoTime() - start > limit) {
                    reportHang();
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
            }
        } catch (InterruptedException stop) {
            // the trial is over
        }
    }

    private void reportHang() {
        String benchmark = benchmarkName();
        String state = String.valueOf(loop); // a racy read of the loop's counters: good enough for a diagnosis
        Thread t = invoker;
        String stack = t == null ? "?" : Arrays.stream(t.getStackTrace()).limit(12)
                .map(f -> "\tat " + f).collect(Collectors.joining("\n"));
        String symptom = "invocation still running after " + STALL_SECONDS + " s; loop: " + state;
        System.err.println("\naio4j bench watchdog: " + benchmark + " on " + backend + " HUNG: " + symptom
                + "\nbenchmark thread " + (t == null ? "?" : t.getName() + " " + t.getState()) + ":\n" + stack
                + "\nhalting this fork (status " + HALT_STATUS + ")");
        String json = "{\"benchmark\": \"" + benchmark + "\", \"backend\": \"" + backend + "\", \"symptom\": \""
                + symptom.replace("\\", "\\\\").replace("\"", "'") + "\"}\n";
        try {
            Path file = Path.of(FAILURES_FILE);
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("aio4j bench watchdog: could not record the hang in " + FAILURES_FILE + ": " + e);
        }
        System.err.flush();
    }

    /**
     * {@code Class.method} as in JMH's benchmark names, e.g. {@code YieldBenchmark.sleepZeroYield}. In a class
     * with several benchmark methods ({@code LockBenchmark}), the one on the benchmark thread's stack.
     */
    private String benchmarkName() {
        Class<?> c = getClass();
        while (c.getSuperclass() != null && !c.getPackageName().equals(LoopBenchmark.class.getPackageName())) {
            c = c.getSuperclass(); // skip JMH's generated subclasses
        }
        String className = c.getName();
        Thread t = invoker;
        Set<String> onStack = t == null ? Set.of() : Arrays.stream(t.getStackTrace())
                .filter(f -> f.getClassName().equals(className))
                .map(StackTraceElement::getMethodName).collect(Collectors.toSet());
        List<String> methods = Arrays.stream(c.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class))
                .map(java.lang.reflect.Method::getName).sorted().toList();
        String method = methods.stream().filter(onStack::contains).findFirst()
                .orElse(methods.isEmpty() ? "?" : methods.get(0));
        return c.getSimpleName() + "." + method;
    }
}
