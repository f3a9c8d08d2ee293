package io.aio4j.bench.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP echo benchmark of issue 5, in one run: starts each echo server in a process of its own
 * ({@link EchoServerMain}, or CPython's {@code benchmarks/cpython/echo_server.py}), runs {@link EchoLoadClient} in
 * another process against it, kills the server, and prints one table of requests per second.
 *
 * <p>Arguments (all optional, {@code key=value}): {@code servers=} comma list out of {@code cpython},
 * {@code aio4j-continuation}, {@code aio4j-virtual-threads}, {@code aio4j-virtual-threads-1carrier}, {@code vt-blocking},
 * {@code netty} (default: all, in
 * that order); {@code connections=100}, {@code size=1024}, {@code warmup=3}, {@code seconds=10},
 * {@code max=20000000} (requests), {@code rounds=1} (each server runs that many times, interleaved; the table
 * shows the median), {@code python=python3}, {@code out=target/echo.md}, {@code client=auto} ({@code c}: the lean
 * epoll client {@code native/echo_client.c}, compiled with {@code cc=cc -O2} into {@code target/}; {@code java}:
 * {@link EchoLoadClient}; {@code auto}: C when it compiles, else Java, said in the table's header),
 * {@code pin=off} ({@code on}: {@code taskset} puts the client on CPU 0 and the server on CPU 1),
 * {@code quietwait=0} (seconds: before each measurement, wait up to that long for a second in which the machine
 * used fewer than {@code quiet=0.3} cores, i.e. for other processes to pause). Java children
 * run on this JVM with its class path and the Continuation flag.
 *
 * <p>Besides requests per second, each round samples (Linux {@code /proc}) the CPU time the server and the client
 * processes use during the measured window, per request, and how many cores other processes used meanwhile: on a
 * 2-core machine the client's loopback TCP work costs about as much as a fast server's, so a fast server's
 * requests per second is capped by the client; its CPU time per request is not.
 */
public final class EchoBenchmark {
    private EchoBenchmark() {}

    private static final List<String> ALL = List.of("cpython", "aio4j-continuation", "aio4j-virtual-threads",
            "aio4j-virtual-threads-1carrier",
            "vt-blocking", "netty");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        opt.put("servers", String.join(",", ALL));
        opt.put("connections", "100");
        opt.put("size", "1024");
        opt.put("warmup", "3");
        opt.put("seconds", "10");
        opt.put("max", "20000000");
        opt.put("python", "python3");
        opt.put("out", "target/echo.md");
        opt.put("rounds", "1");
        opt.put("client", "auto");
        opt.put("cc", "cc");
        opt.put("pin", "off");
        opt.put("quietwait", "0");
        opt.put("quiet", "0.3");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + opt.keySet());
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        String flag = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";
        List<String> clientCommand = loadClient(opt, java, classPath);
        boolean nativeClient = !clientCommand.get(0).equals(java);
        List<String> pinClient = pinning(opt, 0);
        List<String> pinServer = pinning(opt, 1);

        // Rounds interleave the servers (A B C, A B C, ...) so that a noisy neighbour hurts all of them alike;
        // each server's figure is its median round.
        Map<String, List<Round>> rounds = new LinkedHashMap<>();
        int roundCount = Integer.parseInt(opt.get("rounds"));
        for (int round = 1; round <= roundCount; round++) {
            for (String server : opt.get("servers").split(",")) {
                List<String> command = new ArrayList<>(pinServer);
                command.addAll(server.equals("cpython")
                        ? List.of(opt.get("python"), cpythonScript().toString(), "0")
                        : javaServer(java, flag, classPath, server));
                System.out.println("== round " + round + ", " + server + ": "
                        + String.join(" ", command.subList(0, Math.min(pinServer.size() + 2, command.size())))
                        + " ...");
                Round result = measure(command, pinClient, clientCommand, opt);
                rounds.computeIfAbsent(server, k -> new ArrayList<>()).add(result);
                System.out.println("   " + result);
            }
        }
        String table = table(rounds, opt, nativeClient);
        System.out.println();
        System.out.println(table);
        Path out = Path.of(opt.get("out"));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, table);
    }

    /**
     * The command of a JVM server. {@code aio4j-virtual-threads-1carrier} is the virtual-thread backend with one
     * carrier thread ({@code jdk.virtualThreadScheduler.parallelism=1}): one loop needs only one, and a second
     * lets the JDK move the loop's hand-offs between cores, which the load client's process also needs.
     */
    private static List<String> javaServer(String java, String flag, String classPath, String server) {
        String oneCarrier = "-1carrier";
        if (server.endsWith(oneCarrier)) {
            return List.of(java, flag, "-Djdk.virtualThreadScheduler.parallelism=1", "-cp", classPath,
                    EchoServerMain.class.getName(), server.substring(0, server.length() - oneCarrier.length()), "0");
        }
        return List.of(java, flag, "-cp", classPath, EchoServerMain.class.getName(), server, "0");
    }

    private static Path cpythonScript() {
        for (Path p : List.of(Path.of("cpython/echo_server.py"), Path.of("benchmarks/cpython/echo_server.py"))) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("benchmarks/cpython/echo_server.py not found from " + Path.of("").toAbsolutePath());
    }

    /**
     * The load client's command without host and port and the run's numbers: the C client when {@code client} is
     * {@code c} or {@code auto} and it compiles, else {@link EchoLoadClient} on this JVM.
     */
    private static List<String> loadClient(Map<String, String> opt, String java, String classPath)
            throws IOException, InterruptedException {
        String kind = opt.get("client");
        if (!List.of("auto", "c", "java").contains(kind)) {
            throw new IllegalArgumentException("client=" + kind + ": use auto, c or java");
        }
        if (!kind.equals("java")) {
            Optional<Path> binary = compileNativeClient(opt.get("cc"));
            if (binary.isPresent()) {
                return List.of(binary.get().toString());
            }
            if (kind.equals("c")) {
                throw new IllegalStateException("client=c but native/echo_client.c did not compile with "
                        + opt.get("cc") + " (no such compiler, or its errors are above); "
                        + "install a C compiler or use client=java");
            }
            System.out.println("== no C compiler (" + opt.get("cc") + "): falling back to the Java load client");
        }
        return List.of(java, "-cp", classPath, EchoLoadClient.class.getName());
    }

    /** Compiles native/echo_client.c into target/echo_client; empty if there is no compiler or it fails. */
    private static Optional<Path> compileNativeClient(String cc) throws IOException, InterruptedException {
        Path source = null;
        for (Path p : List.of(Path.of("native/echo_client.c"), Path.of("benchmarks/native/echo_client.c"))) {
            if (Files.exists(p)) {
                source = p;
            }
        }
        if (source == null) {
            return Optional.empty();
        }
        Path target = source.toAbsolutePath().getParent().getParent().resolve("target");
        Files.createDirectories(target);
        Path binary = target.resolve("echo_client");
        List<String> command = new ArrayList<>(List.of(cc.split(" ")));
        command.addAll(List.of("-O2", "-o", binary.toString(), source.toString()));
        Process compile;
        try {
            compile = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noCompiler) {
            return Optional.empty();
        }
        String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (compile.waitFor() != 0) {
            System.out.println("== " + String.join(" ", command) + " failed:\n" + output);
            return Optional.empty();
        }
        return Optional.of(binary);
    }

    /** {@code taskset -c CPU} when {@code pin=on} (and the machine has two CPUs and taskset), else nothing. */
    private static List<String> pinning(Map<String, String> opt, int cpu) {
        String pin = opt.get("pin");
        if (pin.equals("off")) {
            return List.of();
        }
        if (!pin.equals("on")) {
            throw new IllegalArgumentException("pin=" + pin + ": use on or off");
        }
        if (Runtime.getRuntime().availableProcessors() < 2 || !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            throw new IllegalStateException("pin=on needs two CPUs and /usr/bin/taskset");
        }
        return List.of("/usr/bin/taskset", "-c", Integer.toString(cpu));
    }

    /** One measurement: the client's JSON line (or "FAILED: why") and the CPU use sampled in its window. */
    record Round(String line, double rps, double serverUserUs, double serverSysUs, double clientUs,
            double otherCores, double load) {
        static Round failed(String why, double load) {
            return new Round("FAILED: " + why, -1, -1, -1, -1, -1, load);
        }

        @Override
        public String toString() {
            if (rps >= 0 && serverUserUs < 0) {
                return line + " (CPU not sampled: needs Linux /proc and seconds > 3)";
            }
            return rps < 0 ? line : String.format(Locale.ROOT, "%s server %.1f+%.1f us/req, client %.1f us/req, "
                    + "other processes %.2f cores, load %.2f", line, serverUserUs, serverSysUs, clientUs,
                    otherCores, load);
        }
    }

    /**
     * Runs one server and the load against it. CPU is sampled from a second after the client's warm-up ends (the
     * client connects first, so its window starts a little later than the harness's clock) to a second before
     * its measured window ends.
     */
    private static Round measure(List<String> serverCommand, List<String> pinClient, List<String> clientCommand,
            Map<String, String> opt) throws IOException, InterruptedException {
        double quietWait = Double.parseDouble(opt.get("quietwait"));
        if (quietWait > 0) {
            double busy = CpuTimes.awaitQuiet(Double.parseDouble(opt.get("quiet")), quietWait);
            System.out.println(String.format(Locale.ROOT, "   machine busy %.2f cores in the second before", busy));
        }
        double loadAverage = CpuTimes.loadAverage();
        Process server = new ProcessBuilder(serverCommand).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY ")) {
                return Round.failed("server said " + line, loadAverage);
            }
            String port = line.substring("READY ".length()).trim();
            Thread drain = Thread.ofPlatform().daemon().start(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null) {
                        System.out.println("   [server] " + l);
                    }
                } catch (IOException ignored) {
                    // the server was killed
                }
            });
            List<String> client = new ArrayList<>(pinClient);
            client.addAll(clientCommand);
            client.addAll(List.of("127.0.0.1", port, opt.get("connections"), opt.get("size"), opt.get("warmup"),
                    opt.get("seconds"), opt.get("max")));
            // Output to a file, read after waitFor: reading a pipe to its end would wait forever for a hung client.
            Path clientOut = Files.createTempFile("echo-client", ".out");
            Process load = new ProcessBuilder(client).redirectErrorStream(true).redirectOutput(clientOut.toFile())
                    .start();
            double warmup = Double.parseDouble(opt.get("warmup"));
            double seconds = Double.parseDouble(opt.get("seconds"));
            CpuTimes.Window window = null;
            if (seconds > 3) {
                Thread.sleep((long) ((warmup + 1) * 1000));
                window = CpuTimes.start(server.pid(), load.pid());
                Thread.sleep((long) ((seconds - 2) * 1000));
                window.stop();
            }
            long limit = (long) (warmup + seconds) + 60;
            if (!load.waitFor(limit, TimeUnit.SECONDS)) {
                load.destroyForcibly();
                return Round.failed("client did not finish", loadAverage);
            }
            drain.interrupt();
            String result = Files.readString(clientOut).trim();
            Files.delete(clientOut);
            if (load.exitValue() != 0) {
                return Round.failed(result, loadAverage);
            }
            double rps = rps(result);
            if (window == null || !window.valid() || rps <= 0) {
                return new Round(result, rps, -1, -1, -1, -1, loadAverage);
            }
            return new Round(result, rps, window.userCores(0) / rps * 1e6, window.sysCores(0) / rps * 1e6,
                    (window.userCores(1) + window.sysCores(1)) / rps * 1e6, window.otherCores(), loadAverage);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static final Pattern RPS = Pattern.compile("\"rps\":([0-9.]+)");

    private static String table(Map<String, List<Round>> rounds, Map<String, String> opt, boolean nativeClient) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "TCP echo: %s connections, %s-byte messages, %s s warm-up + %s s "
                + "measured (or %s requests), loopback, %s load client in a separate process%s; median of %s "
                + "round(s)%n", opt.get("connections"), opt.get("size"), opt.get("warmup"), opt.get("seconds"),
                opt.get("max"), nativeClient ? "C (native/echo_client.c, epoll)" : "Java NIO (EchoLoadClient)",
                opt.get("pin").equals("on") ? ", client pinned to CPU 0 and server to CPU 1" : "",
                opt.get("rounds")));
        double[] load = rounds.values().stream().flatMap(List::stream).mapToDouble(Round::load).toArray();
        double[] others = rounds.values().stream().flatMap(List::stream).mapToDouble(Round::otherCores)
                .filter(c -> c >= 0).toArray();
        sb.append(String.format(Locale.ROOT, "%d CPUs; 1-minute load average at the rounds' starts %s; other "
                + "processes used %s cores during the measured windows%s%n%n",
                Runtime.getRuntime().availableProcessors(), range(load, "%.1f"), range(others, "%.2f"),
                Double.parseDouble(opt.get("quietwait")) > 0 ? String.format(Locale.ROOT, " (each started after "
                        + "waiting up to %s s for a second with under %s cores busy)", opt.get("quietwait"),
                        opt.get("quiet")) : ""));
        sb.append("| server | requests/s (median) | rounds | vs CPython asyncio | vs Netty | server CPU us/request "
                + "(user+sys) | vs CPython | client CPU us/request |\n|---|---:|---|---:|---:|---:|---:|---:|\n");
        double cpython = median(rounds.get("cpython"), Round::rps);
        double netty = median(rounds.get("netty"), Round::rps);
        double cpythonBest = best(rounds.get("cpython"));
        double nettyBest = best(rounds.get("netty"));
        double cpythonCpu = median(rounds.get("cpython"), r -> r.serverUserUs() + r.serverSysUs());
        for (Map.Entry<String, List<Round>> e : rounds.entrySet()) {
            List<Round> all = e.getValue();
            double r = median(all, Round::rps);
            double user = median(all, Round::serverUserUs);
            double sys = median(all, Round::serverSysUs);
            double cpu = median(all, x -> x.serverUserUs() + x.serverSysUs());
            String each = String.join(" / ", all.stream().map(x -> x.rps() > 0
                    ? String.format(Locale.ROOT, "%.1fk", x.rps() / 1000) : "failed").toList());
            sb.append("| ").append(e.getKey()).append(" | ")
                    .append(r > 0 ? String.format(Locale.ROOT, "%,.0f", r) : all.get(0).line()).append(" | ")
                    .append(each).append(" | ")
                    .append(ratio(r, cpython)).append(" (best ").append(ratio(best(all), cpythonBest))
                    .append(") | ").append(ratio(r, netty)).append(" (best ").append(ratio(best(all), nettyBest))
                    .append(") | ")
                    .append(user >= 0 ? String.format(Locale.ROOT, "%.1f (%.1f+%.1f)", cpu, user, sys) : "n/a")
                    .append(" | ").append(ratio(cpythonCpu, cpu)).append(" | ")
                    .append(format(median(all, Round::clientUs))).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The highest requests per second of the rounds, or -1. On a shared machine other processes only ever take
     * throughput away, so the best round is the closest to what the server can do; the ratios of the best rounds
     * are shown next to the medians'.
     */
    private static double best(List<Round> rounds) {
        return rounds == null ? -1 : rounds.stream().mapToDouble(Round::rps).max().orElse(-1);
    }

    /** The median of a figure over the rounds that have it (>= 0), or -1. */
    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> figure) {
        if (rounds == null) {
            return -1;
        }
        double[] ok = rounds.stream().mapToDouble(figure).filter(v -> v >= 0).sorted().toArray();
        return ok.length == 0 ? -1 : ok[ok.length / 2];
    }

    private static String range(double[] values, String format) {
        if (values.length == 0) {
            return "n/a";
        }
        double min = java.util.Arrays.stream(values).min().getAsDouble();
        double max = java.util.Arrays.stream(values).max().getAsDouble();
        return String.format(Locale.ROOT, format + "-" + format, min, max);
    }

    private static String format(double us) {
        return us >= 0 ? String.format(Locale.ROOT, "%.1f", us) : "n/a";
    }

    private static double rps(String json) {
        if (json == null) {
            return -1;
        }
        Matcher m = RPS.matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String ratio(double a, double b) {
        return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "n/a";
    }
}
