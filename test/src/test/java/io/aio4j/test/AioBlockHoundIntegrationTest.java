package io.aio4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.Async;
import io.aio4j.Backend;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.Queue;
import io.aio4j.Runner;
import io.aio4j.Task;
import io.aio4j.TaskOptions;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound with {@link AioBlockHoundIntegration} installed (found through {@code META-INF/services}, as users get
 * it): a real blocking call in a task or callback fails naming where it was made; the loop's own waiting and every
 * thread that is not running a loop stay allowed. This JVM runs only BlockHound tests (the module's
 * {@code blockhound-test} Surefire execution, which runs the tests tagged {@code blockhound}): BlockHound cannot be
 * uninstalled.
 */
@Tag("blockhound")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class AioBlockHoundIntegrationTest {
    static {
        BlockHound.install(); // loads every integration on the classpath, ours included
    }

    static final class VirtualThreadsTest extends AioBlockHoundIntegrationTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends AioBlockHoundIntegrationTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    abstract Backend backend();

    /** How BlockHound names Thread.sleep on a platform thread (JDK 25: the static native it ends in, sleepNanos0). */
    private static final String SLEEP = "java.lang.Thread.sleep";
    /**
     * How a park is named: Unsafe.park on a platform thread; VirtualThread.park/parkNanos on a virtual thread, which
     * is also where Thread.sleep on a virtual thread ends up.
     */
    private static final String PARK = "#park";

    private final List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
    private final List<EventLoop> loops = new ArrayList<>();

    private EventLoop newLoop() {
        EventLoop loop = EventLoop.newEventLoop(backend());
        loop.setExceptionHandler((l, context) -> reports.add(context));
        loops.add(loop);
        return loop;
    }

    @AfterEach
    void closeLoops() {
        loops.forEach(loop -> new Runner(loop).close());
        assertThat(reports).as("reports to the loops' exception handlers").isEmpty();
    }

    private <T> T runTask(String name, io.aio4j.Coroutine<T> body) {
        EventLoop loop = newLoop();
        return loop.runUntilComplete(loop.createTask(body, TaskOptions.named(name)));
    }

    // ------------------------------------------------------------------ blocking on the loop is reported

    @Test
    void integrationIsFoundByBlockHoundsServiceLoader() {
        assertThat(ServiceLoader.load(BlockHoundIntegration.class).stream().map(ServiceLoader.Provider::type))
                .contains(AioBlockHoundIntegration.class);
    }

    @Test
    void threadSleepInATaskFailsNamingTheTask() {
        assertThatThrownBy(() -> runTask("sleeper", () -> {
            Thread.sleep(1);
            return null;
        }))
                .isInstanceOf(BlockingOperationError.class)
                .hasMessageContaining("in task sleeper of EventLoop-")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(SLEEP, PARK));
    }

    @Test
    void completableFutureGetInATaskFailsNamingTheTask() {
        CompletableFuture<String> never = new CompletableFuture<>();
        assertThatThrownBy(() -> runTask("getter", never::get))
                .isInstanceOf(BlockingOperationError.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(PARK))
                .hasMessageContaining("in task getter of EventLoop-");
    }

    @Test
    void blockingSocketReadInATaskFailsNamingTheTask() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort()); // off the loop: allowed
                Socket accepted = server.accept()) {
            client.setSoTimeout(30_000); // were the read not refused, it would wait for data that never comes
            InputStream in = client.getInputStream();
            assertThatThrownBy(() -> runTask("reader", in::read))
                    .isInstanceOf(BlockingOperationError.class)
                    .hasMessageContaining("read")
                    .hasMessageContaining("in task reader of EventLoop-");
            assertThat(accepted.isConnected()).isTrue();
        }
    }

    @Test
    void blockingInALoopCallbackIsReportedNamingTheLoop() {
        EventLoop loop = newLoop();
        loop.callSoon(() -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        loop.runUntilComplete(() -> Async.sleep(Duration.ofMillis(1), null));
        assertThat(reports).hasSize(1);
        assertThat(reports.remove(0).exception())
                .isInstanceOf(BlockingOperationError.class)
                .hasMessageContaining("in a callback of EventLoop-")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(SLEEP, PARK));
    }

    @Test
    void aThreadThatBlockedBeforeRunningALoopIsStillCheckedOnTheLoop() throws Exception {
        // BlockHound caches per thread whether to check it: the first blocking call here happens off any loop.
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        EventLoop loop = newLoop();
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(1); // allowed: no loop runs here yet
                loop.runUntilComplete(loop.createTask(() -> {
                    Thread.sleep(1);
                    return null;
                }, "late"));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        assertThat(outcome.get(30, TimeUnit.SECONDS))
                .isInstanceOf(BlockingOperationError.class)
                .hasMessageContaining("in task late of EventLoop-");
    }

    // ------------------------------------------------------------------ what stays allowed

    @Test
    void aNormalWorkloadRaisesNoBlockingError() throws Exception {
        EventLoop loop = newLoop(); // real time: the loop really idles, with and without a timer pending
        String result = loop.runUntilComplete(loop.createTask(() -> {
            Async.sleep(Duration.ofMillis(2));                          // idle with a timer due
            List<Integer> gathered = Async.gather(
                    Async.createTask(() -> Async.sleep(Duration.ofMillis(1), 1)),
                    Async.createTask(() -> Async.sleep(Duration.ZERO, 2))).await();
            String timedOut;
            try {
                timedOut = Async.waitFor(Async.createTask(() -> Async.sleep(Duration.ofSeconds(30), "late")),
                        Duration.ofMillis(2));
            } catch (io.aio4j.AsyncTimeoutException expected) {
                timedOut = "timeout";
            }
            Queue<Integer> queue = new Queue<>(1);
            Task<Integer> consumer = Async.createTask(() -> queue.get() + queue.get());
            queue.put(20);
            queue.put(22);                                              // waits for room
            Future<String> fromThread = Async.getRunningLoop().createFuture();
            EventLoop running = Async.getRunningLoop();
            Thread.ofPlatform().start(() -> {                             // idle with no timer: woken from outside
                sleepQuietly(); // blocking off the loop is fine
                running.callSoonThreadsafe(() -> fromThread.setResult("woken"));
            });
            String woken = fromThread.await();
            String offLoop = Async.getRunningLoop().runInExecutor(null, () -> {
                Thread.sleep(1);                                          // an executor thread may block
                return "executor";
            }).await();
            String toThread = Async.toThread(() -> new CompletableFuture<String>().completeAsync(() -> "thread")
                    .get(30, TimeUnit.SECONDS));
            Task<String> eager = Async.getRunningLoop().createTask(() -> Async.sleep(Duration.ZERO, "eager"),
                    TaskOptions.eager());
            return gathered + " " + timedOut + " " + consumer.await() + " " + woken + " " + offLoop + " " + toThread
                    + " " + eager.await();
        }, "workload"));
        assertThat(result).isEqualTo("[1, 2] timeout 42 woken executor thread eager");
    }

    @Test
    void blockingOffTheLoopStaysAllowed() throws Exception {
        EventLoop loop = newLoop();
        loop.runUntilComplete(() -> Async.sleep(Duration.ofMillis(1), null)); // this thread ran a loop...
        Thread.sleep(1);                                                      // ...and may block again now
        CompletableFuture<String> later = CompletableFuture.supplyAsync(() -> "pool");
        assertThat(later.get(30, TimeUnit.SECONDS)).isEqualTo("pool");
        CompletableFuture<String> onVirtual = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1); // a virtual thread that runs no loop
                onVirtual.complete("virtual");
            } catch (Throwable t) {
                onVirtual.completeExceptionally(t);
            }
        });
        assertThat(onVirtual.get(30, TimeUnit.SECONDS)).isEqualTo("virtual");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
