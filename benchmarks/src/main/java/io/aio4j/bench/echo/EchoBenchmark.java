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
 * shows the median), {@code python=python3}, {@code out=target/echo.md}. Java children run on this
 * JVM with its class path and the Continuation flag.
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

        // Rounds interleave the servers (A B C, A B C, ...) so that a noisy neighbour hurts all of them alike;
        // each server's figure is its median round.
        Map<String, List<String>> rounds = new LinkedHashMap<>();
        int roundCount = Integer.parseInt(opt.get("rounds"));
        for (int round = 1; round <= roundCount; round++) {
            for (String server : opt.get("servers").split(",")) {
                List<String> command = server.equals("cpython")
                        ? List.of(opt.get("python"), cpythonScript().toString(), "0")
                        : javaServer(java, flag, classPath, server);
                System.out.println("== round " + round + ", " + server + ": "
                        + String.join(" ", command.subList(0, Math.min(2, command.size()))) + " ...");
                String result = measure(command, java, classPath, opt);
                rounds.computeIfAbsent(server, k -> new ArrayList<>()).add(result);
                System.out.println("   " + result);
            }
        }
        Map<String, String> results = new LinkedHashMap<>();
        rounds.forEach((server, all) -> results.put(server, median(all)));
        String table = table(results, opt);
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

    /** Runs one server and the load against it; returns the client's JSON line, or "FAILED: why". */
    private static String measure(List<String> serverCommand, String java, String classPath, Map<String, String> opt)
            throws IOException, InterruptedException {
        Process server = new ProcessBuilder(serverCommand).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY ")) {
                return "FAILED: server said " + line;
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
            List<String> client = List.of(java, "-cp", classPath, EchoLoadClient.class.getName(), "127.0.0.1", port,
                    opt.get("connections"), opt.get("size"), opt.get("warmup"), opt.get("seconds"), opt.get("max"));
            Process load = new ProcessBuilder(client).redirectErrorStream(true).start();
            String result = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            long limit = (long) (Double.parseDouble(opt.get("warmup")) + Double.parseDouble(opt.get("seconds"))) + 60;
            if (!load.waitFor(limit, TimeUnit.SECONDS)) {
                load.destroyForcibly();
                return "FAILED: client did not finish";
            }
            drain.interrupt();
            return load.exitValue() == 0 ? result : "FAILED: " + result;
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static final Pattern RPS = Pattern.compile("\"rps\":([0-9.]+)");

    private static String table(Map<String, String> results, Map<String, String> opt) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "TCP echo: %s connections, %s-byte messages, %s s warm-up + %s s "
                + "measured (or %s requests), loopback, client in a separate process; median of %s round(s)%n%n",
                opt.get("connections"), opt.get("size"), opt.get("warmup"), opt.get("seconds"), opt.get("max"),
                opt.get("rounds")));
        sb.append("| server | requests/s | vs CPython asyncio | vs Netty |\n|---|---:|---:|---:|\n");
        double cpython = rps(results.get("cpython"));
        double netty = rps(results.get("netty"));
        for (Map.Entry<String, String> e : results.entrySet()) {
            double r = rps(e.getValue());
            sb.append("| ").append(e.getKey()).append(" | ")
                    .append(r > 0 ? String.format(Locale.ROOT, "%,.0f", r) : e.getValue()).append(" | ")
                    .append(ratio(r, cpython)).append(" | ").append(ratio(r, netty)).append(" |\n");
        }
        return sb.toString();
    }

    private static String median(List<String> results) {
        List<String> ok = new ArrayList<>(results.stream().filter(r -> rps(r) > 0).toList());
        if (ok.isEmpty()) {
            return results.get(0);
        }
        ok.sort(java.util.Comparator.comparingDouble(EchoBenchmark::rps));
        return ok.get(ok.size() / 2);
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
