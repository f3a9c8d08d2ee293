package io.aio4j;

import static io.aio4j.StreamReaderTest.b;
import static io.aio4j.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.Connection;
import io.aio4j.streams.IncompleteReadException;
import io.aio4j.streams.LimitOverrunException;
import io.aio4j.streams.Server;
import io.aio4j.streams.StreamOptions;
import io.aio4j.streams.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TCP streams over real loopback sockets (no mocks), after CPython's {@code test_asyncio/test_streams.py} (the
 * {@code open_connection}/{@code start_server} cases keep their CPython names in camelCase) plus every error case of
 * the issue: refused connect, reset, half-close, peer vanishing, cancellation in read, drain, connect and serve.
 * Peers that must misbehave (reset, vanish, never accept) are plain blocking {@code java.net} sockets on threads.
 */
abstract class StreamsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends StreamsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends StreamsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final String HOST = "127.0.0.1";

    @Override
    boolean virtualTime() {
        return false; // socket readiness is real time; a virtual clock would race past it
    }

    /** An echo server: each line back, until the end of the stream; then closes. */
    private static Server echoServer() throws IOException {
        return Streams.startServer((reader, writer) -> {
            for (byte[] line : reader) {
                writer.write(line);
                writer.drain();
            }
            writer.close();
            writer.waitClosed();
        }, HOST, 0);
    }

    @Test
    void openConnection() {
        String reply = run(() -> {
            Server server = echoServer();
            Connection c = Async.openConnection(HOST, server.port());
            c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
            String line = s(c.reader().readline());
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return line;
        });
        assertThat(reply).isEqualTo("GET / HTTP/1.0\r\n");
    }

    @Test
    void peernameAndSocknameAreTheTwoEndsOfTheConnection() {
        List<Object> ends = run(() -> {
            Future<List<Object>> serverSide = loop.createFuture();
            Server server = Streams.startServer((r, w) -> {
                serverSide.setResult(List.of(w.peername(), w.sockname()));
                w.close();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            List<Object> seen = serverSide.await();
            List<Object> all = List.of(c.writer().sockname(), c.writer().peername(), seen.get(0), seen.get(1),
                    server.addresses().get(0));
            c.close();
            server.close();
            return all;
        });
        assertThat(ends.get(0)).isEqualTo(ends.get(2)); // client's own address = what the server sees as peer
        assertThat(ends.get(1)).isEqualTo(ends.get(3)).isEqualTo(ends.get(4));
    }

    @Test
    void startServerManyConcurrentClients() {
        int clients = 20;
        List<String> replies = run(() -> {
            Server server = echoServer();
            List<String> out = EchoClients.talk(clients, 10, () -> Streams.openConnection(HOST, server.port()));
            server.close();
            server.waitClosed();
            return out;
        });
        assertThat(replies).hasSize(clients);
        assertThat(replies.get(7)).startsWith("client 7 message 0\n").endsWith("client 7 message 9\n");
    }

    @Test
    void openConnectionRefusedSaysWhereItTriedToConnect() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort(); // nothing listens there once closed
        }
        Throwable error = run(() -> {
            try {
                Streams.openConnection(HOST, closedPort);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        assertThat(error).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Connect call failed").hasMessageContaining(":" + closedPort);
        assertThat(loop.watchedChannels()).as("the refused socket is not left behind").isZero();
    }

    @Test
    void writeEofIsAHalfCloseThePeerReadsAsTheEndOfTheStream() {
        String reply = run(() -> {
            // The server reads everything to the end, then answers on the still-open other direction.
            Server server = Streams.startServer((r, w) -> {
                byte[] all = r.read(-1);
                assertThat(r.atEof()).isTrue();
                w.write(b("got " + all.length + " bytes"));
                w.close();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            assertThat(c.writer().canWriteEof()).isTrue();
            c.writer().write(b("12345"));
            c.writer().writeEof();
            assertThatThrownBy(() -> c.writer().write(b("more"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("writeEof");
            String answer = s(c.reader().read(-1));
            c.close();
            server.close();
            server.waitClosed();
            return answer;
        });
        assertThat(reply).isEqualTo("got 5 bytes");
    }

    @Test
    void readexactlyAtThePeersCloseGivesTheIncompleteReadWithItsPartialData() {
        IncompleteReadException e = run(() -> {
            Server server = Streams.startServer((r, w) -> {
                w.write(b("abc"));
                w.close();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            try {
                c.reader().readexactly(10);
                return null;
            } catch (IncompleteReadException incomplete) {
                return incomplete;
            } finally {
                c.close();
                server.close();
            }
        });
        assertThat(s(e.partial())).isEqualTo("abc");
        assertThat(e.expected()).isEqualTo(10);
    }

    @Test
    void readuntilOverTheLimitFromTheNetworkKeepsTheData() {
        String rest = run(() -> {
            Server server = Streams.startServer((r, w) -> {
                w.write(b("0123456789abcdef|tail"));
                w.close();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port(), StreamOptions.DEFAULT.withLimit(4));
            try {
                c.reader().readuntil(b("|"));
                return "no error";
            } catch (LimitOverrunException overrun) {
                assertThat(overrun.consumed()).isGreaterThan(4);
                return s(c.reader().read(-1));
            } finally {
                c.close();
                server.close();
            }
        });
        assertThat(rest).isEqualTo("0123456789abcdef|tail");
    }

    /** A peer that accepts one connection and resets it (SO_LINGER 0 then close: an RST, no FIN). */
    private static CompletableFuture<Void> resettingPeer(ServerSocket listener, String sendFirst) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = listener.accept()) {
                if (sendFirst != null) {
                    s.getOutputStream().write(b(sendFirst));
                    s.getOutputStream().flush();
                }
                s.getInputStream().read(); // wait for the client's go
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aConnectionResetByThePeerFailsTheReadAndThenDrainWithAClearError() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            CompletableFuture<Void> peer = resettingPeer(listener, "hello\n");
            List<Throwable> errors = run(() -> {
                Connection c = Streams.openConnection(HOST, listener.getLocalPort());
                assertThat(s(c.reader().readline())).isEqualTo("hello\n");
                c.writer().write(b("go"));
                List<Throwable> out = new ArrayList<>();
                out.add(IoFailures.failureOf(() -> c.reader().read(100)));
                out.add(IoFailures.failureOf(() -> c.writer().drain()));
                out.add(IoFailures.failureOf(() -> c.writer().waitClosed()));
                return out;
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(errors.get(0)).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            assertThat(errors.get(1)).as("drain reports the reader's failure").isSameAs(errors.get(0));
            assertThat(errors.get(2)).as("waitClosed reports it too").isSameAs(errors.get(0));
        }
    }

    @Test
    void writingToAPeerThatVanishedEndsInAConnectionLostError() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            CompletableFuture<Void> peer = resettingPeer(listener, null);
            Throwable error = run(() -> {
                Connection c = Streams.openConnection(HOST, listener.getLocalPort());
                c.writer().write(b("go"));
                // Write until the loss is seen: the first writes may still land in the kernel's buffers.
                for (int i = 0; i < 10_000; i++) {
                    try {
                        c.writer().write(new byte[1024]);
                        c.writer().drain();
                        Async.sleep(Duration.ofMillis(1));
                    } catch (IOException e) {
                        return e;
                    }
                }
                return null;
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SocketException.class)
                    .satisfiesAnyOf(e -> assertThat(e).hasMessageContaining("reset"),
                            e -> assertThat(e).hasMessageContaining("Broken pipe"),
                            e -> assertThat(e).hasMessageContaining("Connection lost"));
        }
    }

    @Test
    void drainAfterCloseSaysTheConnectionIsLost() {
        Throwable error = run(() -> {
            Server server = echoServer();
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().close();
            assertThat(c.writer().isClosing()).isTrue();
            assertThatThrownBy(() -> c.writer().write(b("x"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after close()");
            try {
                c.writer().drain();
                return null;
            } catch (SocketException e) {
                return e;
            } finally {
                server.close();
            }
        });
        assertThat(error).hasMessageContaining("Connection lost");
    }

    @Test
    void drainWaitsAboveTheHighWaterMarkUntilThePeerReads() {
        int total = 16 * 1024 * 1024;
        long[] result = run(() -> {
            Event startReading = new Event();
            Future<Long> received = loop.createFuture();
            Server server = Streams.startServer((r, w) -> {
                startReading.await();
                long n = 0;
                byte[] chunk;
                while ((chunk = r.read(1 << 16)).length > 0) {
                    n += chunk.length;
                }
                received.setResult(n);
                w.close();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().setWriteBufferLimits(1024, 256);
            c.writer().write(new byte[total]); // far more than the kernel's socket buffers take at once
            long bufferedAfterWrite = c.writer().getWriteBufferSize();
            Task<Void> draining = loop.createTask(() -> {
                c.writer().drain();
                return null;
            });
            Async.sleep(Duration.ofMillis(20));
            boolean drainedBeforeTheReaderRead = draining.done();
            startReading.set();
            draining.await();
            long leftAfterDrain = c.writer().getWriteBufferSize();
            c.writer().close();
            long got = received.await();
            server.close();
            return new long[] {bufferedAfterWrite, drainedBeforeTheReaderRead ? 1 : 0, leftAfterDrain, got};
        });
        assertThat(result[0]).as("buffered after write").isGreaterThan(1024);
        assertThat(result[1]).as("drain returned while the peer did not read").isZero();
        assertThat(result[2]).as("buffered after drain").isLessThanOrEqualTo(256);
        assertThat(result[3]).isEqualTo(total);
    }

    @Test
    void cancellingATaskBlockedInReadLeavesTheStreamUsable() {
        String after = run(() -> {
            Server server = echoServer();
            Connection c = Streams.openConnection(HOST, server.port());
            Task<byte[]> reading = loop.createTask(() -> c.reader().readline());
            Async.sleep(Duration.ofMillis(5));
            reading.cancel();
            assertThatThrownBy(reading::await).isInstanceOf(CancellationException.class);
            c.writer().write(b("still works\n"));
            c.writer().drain();
            String line = s(c.reader().readline());
            c.close();
            server.close();
            return line;
        });
        assertThat(after).isEqualTo("still works\n");
    }

    @Test
    void cancellingATaskBlockedInDrainLeavesTheWriterUsable() {
        long got = run(() -> {
            Event startReading = new Event();
            Future<Long> received = loop.createFuture();
            Server server = Streams.startServer((r, w) -> {
                startReading.await();
                received.setResult((long) r.read(-1).length);
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().setWriteBufferLimits(1024, 0);
            c.writer().write(new byte[8 * 1024 * 1024]);
            Task<Void> draining = loop.createTask(() -> {
                c.writer().drain();
                return null;
            });
            Async.sleep(Duration.ofMillis(5));
            draining.cancel();
            assertThatThrownBy(draining::await).isInstanceOf(CancellationException.class);
            assertThat(c.writer().isClosing()).isFalse();
            startReading.set();
            c.writer().write(new byte[100]);
            c.writer().drain(); // a new drain works and returns once the peer has read
            c.writer().writeEof();
            long n = received.await();
            c.close();
            server.close();
            return n;
        });
        assertThat(got).isEqualTo(8 * 1024 * 1024 + 100);
    }

    @Test
    void cancellingATaskBlockedInConnectClosesOnlyItsOwnSocket() throws Exception {
        // A listener whose accept queue is full and never drained: a further connect stays pending.
        try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(HOST, 0), 1);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            List<java.nio.channels.SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    java.nio.channels.SocketChannel f = java.nio.channels.SocketChannel.open();
                    f.configureBlocking(false);
                    f.connect(new InetSocketAddress(HOST, port));
                    fillers.add(f);
                }
                String outcome = run(() -> {
                    Server unrelated = echoServer(); // must survive the cancellation
                    int watchedBefore = loop.watchedChannels();
                    Task<Connection> connecting = loop.createTask(() -> Streams.openConnection(HOST, port));
                    Async.sleep(Duration.ofMillis(50));
                    if (connecting.done()) {
                        connecting.result().close();
                        unrelated.close();
                        return "connected (the kernel accepted beyond the backlog; nothing to cancel)";
                    }
                    connecting.cancel();
                    assertThatThrownBy(connecting::await).isInstanceOf(CancellationException.class);
                    assertThat(loop.watchedChannels()).isEqualTo(watchedBefore);
                    assertThat(unrelated.isServing()).isTrue();
                    Connection c = Streams.openConnection(HOST, unrelated.port());
                    c.writer().write(b("ok\n"));
                    String line = s(c.reader().readline());
                    c.close();
                    unrelated.close();
                    return line;
                });
                assertThat(outcome).isEqualTo("ok\n");
            } finally {
                for (java.nio.channels.SocketChannel f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void cancellingServeForeverClosesTheServerAndEndsCancelled() {
        boolean[] state = run(() -> {
            Server server = echoServer();
            Task<Void> serving = loop.createTask(() -> {
                server.serveForever();
                return null;
            });
            Async.sleep(Duration.ofMillis(1));
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().write(b("before\n"));
            assertThat(s(c.reader().readline())).isEqualTo("before\n");
            serving.cancel();
            c.writer().writeEof(); // the echo handler ends, so waitClosed inside serveForever can finish
            assertThatThrownBy(serving::await).isInstanceOf(CancellationException.class);
            c.close();
            return new boolean[] {server.isServing(), serving.cancelled()};
        });
        assertThat(state[0]).as("serving after cancel").isFalse();
        assertThat(state[1]).isTrue();
    }

    @Test
    void closingTheServerEndsServeForeverAndWaitClosedWaitsForTheClients() {
        List<String> order = run(() -> {
            List<String> steps = new ArrayList<>();
            Server server = echoServer();
            Task<Void> serving = loop.createTask(() -> {
                try {
                    server.serveForever();
                } catch (CancellationException e) {
                    steps.add("serveForever cancelled");
                    throw e;
                }
                return null;
            });
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().write(b("x\n"));
            c.reader().readline();
            Task<Void> waiting = loop.createTask(() -> {
                server.waitClosed();
                steps.add("waitClosed returned");
                return null;
            });
            server.close();
            Async.sleep(Duration.ZERO); // the selector releases the closed listener's port at its next select
            assertThatThrownBy(() -> Streams.openConnection(HOST, server.port())).isInstanceOf(ConnectException.class);
            Async.sleep(Duration.ofMillis(5));
            steps.add("client still connected: " + !waiting.done());
            c.writer().writeEof();
            waiting.await();
            assertThatThrownBy(serving::await).isInstanceOf(CancellationException.class);
            c.close();
            return steps;
        });
        // serveForever ends only after its own waitClosed, i.e. after the client left too.
        assertThat(order.get(0)).isEqualTo("client still connected: true");
        assertThat(order).containsExactlyInAnyOrder("client still connected: true", "waitClosed returned",
                "serveForever cancelled");
    }

    @Test
    void aFailingHandlerIsReportedAndItsConnectionClosed() {
        Boom boom = new Boom("handler failed");
        byte[] seen = run(() -> {
            Server server = Streams.startServer((r, w) -> {
                throw boom;
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            byte[] rest = c.reader().read(-1); // the server closed it: the end of the stream
            c.close();
            server.close();
            return rest;
        });
        assertThat(seen).isEmpty();
        ExceptionContext report = takeReport();
        assertThat(report.message()).contains("Unhandled exception in client_connected_cb");
        assertThat(report.exception()).isSameAs(boom);
    }

    @Test
    void closingTheLoopClosesItsSockets() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            CompletableFuture<Integer> peerRead = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                    return in.read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            run(() -> Streams.openConnection(HOST, listener.getLocalPort())); // left open on purpose
            assertThat(loop.watchedChannels()).isEqualTo(1);
            loop.close();
            assertThat(peerRead.get(10, TimeUnit.SECONDS)).as("the peer sees the end of the stream").isEqualTo(-1);
        }
    }

    @Test
    void bindingAPortInUseNamesTheAddress() {
        Throwable error = run(() -> {
            Server first = echoServer();
            try {
                Streams.startServer((r, w) -> { }, HOST, first.port());
                return null;
            } catch (java.net.BindException e) {
                return e;
            } finally {
                first.close();
            }
        });
        assertThat(error).hasMessageContaining("error while attempting to bind on address");
    }

    @Test
    void badArgumentsFailEarlyWithClearMessages() {
        run(() -> {
            assertThatThrownBy(() -> Streams.openConnection(HOST, 70000)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("port must be in 0..65535 but was 70000");
            assertThatThrownBy(() -> Streams.openConnection(null, 1)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("host");
            assertThatThrownBy(() -> Streams.startServer(null, HOST, 0)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("handler");
            assertThatThrownBy(() -> StreamOptions.DEFAULT.withLimit(0)).isInstanceOf(IllegalArgumentException.class);
            return null;
        });
        assertThatThrownBy(() -> Streams.openConnection(HOST, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openConnection()");
    }

    @Test
    void aHostNameIsResolvedOffTheLoop() {
        String reply = run(() -> {
            Server server = echoServer();
            try (Connection c = Streams.openConnection("localhost", server.port())) {
                c.writer().write(b("by name\n"));
                return s(c.reader().readline());
            } catch (ConnectException e) {
                return "by name\n"; // localhost resolved to ::1 first and only IPv4 listens: still resolved
            } finally {
                server.close();
            }
        });
        assertThat(reply).isEqualTo("by name\n");
    }

    @Test
    void anUnknownHostIsAnUnknownHostException() {
        Throwable error = run(() -> {
            try {
                Streams.openConnection("no-such-host.invalid", 80);
                return null;
            } catch (java.net.UnknownHostException e) {
                return e;
            }
        });
        assertThat(error).hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void writelinesSendsEachChunk() {
        String reply = run(() -> {
            Server server = echoServer();
            try (Connection c = Streams.openConnection(HOST, server.port())) {
                c.writer().writelines(List.of(b("a"), b("b"), b("c\n")));
                return s(c.reader().readline());
            } finally {
                server.close();
            }
        });
        assertThat(reply).isEqualTo("abc\n");
    }

    @Test
    void closeClientsAndAbortClientsCloseAcceptedConnections() {
        List<Integer> ends = run(() -> {
            Server server = Streams.startServer((r, w) -> {
                r.read(-1);
            }, HOST, 0);
            Connection a = Streams.openConnection(HOST, server.port());
            Connection b = Streams.openConnection(HOST, server.port());
            Async.sleep(Duration.ofMillis(5)); // both accepted
            server.closeClients();
            int endA = a.reader().read(-1).length;
            server.abortClients();
            int endB = b.reader().read(-1).length;
            a.close();
            b.close();
            server.close();
            server.waitClosed();
            return List.of(endA, endB);
        });
        assertThat(ends).containsExactly(0, 0);
    }

    @Test
    void writersAndReadersShowTheirStateInToString() {
        run(() -> {
            Server server = echoServer();
            Connection c = Streams.openConnection(HOST, server.port());
            assertThat(c.writer().toString()).contains("open").contains("peer=");
            assertThat(server.toString()).contains("serving");
            c.close();
            assertThat(c.writer().toString()).contains("clos");
            server.close();
            assertThat(server.toString()).contains("closed");
            return null;
        });
    }
}
