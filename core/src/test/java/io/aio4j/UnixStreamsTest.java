package io.aio4j;

import static io.aio4j.StreamReaderTest.b;
import static io.aio4j.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.Connection;
import io.aio4j.streams.Server;
import io.aio4j.streams.Streams;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix-domain stream sockets over real socket files (no mocks), after the {@code open_unix_connection} /
 * {@code start_unix_server} cases of CPython's {@code test_asyncio/test_streams.py} and {@code test_unix_events.py}
 * (ported names in camelCase) plus the error cases of the issue: missing file, stale file, path too long, missing
 * directory, half-close, a peer that vanishes, cancellation in read and in accept. Peers that must misbehave are
 * plain blocking NIO channels on threads.
 */
abstract class UnixStreamsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends UnixStreamsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends UnixStreamsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    @TempDir
    Path dir;
    private Path path;

    @Override
    boolean virtualTime() {
        return false; // socket readiness is real time; a virtual clock would race past it
    }

    @BeforeEach
    final void socketPath() {
        path = dir.resolve("s.sock");
    }

    /** An echo server: each line back, until the end of the stream; then closes. */
    private Server echoServer() throws IOException {
        return Streams.startUnixServer((reader, writer) -> {
            for (byte[] line : reader) {
                writer.write(line);
                writer.drain();
            }
            writer.close();
            writer.waitClosed();
        }, path);
    }

    @Test
    void openUnixConnection() {
        List<Object> seen = run(() -> {
            Server server = echoServer();
            Connection c = Async.openUnixConnection(path);
            c.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
            String line = s(c.reader().readline());
            Object peer = c.writer().peername();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return List.of(line, peer, server.addresses());
        });
        assertThat(seen.get(0)).isEqualTo("GET / HTTP/1.0\r\n");
        assertThat(seen.get(1)).isEqualTo(UnixDomainSocketAddress.of(path));
        assertThat(seen.get(2)).isEqualTo(List.of(UnixDomainSocketAddress.of(path)));
    }

    @Test
    void startUnixServerManyConcurrentClients() {
        int clients = 10;
        List<String> replies = run(() -> {
            Server server = Async.startUnixServer((r, w) -> {
                for (byte[] line : r) {
                    w.write(line);
                }
                w.close();
            }, path);
            List<String> out = EchoClients.talk(clients, 5, () -> Streams.openUnixConnection(path));
            server.close();
            server.waitClosed();
            return out;
        });
        assertThat(replies).hasSize(clients);
        assertThat(replies.get(3)).startsWith("client 3 message 0\n").endsWith("client 3 message 4\n");
    }

    @Test
    void theServerHasNoPortButSaysWhy() {
        Throwable error = run(() -> {
            try (Server server = echoServer()) {
                server.port();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertThat(error).hasMessageContaining("Unix socket").hasMessageContaining("addresses()");
    }

    // ------------------------------------------------------------------ the socket file

    @Test
    void closingTheServerRemovesItsSocketFile() {
        boolean[] exists = run(() -> {
            Server server = echoServer();
            boolean whileServing = Files.exists(path);
            server.close();
            server.waitClosed();
            return new boolean[] {whileServing, Files.exists(path)};
        });
        assertThat(exists[0]).as("the socket file while serving").isTrue();
        assertThat(exists[1]).as("the socket file after close").isFalse();
    }

    @Test
    void aStaleSocketFileIsReplacedAtStart() throws IOException {
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(path)); // closing a JDK channel leaves its file behind
        }
        assertThat(Files.exists(path)).isTrue();
        String reply = run(() -> {
            try (Server server = echoServer(); Connection c = Streams.openUnixConnection(path)) {
                c.writer().write(b("fresh\n"));
                return s(c.reader().readline());
            }
        });
        assertThat(reply).isEqualTo("fresh\n");
    }

    @Test
    void aFileThatIsNotASocketIsNeitherRemovedNorBoundOver() throws IOException {
        Files.writeString(path, "precious");
        Throwable error = run(() -> {
            try {
                echoServer();
                return null;
            } catch (BindException e) {
                return e;
            }
        });
        assertThat(error).hasMessageContaining("error while attempting to bind on address " + path)
                .hasMessageContaining("not a socket");
        assertThat(Files.readString(path)).isEqualTo("precious");
    }

    @Test
    void closingTheServerLeavesASocketFileThatReplacedItsOwn() throws IOException {
        try (ServerSocketChannel successor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            run(() -> {
                Server server = echoServer();
                Files.delete(path);
                successor.bind(UnixDomainSocketAddress.of(path)); // another server took the path over
                server.close();
                return null;
            });
            assertThat(Files.exists(path)).as("the successor's socket file").isTrue();
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void connectingWhereNoFileIsSaysSo() {
        Throwable error = connectError(path);
        assertThat(error).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Connect call failed " + path).hasMessageContaining("No such file");
        assertThat(loop.watchedChannels()).as("the failed socket is not left behind").isZero();
    }

    @Test
    void connectingToAStaleSocketFileIsRefused() throws IOException {
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(connectError(path)).isInstanceOf(ConnectException.class).hasMessageContaining("refused");
    }

    @Test
    void connectingInADirectoryThatDoesNotExistNamesTheDirectory() {
        Path missing = dir.resolve("no-such-dir").resolve("s.sock");
        assertThat(connectError(missing)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("the directory " + missing.getParent() + " does not exist");
    }

    @Test
    void aPathTooLongForTheSystemFailsConnectAndBindWithAHint() {
        Path tooLong = dir.resolve("x".repeat(200) + ".sock");
        assertThat(connectError(tooLong)).isInstanceOf(ConnectException.class).hasMessageContaining("too long")
                .hasMessageContaining("shorter");
        Throwable bindError = run(() -> {
            try {
                Streams.startUnixServer((r, w) -> { }, tooLong);
                return null;
            } catch (BindException e) {
                return e;
            }
        });
        assertThat(bindError).hasMessageContaining("error while attempting to bind on address")
                .hasMessageContaining("too long");
    }

    @Test
    void bindingInADirectoryThatDoesNotExistNamesTheDirectory() {
        Path missing = dir.resolve("no-such-dir").resolve("s.sock");
        Throwable error = run(() -> {
            try {
                Streams.startUnixServer((r, w) -> { }, missing);
                return null;
            } catch (BindException e) {
                return e;
            }
        });
        assertThat(error).hasMessageContaining("the directory " + missing.getParent() + " does not exist");
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void aFullAcceptQueueFailsTheConnectAtOnceWithAHint() {
        // Linux fails a Unix-domain connect at once when the listener's queue is full (no connect in progress to
        // wait for). The loop does not run between these connects, so the server accepts none of them.
        List<Object> outcome = run(() -> {
            Server server = Streams.startUnixServer((r, w) -> w.close(), path,
                    io.aio4j.streams.StreamOptions.DEFAULT.withBacklog(1));
            List<Connection> made = new ArrayList<>();
            Throwable error = null;
            for (int i = 0; i < 10 && error == null; i++) {
                try {
                    made.add(Streams.openUnixConnection(path));
                } catch (ConnectException e) {
                    error = e;
                }
            }
            int queued = made.size();
            made.forEach(Connection::close);
            // Once the loop runs, the server accepts the queued connections and room comes back.
            boolean connectedLater = false;
            for (int i = 0; i < 1000 && !connectedLater; i++) {
                Async.sleep(java.time.Duration.ZERO);
                try (Connection later = Streams.openUnixConnection(path)) {
                    connectedLater = later.reader().read(-1).length == 0;
                } catch (ConnectException stillFull) {
                    // the server has not reached the queue yet
                }
            }
            server.close();
            return java.util.Arrays.asList(error, queued, connectedLater);
        });
        assertThat((Throwable) outcome.get(0)).hasMessageContaining("Connect call failed " + path)
                .hasMessageContaining("accept queue is full");
        assertThat((int) outcome.get(1)).as("connections queued before the refusal").isPositive();
        assertThat(outcome.get(2)).as("connected once the server accepted").isEqualTo(true);
    }

    @Test
    void bindingWhereAServerListensReplacesItsFileAsAsyncioDoes() {
        // asyncio removes any socket file at the path, even a live one: the old server keeps its connections but
        // can no longer be reached by name. Pinned so that a change of this policy is deliberate.
        String reply = run(() -> {
            Server first = echoServer();
            Server second = Streams.startUnixServer((r, w) -> {
                w.write(b("second\n"));
                w.close();
            }, path);
            try (Connection c = Streams.openUnixConnection(path)) {
                return s(c.reader().readline());
            } finally {
                first.close();
                second.close();
            }
        });
        assertThat(reply).isEqualTo("second\n");
    }

    @Test
    void badArgumentsFailEarlyWithClearMessages() {
        run(() -> {
            assertThatThrownBy(() -> Streams.openUnixConnection(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("path");
            assertThatThrownBy(() -> Streams.startUnixServer(null, path)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("handler");
            assertThatThrownBy(() -> Streams.openUnixConnection(Path.of(""))).isInstanceOf(
                    IllegalArgumentException.class).hasMessageContaining("path must name a socket file");
            return null;
        });
        assertThatThrownBy(() -> Streams.openUnixConnection(path)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openUnixConnection()");
        assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> { }, path))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("startUnixServer()");
    }

    private Throwable connectError(Path where) {
        return run(() -> {
            try {
                Streams.openUnixConnection(where);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
    }

    // ------------------------------------------------------------------ half-close, vanishing peers

    @Test
    void writeEofIsAHalfCloseThePeerReadsAsTheEndOfTheStream() {
        String reply = run(() -> {
            Server server = Streams.startUnixServer((r, w) -> {
                byte[] all = r.read(-1);
                w.write(b("got " + all.length + " bytes"));
                w.close();
            }, path);
            Connection c = Streams.openUnixConnection(path);
            assertThat(c.writer().canWriteEof()).isTrue();
            c.writer().write(b("12345"));
            c.writer().writeEof();
            String answer = s(c.reader().read(-1));
            c.close();
            server.close();
            server.waitClosed();
            return answer;
        });
        assertThat(reply).isEqualTo("got 5 bytes");
    }

    /**
     * A raw peer at {@link #path}: accepts one connection, optionally sends a greeting, waits for one byte, then
     * closes leaving what else the client sent unread (which makes the kernel reset the connection).
     */
    private CompletableFuture<Void> vanishingPeer(ServerSocketChannel listener, String greeting) {
        return CompletableFuture.runAsync(() -> {
            try (SocketChannel s = listener.accept()) {
                if (greeting != null) {
                    s.write(ByteBuffer.wrap(b(greeting)));
                }
                s.read(ByteBuffer.allocate(1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aPeerThatVanishesWithUnreadDataFailsTheReadAndDrainWithAClearError() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> peer = vanishingPeer(listener, "hello\n");
            List<Throwable> errors = run(() -> {
                Connection c = Streams.openUnixConnection(path);
                assertThat(s(c.reader().readline())).isEqualTo("hello\n");
                c.writer().write(b("go, and this stays unread"));
                List<Throwable> out = new ArrayList<>();
                try {
                    out.add(new AssertionError("read returned " + c.reader().read(100).length + " bytes"));
                } catch (IOException e) {
                    out.add(e);
                }
                out.add(IoFailures.failureOf(() -> c.writer().drain()));
                return out;
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(errors.get(0)).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            assertThat(errors.get(1)).as("drain reports the reader's failure").isSameAs(errors.get(0));
        }
    }

    @Test
    void writingToAPeerThatVanishedEndsInAConnectionLostError() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> peer = vanishingPeer(listener, null);
            Throwable error = run(() -> {
                Connection c = Streams.openUnixConnection(path);
                c.writer().write(b("g"));
                c.reader().read(-1); // the peer's close: the end of the stream (nothing was left unread)
                for (int i = 0; i < 1000; i++) { // the first write after the close may still be taken
                    try {
                        c.writer().write(new byte[1024]);
                        c.writer().drain();
                    } catch (IOException e) {
                        return e;
                    }
                    Async.sleep(java.time.Duration.ZERO);
                }
                return null;
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SocketException.class)
                    .satisfiesAnyOf(e -> assertThat(e).hasMessageContaining("Broken pipe"),
                            e -> assertThat(e).hasMessageContaining("Connection lost"));
        }
    }

    // ------------------------------------------------------------------ cancellation

    @Test
    void cancellingATaskBlockedInReadLeavesTheStreamUsable() {
        String after = run(() -> {
            Server server = echoServer();
            Connection c = Streams.openUnixConnection(path);
            Task<byte[]> reading = loop.createTask(() -> c.reader().readline());
            Async.sleep(java.time.Duration.ZERO); // the task starts and blocks in readline
            assertThat(reading.done()).isFalse();
            reading.cancel();
            assertThatThrownBy(reading::await).isInstanceOf(CancellationException.class);
            c.writer().write(b("still works\n"));
            String line = s(c.reader().readline());
            c.close();
            server.close();
            return line;
        });
        assertThat(after).isEqualTo("still works\n");
    }

    @Test
    void cancellingServeForeverClosesTheServerAndRemovesItsFileOnly() {
        List<Object> state = run(() -> {
            Server other = Streams.startUnixServer((r, w) -> {
                w.write(b("other\n"));
                w.close();
            }, dir.resolve("other.sock"));
            Server server = echoServer();
            Task<Void> serving = loop.createTask(() -> {
                server.serveForever();
                return null;
            });
            Async.sleep(java.time.Duration.ZERO); // blocked waiting for connections
            serving.cancel();
            assertThatThrownBy(serving::await).isInstanceOf(CancellationException.class);
            String fromOther;
            try (Connection c = Streams.openUnixConnection(dir.resolve("other.sock"))) {
                fromOther = s(c.reader().readline());
            }
            other.close();
            return List.of(server.isServing(), Files.exists(path), fromOther);
        });
        assertThat(state).containsExactly(false, false, "other\n");
    }

    @Test
    void closingTheLoopClosesItsUnixSockets() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Integer> peerRead = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel s = listener.accept()) {
                    return s.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            run(() -> Streams.openUnixConnection(path)); // left open on purpose
            loop.close();
            assertThat(peerRead.get(10, TimeUnit.SECONDS)).as("the peer sees the end of the stream").isEqualTo(-1);
        }
    }
}
