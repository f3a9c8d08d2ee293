package io.aio4j.examples;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.Future;
import io.aio4j.Runner;
import io.aio4j.Task;
import io.aio4j.examples.rxjava.RxPipelineExample;
import io.aio4j.streams.CommunicateResult;
import io.aio4j.streams.Connection;
import io.aio4j.streams.Server;
import io.aio4j.streams.Stdio;
import io.aio4j.streams.Subprocess;
import io.aio4j.streams.SubprocessOptions;
import io.aio4j.reactor.AioReactor;
import io.aio4j.rxjava3.AioRx;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The README's demo: an asyncio program written in Java, run on each suspension backend this JVM allows.
 *
 * <p>It shows what asyncio users expect: three "downloads" sleeping 100-300 ms run concurrently (the whole takes
 * about 300 ms, not 600); a future completed from a plain thread through {@code callSoonThreadsafe}; a task
 * cancelled while it sleeps, seeing the cancellation at its await and cleaning up; an exception travelling out
 * of a task with its identity; and code between awaits running atomically (a shared counter with no lock). Then
 * streams on the loop: a TCP echo server with three concurrent clients, and a subprocess fed through a pipe.
 *
 * <p>Then the bridges: a task awaits Reactor and RxJava types completed on their own threads, Reactor and RxJava
 * pipelines run aio4j coroutines as steps (one task per item), and cancelling a task that awaits a {@code Mono}
 * cancels the Reactor subscription at once. Last, the RxJava pipeline example runs as it is. (The Spring WebFlux
 * example is a server: {@code ./dev mvn -pl examples exec:exec -Ddemo.mainClass=io.aio4j.examples.webflux
 * .QuoteApplication} starts it on port 8080.)
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        for (Backend backend : Backend.values()) {
            if (!backend.isAvailable()) {
                System.out.println("== " + backend + ": not available on this JVM (needs --add-exports "
                        + "java.base/jdk.internal.vm=ALL-UNNAMED)");
                continue;
            }
            System.out.println("== " + backend);
            try (Runner runner = new Runner(EventLoop.newEventLoop(backend))) {
                runner.run(Demo::program);
                runner.run(Demo::network);
                runner.run(Demo::bridges);
                // 10. The RxJava pipeline example (examples/.../rxjava/RxPipelineExample.java), run as it is.
                System.out.println("  RxPipelineExample: " + runner.run(() -> RxPipelineExample.program(10)));
            }
        }
    }

    private static Void program() {
        EventLoop loop = Async.getRunningLoop();
        double start = loop.time();

        // 1. Concurrency: three tasks sleep at once.
        List<Task<String>> downloads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            downloads.add(Async.createTask(() -> {
                Async.sleep(Duration.ofMillis(100L * n));
                return "file-" + n;
            }, "download-" + n));
        }
        List<String> files = new ArrayList<>();
        for (Task<String> t : downloads) {
            files.add(t.await());
        }
        System.out.printf("  downloaded %s in %.0f ms (concurrently: 100+200+300 ms of sleeping)%n",
                files, (loop.time() - start) * 1000);

        // 2. A result from another thread, handed over with callSoonThreadsafe.
        Future<String> fromThread = loop.createFuture();
        Thread.ofPlatform().name("plain-worker").start(() -> {
            String result = "computed on thread " + Thread.currentThread().getName(); // off the loop
            loop.callSoonThreadsafe(() -> fromThread.setResult(result));               // back onto it
        });
        System.out.println("  " + fromThread.await());

        // 3. Cancellation reaches the task at its await; it cleans up and lets it propagate.
        List<String> events = new ArrayList<>();
        Task<Void> worker = Async.createTask(() -> {
            try {
                Async.sleep(Duration.ofHours(1));
            } catch (CancellationException e) {
                events.add("worker saw: " + e.getMessage());
                throw e;
            }
            return null;
        }, "worker");
        Async.sleep(Duration.ofMillis(10));
        worker.cancel("shutting down");
        try {
            worker.await();
        } catch (CancellationException e) {
            events.add("awaiter saw: " + e.getMessage() + ", cancelled=" + worker.cancelled());
        }
        System.out.println("  " + events);

        // 4. Exceptions keep their identity across tasks.
        IllegalArgumentException boom = new IllegalArgumentException("bad input");
        Task<Void> failing = Async.createTask(() -> {
            throw boom;
        });
        try {
            failing.await();
        } catch (IllegalArgumentException e) {
            System.out.println("  caught the very exception the task threw: " + (e == boom));
        }

        // 5. Code between awaits is atomic: 1,000 tasks increment a plain int with no lock.
        int[] counter = {0};
        List<Task<Void>> incrementers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            incrementers.add(Async.createTask(() -> {
                int seen = counter[0];
                counter[0] = seen + 1; // no other task runs between the read and the write
                Async.sleep(Duration.ZERO);
                counter[0]++;
                return null;
            }));
        }
        for (Task<Void> t : incrementers) {
            t.await();
        }
        System.out.println("  counter = " + counter[0] + " (expected 2000)");
        return null;
    }

    /** 6. Streams on the loop: a TCP echo server with three concurrent clients, then a subprocess through a pipe. */
    private static Void network() throws IOException {
        Server server = Async.startServer((reader, writer) -> {   // one task per client
            for (byte[] line : reader) {                           // async for line in reader
                writer.write(line);
                writer.drain();
            }
            writer.close();
        }, "127.0.0.1", 0);
        List<Task<String>> clients = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String greeting = "hello from client " + i + "\n";
            clients.add(Async.createTask(() -> {
                try (Connection c = Async.openConnection("127.0.0.1", server.port())) {
                    c.writer().write(greeting.getBytes(StandardCharsets.UTF_8));
                    return new String(c.reader().readline(), StandardCharsets.UTF_8).strip();
                }
            }));
        }
        List<String> echoed = new ArrayList<>();
        for (Task<String> client : clients) {
            echoed.add(client.await());
        }
        server.close();
        server.waitClosed();
        System.out.println("  TCP echo: " + echoed);

        Subprocess tr = Async.createSubprocessExec(SubprocessOptions.DEFAULT.withStdio(Stdio.PIPE, Stdio.PIPE,
                Stdio.PIPE), "tr", "a-z", "A-Z");
        CommunicateResult out = tr.communicate("piped through tr".getBytes(StandardCharsets.UTF_8));
        System.out.println("  subprocess: " + new String(out.stdout(), StandardCharsets.UTF_8)
                + " (exit " + out.returncode() + ")");
        return null;
    }

    private static Void bridges() {
        EventLoop loop = Async.getRunningLoop();

        // 6. A task awaits Reactor and RxJava values produced on their own threads: it suspends, nothing blocks.
        String fromReactor = AioReactor.await(Mono.delay(Duration.ofMillis(50)).map(t -> "Mono on "
                + Thread.currentThread().getName().replaceAll("-\\d+$", "")));
        String fromRx = AioRx.await(Single.timer(50, TimeUnit.MILLISECONDS).map(t -> "Single on "
                + Thread.currentThread().getName().replaceAll("-\\d+$", "")));
        System.out.println("  awaited: " + fromReactor + ", " + fromRx);

        // 7. Reactor and RxJava pipelines whose steps are aio4j coroutines, each a task on this loop.
        List<Integer> squares = AioReactor.awaitList(Flux.range(1, 4)
                .concatMap(i -> AioReactor.mono(loop, () -> {
                    Async.sleep(Duration.ofMillis(10));
                    return i * i;
                })));
        List<Integer> cubes = AioRx.awaitList(Flowable.range(1, 4)
                .concatMapSingle(i -> AioRx.single(loop, () -> {
                    Async.sleep(Duration.ofMillis(10));
                    return i * i * i;
                })));
        System.out.println("  Flux of coroutines: " + squares + ", Flowable of coroutines: " + cubes);

        // 8. An async generator as a backpressured Flux: the body suspends at emit until Reactor asks for more.
        List<String> ticks = AioReactor.awaitList(AioReactor.<String>flux(loop, out -> {
            for (int i = 0; i < 3; i++) {
                Async.sleep(Duration.ofMillis(10));
                out.emit("tick-" + i);
            }
        }).limitRate(1));
        System.out.println("  generator as Flux: " + ticks);

        // 9. Cancelling the awaiting task cancels the Reactor subscription before the task sees the cancellation.
        List<String> events = new ArrayList<>();
        Task<String> waiter = Async.createTask(() -> AioReactor.await(Mono.<String>never()
                .doOnCancel(() -> events.add("Reactor subscription cancelled"))));
        Async.sleep(Duration.ofMillis(10));
        waiter.cancel();
        try {
            waiter.await();
        } catch (CancellationException e) {
            events.add("task cancelled");
        }
        System.out.println("  " + events);
        return null;
    }
}
