package io.aio4j.bench;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.Coroutine;
import io.aio4j.EventLoop;
import io.aio4j.Runner;
import io.aio4j.Task;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Heap per suspended task (issue 2): not a JMH timing but a plain main.
 *
 * <p>For each backend, in a JVM of its own started with this JVM's own arguments (the same flags the JMH forks
 * get): create 100,000 tasks that each await a never-completed future of their own ({@code
 * loop.createFuture().await()}, Python's {@code await loop.create_future()}), run the loop until all of them
 * have suspended, then measure the used heap after several {@code System.gc()} calls ({@link MemoryMXBean})
 * minus the same measurement taken just before the tasks were created. The difference over the task count is
 * the cost of one suspended task: the {@code Task}, its pending future, its stack (a virtual thread, or a bare
 * continuation) and the loop's bookkeeping for it. Then every task is cancelled and awaited, and the round is
 * repeated: {@value #WARMUP_ROUNDS} warm-up rounds, then {@value #ROUNDS} measured rounds, median reported.
 *
 * <p>Why several warm-up rounds: most of a suspended task's bytes are its stack chunk, the frames between the
 * continuation's entry and the await, and their size depends on how the JIT has compiled those frames when the
 * task suspends. Measured with a class histogram on the Continuation backend (JDK 25): the chunk is ~1,800 bytes
 * when the frames are C1-compiled, 450-560 in the first rounds, and settles at 296-352 bytes (depending on the
 * run's inlining) from about the third round of 100,000 tasks on. A long-running service holds the settled
 * figure; one warm-up round measured a mix.
 *
 * <p>Usage: {@code HeapPerTask [output.json]} (default {@code target/heap.json}) measures every backend and
 * writes one JSON object; {@code HeapPerTask --child BACKEND} measures one backend in this JVM and prints one
 * JSON line, which is what the parent runs in each fork.
 */
public final class HeapPerTask {
    static final int TASKS = 100_000;
    static final int ROUNDS = 5;
    static final int WARMUP_ROUNDS = 3;
    private static final int GC_CALLS = 3;
    private static final long CHILD_TIMEOUT_SECONDS = 300;

    private HeapPerTask() {}

    /**
     * Measures every backend in a fork of its own, prints a summary and writes the JSON results.
     *
     * @param args {@code [output.json]} or {@code --child BACKEND}
     * @throws Exception if a fork cannot be started or the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            System.out.println(measure(Backend.valueOf(args[1])));
            return;
        }
        Path out = Path.of(args.length > 0 ? args[0] : "target/heap.json");
        List<String> entries = new ArrayList<>();
        boolean failed = false;
        for (Backend backend : Backend.values()) {
            String json = fork(backend);
            if (json.contains("\"error\"")) {
                failed = true;
            }
            entries.add("\"" + backend + "\": " + json);
        }
        String all = "{\"tasks\": " + TASKS + ", \"rounds\": " + ROUNDS + ", \"jvm\": \""
                + System.getProperty("java.vm.version") + "\", \"results\": {" + String.join(", ", entries) + "}}\n";
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, all, StandardCharsets.UTF_8);
        System.out.println("heap results written to " + out.toAbsolutePath());
        if (failed) {
            System.exit(1);
        }
    }

    /** Runs {@code --child backend} in a new JVM with this JVM's arguments; returns its JSON line or an error. */
    private static String fork(Backend backend) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapPerTask.class.getName(),
                "--child", backend.name()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // The child prints progress lines, then its JSON result as the last line.
        String json = null;
        try (var reader = p.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{")) {
                    json = line;
                } else {
                    System.out.println(line);
                }
            }
        }
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return error("timed out after " + CHILD_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0 || json == null) {
            return error("fork exited with " + p.exitValue() + (json == null ? " and no result" : ""));
        }
        return json;
    }

    private static String error(String message) {
        System.out.println("heap per task: " + message);
        return "{\"error\": \"" + message.replace("\"", "'") + "\"}";
    }

    /** Measures {@code backend} in this JVM: {@link #WARMUP_ROUNDS} warm-up rounds and {@link #ROUNDS} measured ones. */
    static String measure(Backend backend) {
        if (!backend.isAvailable()) {
            return "{\"error\": \"backend " + backend + " is not available in this JVM\"}";
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double[] perTask = new double[ROUNDS];
        EventLoop loop = EventLoop.newEventLoop(backend);
        try (Runner closesTheLoop = new Runner(loop)) {
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                double bytes = round(loop, memory);
                System.out.printf(Locale.ROOT, "heap per task %s %s: %.0f bytes%n", backend,
                        round < 0 ? "warm-up" : "round " + (round + 1), bytes);
                if (round >= 0) {
                    perTask[round] = bytes;
                }
            }
        }
        double[] sorted = perTask.clone();
        Arrays.sort(sorted);
        StringBuilder json = new StringBuilder("{\"backend\": \"").append(backend).append("\", \"bytesPerTask\": ")
                .append(String.format(Locale.ROOT, "%.1f", sorted[ROUNDS / 2])).append(", \"rounds\": [");
        for (int i = 0; i < ROUNDS; i++) {
            json.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", perTask[i]));
        }
        return json.append("]}").toString();
    }

    /** One round: returns the used-heap growth per suspended task, then cancels and reaps the tasks. */
    private static double round(EventLoop loop, MemoryMXBean memory) {
        @SuppressWarnings("unchecked")
        Task<Object>[] tasks = new Task[TASKS]; // allocated before the baseline: not counted
        long before = usedAfterGc(memory);
        loop.runUntilComplete((Coroutine<Void>) () -> {
            for (int i = 0; i < TASKS; i++) {
                tasks[i] = loop.createTask(() -> loop.createFuture().await());
            }
            Async.sleep(Duration.ZERO); // one iteration: every task runs up to its await
            return null;
        });
        for (Task<Object> t : tasks) {
            if (t.done()) {
                throw new IllegalStateException("a task is not suspended: " + t);
            }
        }
        long after = usedAfterGc(memory);
        int cancelled = loop.runUntilComplete((Coroutine<Integer>) () -> {
            for (Task<Object> t : tasks) {
                t.cancel();
            }
            int n = 0;
            for (Task<Object> t : tasks) {
                try {
                    t.await();
                } catch (CancellationException expected) {
                    n++;
                }
            }
            return n;
        });
        if (cancelled != TASKS) {
            throw new IllegalStateException("only " + cancelled + " of " + TASKS + " tasks ended cancelled");
        }
        return (double) (after - before) / TASKS;
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < GC_CALLS; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
