package io.aio4j;

import static io.aio4j.StreamReaderTest.b;
import static io.aio4j.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.ClientAuth;
import io.aio4j.streams.ClientConnectedCallback;
import io.aio4j.streams.Connection;
import io.aio4j.streams.Server;
import io.aio4j.streams.StreamReader;
import io.aio4j.streams.StreamWriter;
import io.aio4j.streams.Streams;
import io.aio4j.streams.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS streams over real loopback sockets (no mocks), with a self-signed certificate that {@link TestCertificates}
 * makes at test time: echo, large transfers through TLS flow control, {@code startTls} after a plaintext greeting,
 * and every failure of the issue: untrusted certificate, wrong name, peers closing without {@code close_notify},
 * resets, peers that never answer (handshake and shutdown timeouts), and cancellation in a TLS read and in the
 * handshake. Peers that must misbehave are blocking {@code java.net}/{@code javax.net.ssl} sockets on threads.
 */
abstract class TlsStreamsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends TlsStreamsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends TlsStreamsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    private static final String HOST = "127.0.0.1";

    private TestCertificates certs;
    /** Where a Unix-domain socket file goes. */
    @TempDir
    Path dir;

    @Override
    boolean virtualTime() {
        return false; // socket readiness is real time; a virtual clock would race past it
    }

    @BeforeEach
    final void certificates() {
        certs = TestCertificates.get();
    }

    private TlsOptions serverTls() {
        return TlsOptions.of(certs.serverContext);
    }

    private TlsOptions clientTls() {
        return TlsOptions.of(certs.clientContext);
    }

    /** A TLS echo server: each line back, until the end of the stream; then closes. */
    private Server echoServer() throws IOException {
        return Streams.startServer((reader, writer) -> {
            for (byte[] line : reader) {
                writer.write(line);
                writer.drain();
            }
            writer.close();
            writer.waitClosed();
        }, HOST, 0, serverTls());
    }

    @Test
    void echoOverTlsWithTheSessionOnBothSides() {
        List<Object> seen = run(() -> {
            Future<SSLSession> serverSession = loop.createFuture();
            // Through Async's entry points (asyncio's module functions), which hand the TLS options on to Streams.
            Server server = Async.startServer((reader, writer) -> {
                serverSession.setResult(writer.sslSession());
                for (byte[] line : reader) {
                    writer.write(line);
                }
                writer.close();
            }, HOST, 0, serverTls());
            Connection c = Async.openConnection(HOST, server.port(), clientTls());
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                c.writer().write(b("line " + i + "\n"));
                c.writer().drain();
                lines.add(s(c.reader().readline()));
            }
            SSLSession client = c.writer().sslSession();
            c.writer().close();
            c.writer().waitClosed(); // a clean close_notify exchange: no error
            server.close();
            server.waitClosed();
            return List.of(lines, client, serverSession.await(), c.writer().toString());
        });
        assertThat(seen.get(0)).isEqualTo(List.of("line 0\n", "line 1\n", "line 2\n"));
        SSLSession client = (SSLSession) seen.get(1);
        assertThat(client.getProtocol()).startsWith("TLSv1.");
        assertThat(((X509Certificate) peerCertificate(client)).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
        assertThat(((SSLSession) seen.get(2)).getCipherSuite()).isEqualTo(client.getCipherSuite());
        assertThat((String) seen.get(3)).contains("TlsTransport");
        assertThat(loop.watchedChannels()).isZero();
    }

    private static Object peerCertificate(SSLSession session) {
        try {
            return session.getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void echoOverTls12AndItsCloseNotifyExchange() {
        List<String> seen = run(() -> {
            Server server = echoServer();
            Connection c = Streams.openConnection(HOST, server.port(), TlsOptions.of(certs.tls12ClientContext));
            c.writer().write(b("over 1.2\n"));
            String line = s(c.reader().readline());
            String protocol = c.writer().sslSession().getProtocol();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed(); // the server's side closed cleanly too
            return List.of(line, protocol);
        });
        assertThat(seen).containsExactly("over 1.2\n", "TLSv1.2");
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void aPlaintextConnectionHasNoSession() {
        Object session = run(() -> {
            Server server = Streams.startServer((r, w) -> w.close(), HOST, 0);
            try (Connection c = Streams.openConnection(HOST, server.port())) {
                return c.writer().sslSession() == null ? "none" : "some";
            } finally {
                server.close();
            }
        });
        assertThat(session).isEqualTo("none");
    }

    @Test
    void largeTransfersBothWaysGoThroughTlsFlowControl() {
        int total = 6 * 1024 * 1024;
        long[] result = run(() -> {
            Future<long[]> serverGot = loop.createFuture();
            Server server = Streams.startServer((reader, writer) -> {
                writer.setWriteBufferLimits(32 * 1024, 8 * 1024);
                // Sends its own stream while reading the client's: both directions are busy at once.
                Task<Void> sending = Async.createTask(() -> {
                    sendPattern(writer, total, 7);
                    return null;
                });
                long[] got = receive(reader, total);
                sending.await();
                serverGot.setResult(got);
                writer.close();
            }, HOST, 0, serverTls());
            Connection c = Streams.openConnection(HOST, server.port(), clientTls());
            c.writer().setWriteBufferLimits(16 * 1024, 4 * 1024);
            Task<Void> sending = loop.createTask(() -> {
                sendPattern(c.writer(), total, 3);
                return null;
            });
            long[] clientGot = receive(c.reader(), total);
            sending.await();
            long[] fromClient = serverGot.await();
            c.writer().close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return new long[] {clientGot[0], clientGot[1], fromClient[0], fromClient[1]};
        });
        assertThat(result[0]).isEqualTo(total);
        assertThat(result[1]).as("CRC of what the server sent").isEqualTo(patternCrc(total, 7));
        assertThat(result[2]).isEqualTo(total);
        assertThat(result[3]).as("CRC of what the client sent").isEqualTo(patternCrc(total, 3));
    }

    private static void sendPattern(StreamWriter writer, int total, int seed) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < total; sent += chunk.length) {
            fillPattern(chunk, sent, seed);
            writer.write(chunk, 0, Math.min(chunk.length, total - sent));
            writer.drain();
        }
    }

    private static void fillPattern(byte[] chunk, int from, int seed) {
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ((from + i) * seed >>> 3);
        }
    }

    private static long patternCrc(int total, int seed) {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[64 * 1024];
        for (int at = 0; at < total; at += chunk.length) {
            fillPattern(chunk, at, seed);
            crc.update(chunk, 0, Math.min(chunk.length, total - at));
        }
        return crc.getValue();
    }

    /** Reads exactly {@code total} bytes in pieces: {count, crc}. */
    private static long[] receive(StreamReader reader, int total) throws IOException {
        CRC32 crc = new CRC32();
        long n = 0;
        while (n < total) {
            byte[] piece = reader.read(100_000);
            if (piece.length == 0) {
                break;
            }
            crc.update(piece);
            n += piece.length;
        }
        return new long[] {n, crc.getValue()};
    }

    @Test
    void startTlsUpgradesAConnectionAfterAPlaintextGreeting() {
        List<String> transcript = run(() -> {
            Future<String> serverSaw = loop.createFuture();
            // An SMTP-like server: greeting, STARTTLS, then the rest of the conversation over TLS.
            Server server = Streams.startServer((reader, writer) -> {
                writer.write(b("220 ready\r\n"));
                String command = s(reader.readline());
                writer.write(b("220 go ahead\r\n"));
                writer.startTls(serverTls());
                String secret = s(reader.readline());
                serverSaw.setResult(command.trim() + " then " + secret.trim() + " over "
                        + writer.sslSession().getProtocol());
                writer.write(b("250 ok " + secret));
                writer.close();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            List<String> out = new ArrayList<>();
            out.add(s(c.reader().readline()));
            out.add("tls before: " + (c.writer().sslSession() != null));
            c.writer().write(b("STARTTLS\r\n"));
            out.add(s(c.reader().readline()));
            c.writer().startTls(clientTls().withServerHostname("localhost"));
            out.add("tls after: " + (c.writer().sslSession() != null));
            c.writer().write(b("EHLO secret\r\n"));
            out.add(s(c.reader().readline()));
            out.add("then: " + c.reader().read(-1).length); // the server's close_notify ends the stream
            out.add(serverSaw.await());
            c.close();
            c.writer().waitClosed();
            server.close();
            server.waitClosed();
            return out;
        });
        assertThat(transcript).hasSize(7);
        assertThat(transcript.subList(0, 6)).containsExactly("220 ready\r\n", "tls before: false",
                "220 go ahead\r\n", "tls after: true", "250 ok EHLO secret\r\n", "then: 0");
        assertThat(transcript.get(6)).startsWith("STARTTLS then EHLO secret over TLSv1.");
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeOnBothSidesAndLeaksNoSocket() throws Exception {
        try (LogCapture log = new LogCapture(Level.FINE)) { // the server logs failed handshakes at DEBUG
            List<Object> outcome = run(() -> {
                boolean[] handlerRan = {false};
                Server server = Streams.startServer((r, w) -> handlerRan[0] = true, HOST, 0, serverTls());
                int watched = loop.watchedChannels();
                Throwable error;
                try {
                    // The JDK's default trust: public CAs only, not our self-signed certificate.
                    Streams.openConnection(HOST, server.port(), TlsOptions.of(SSLContext.getDefault()));
                    error = null;
                } catch (IOException e) {
                    error = e;
                }
                int watchedAfter = loop.watchedChannels();
                server.close();
                server.waitClosed(); // returns once the server's side of the failed connection is gone too
                return List.of(error, watchedAfter - watched, handlerRan[0]);
            });
            assertThat((Throwable) outcome.get(0)).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certification path");
            assertThat(outcome.get(1)).as("client sockets left watched").isEqualTo(0);
            assertThat(outcome.get(2)).as("the handler ran").isEqualTo(false);
            List<LogRecord> serverSide = log.find(Level.FINE, "TLS handshake with");
            assertThat(serverSide).hasSize(1);
            assertThat(serverSide.get(0).getThrown()).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certificate_unknown");
        }
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void aCertificateForAnotherNameFailsTheHostnameCheckUnlessItIsTurnedOff() {
        List<Object> outcome = run(() -> {
            Server server = echoServer();
            Throwable error;
            try {
                Streams.openConnection(HOST, server.port(), clientTls().withServerHostname("wrong.example"));
                error = null;
            } catch (IOException e) {
                error = e;
            }
            String unchecked;
            try (Connection c = Streams.openConnection(HOST, server.port(),
                    clientTls().withServerHostname("wrong.example").withoutHostnameCheck())) {
                c.writer().write(b("trusted anyway\n"));
                unchecked = s(c.reader().readline());
            }
            Throwable byName;
            try (Connection c = Streams.openConnection("localhost", server.port(), clientTls())) {
                byName = null; // localhost resolved to 127.0.0.1: the certificate names localhost
            } catch (java.net.ConnectException onlyIpv6) {
                byName = null; // localhost resolved to ::1 only; nothing listens there, nothing to check
            }
            server.close();
            return java.util.Arrays.asList(error, unchecked, byName);
        });
        assertThat((Throwable) outcome.get(0)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("wrong.example");
        assertThat(outcome.get(1)).isEqualTo("trusted anyway\n");
        assertThat(outcome.get(2)).isNull();
    }

    /** A blocking TLS server for one client, on a thread; {@code body} gets the handshaken socket. */
    private CompletableFuture<Void> blockingTlsPeer(ServerSocket listener, SocketBody body) {
        return CompletableFuture.runAsync(() -> {
            try (Socket plain = listener.accept()) {
                SSLSocket tls = (SSLSocket) certs.serverContext.getSocketFactory().createSocket(plain, null, false);
                tls.setUseClientMode(false);
                tls.startHandshake();
                body.run(plain, tls);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @FunctionalInterface
    private interface SocketBody {
        void run(Socket plain, SSLSocket tls) throws IOException;
    }

    private static ServerSocket loopbackListener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName(HOST));
    }

    @Test
    void aPeerClosingWithoutCloseNotifyIsTheEndOfTheStream() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CompletableFuture<Void> peer = blockingTlsPeer(listener, (plain, tls) -> {
                tls.getOutputStream().write(b("hello\nrest"));
                tls.getOutputStream().flush();
                plain.close(); // TCP FIN under the TLS layer: no close_notify
            });
            List<String> got = run(() -> {
                Connection c = Streams.openConnection(HOST, listener.getLocalPort(), clientTls());
                String line = s(c.reader().readline());
                String rest = s(c.reader().read(-1));
                c.writer().waitClosed(); // no error: asyncio's suppress_ragged_eofs
                return List.of(line, rest, String.valueOf(c.writer().isClosing()));
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(got).containsExactly("hello\n", "rest", "true");
        }
    }

    @Test
    void aPeerResettingTheConnectionFailsTheReadAndDrainWithAClearError() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CompletableFuture<Void> peer = blockingTlsPeer(listener, (plain, tls) -> {
                tls.getOutputStream().write(b("hello\n"));
                tls.getOutputStream().flush();
                tls.getInputStream().read(); // wait for the client's go
                plain.setSoLinger(true, 0);
                plain.close(); // an RST
            });
            List<Throwable> errors = run(() -> {
                Connection c = Streams.openConnection(HOST, listener.getLocalPort(), clientTls());
                assertThat(s(c.reader().readline())).isEqualTo("hello\n");
                c.writer().write(b("go"));
                List<Throwable> out = new ArrayList<>();
                out.add(IoFailures.failureOf(() -> c.reader().read(100)));
                out.add(IoFailures.failureOf(() -> c.writer().drain()));
                return out;
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(errors.get(0)).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            assertThat(errors.get(1)).isSameAs(errors.get(0));
            assertThat(loop.watchedChannels()).isZero();
        }
    }

    @Test
    void aPeerClosingDuringTheHandshakeIsAHandshakeFailure() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().read(); // the client hello has begun; leave without a word
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Throwable error = run(() -> {
                try {
                    Streams.openConnection(HOST, listener.getLocalPort(), clientTls());
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            peer.get(10, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("closed the connection during the TLS handshake");
            assertThat(loop.watchedChannels()).isZero();
        }
    }

    /** A peer that accepts TCP, reports the first byte it gets, then never answers; ends at the client's end. */
    private static CompletableFuture<Integer> silentPeer(ServerSocket listener, CompletableFuture<Void> gotHello) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = listener.accept(); InputStream in = s.getInputStream()) {
                in.read();
                gotHello.complete(null);
                try {
                    while (in.read() >= 0) {
                        // swallow the rest of the hello
                    }
                    return -1;
                } catch (SocketException reset) {
                    return -2; // an abort may arrive as a reset: the socket was closed all the same
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aHandshakeThePeerNeverAnswersTimesOutAndClosesTheSocket() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CompletableFuture<Integer> peer = silentPeer(listener, new CompletableFuture<>());
            Throwable error = run(() -> {
                try {
                    Streams.openConnection(HOST, listener.getLocalPort(),
                            clientTls().withHandshakeTimeout(Duration.ofMillis(300)));
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            assertThat(error).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("is taking longer than 300 ms")
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            assertThat(peer.get(10, TimeUnit.SECONDS)).as("the peer saw the socket closed").isNegative();
            assertThat(loop.watchedChannels()).isZero();
        }
    }

    @Test
    void aClientThatNeverHandshakesIsDroppedByTheServersTimeoutWithoutReachingTheHandler() {
        List<Object> outcome = run(() -> {
            boolean[] handlerRan = {false};
            Server server = Streams.startServer((r, w) -> handlerRan[0] = true, HOST, 0,
                    serverTls().withHandshakeTimeout(Duration.ofMillis(300)));
            Connection raw = Streams.openConnection(HOST, server.port()); // plaintext: says nothing
            byte[] end = raw.reader().read(-1); // the server gives up and closes
            raw.close();
            server.close();
            server.waitClosed();
            return List.of(end.length, handlerRan[0]);
        });
        assertThat(outcome).containsExactly(0, false);
    }

    @Test
    void cancellingATaskBlockedInTheHandshakeClosesOnlyItsSocketAndLeavesTheLoopHealthy() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CompletableFuture<Void> gotHello = new CompletableFuture<>();
            CompletableFuture<Integer> peer = silentPeer(listener, gotHello);
            String after = run(() -> {
                Server unrelated = echoServer(); // must survive the cancellation
                int watchedBefore = loop.watchedChannels();
                Task<Connection> connecting = loop.createTask(
                        () -> Streams.openConnection(HOST, listener.getLocalPort(), clientTls()));
                Async.wrapFuture(gotHello).await(); // the handshake is under way
                connecting.cancel();
                assertThatThrownBy(connecting::await).isInstanceOf(CancellationException.class);
                assertThat(loop.watchedChannels()).isEqualTo(watchedBefore);
                try (Connection c = Streams.openConnection(HOST, unrelated.port(), clientTls())) {
                    c.writer().write(b("still fine\n"));
                    return s(c.reader().readline());
                } finally {
                    unrelated.close();
                }
            });
            assertThat(after).isEqualTo("still fine\n");
            assertThat(peer.get(10, TimeUnit.SECONDS)).as("the peer saw the socket closed").isNegative();
        }
    }

    @Test
    void cancellingATaskBlockedInATlsReadLeavesTheStreamUsable() {
        String after = run(() -> {
            Server server = echoServer();
            Connection c = Streams.openConnection(HOST, server.port(), clientTls());
            Task<byte[]> reading = loop.createTask(() -> c.reader().readline());
            Async.sleep(Duration.ZERO); // the reading task runs up to its wait for data
            reading.cancel();
            assertThatThrownBy(reading::await).isInstanceOf(CancellationException.class);
            c.writer().write(b("still works\n"));
            c.writer().drain();
            String line = s(c.reader().readline());
            c.close();
            c.writer().waitClosed();
            server.close();
            return line;
        });
        assertThat(after).isEqualTo("still works\n");
    }

    @Test
    void cancellingATaskBlockedInATlsDrainLeavesTheWriterUsable() {
        int big = 8 * 1024 * 1024; // more than loopback's socket buffers take while the peer does not read
        long got = run(() -> {
            Event startReading = new Event();
            Future<Long> received = loop.createFuture();
            Server server = Streams.startServer((r, w) -> {
                startReading.await();
                long n = 0;
                byte[] piece;
                while ((piece = r.read(1 << 16)).length > 0) {
                    n += piece.length;
                }
                received.setResult(n);
                w.close();
            }, HOST, 0, serverTls());
            Connection c = Streams.openConnection(HOST, server.port(), clientTls());
            c.writer().setWriteBufferLimits(1024, 0);
            c.writer().write(new byte[big]);
            Task<Void> draining = loop.createTask(() -> {
                c.writer().drain();
                return null;
            });
            Async.sleep(Duration.ZERO); // the draining task runs up to its wait
            assertThat(draining.done()).as("drain returned while the peer did not read").isFalse();
            draining.cancel();
            assertThatThrownBy(draining::await).isInstanceOf(CancellationException.class);
            assertThat(c.writer().isClosing()).isFalse();
            startReading.set();
            c.writer().write(new byte[100]);
            c.writer().drain(); // a new drain works and returns once the peer has read
            c.writer().close(); // close_notify after the data: the server reads to the end
            long n = received.await();
            c.writer().waitClosed();
            server.close();
            return n;
        });
        assertThat(got).isEqualTo(8 * 1024 * 1024 + 100);
    }

    @Test
    void cancellingStartTlsDuringTheHandshakeAbortsTheConnectionWithAClearError() {
        List<Object> outcome = run(() -> {
            Event serverDone = new Event();
            // Agrees to STARTTLS, then never starts TLS: the client's handshake hangs until cancelled.
            Server server = Streams.startServer((reader, writer) -> {
                reader.readline();
                writer.write(b("220 go ahead\r\n"));
                reader.read(-1);
                writer.close();
                serverDone.set();
            }, HOST, 0);
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().write(b("STARTTLS\r\n"));
            c.reader().readline();
            Task<Void> upgrading = loop.createTask(() -> {
                c.writer().startTls(clientTls().withServerHostname("localhost"));
                return null;
            });
            Async.sleep(Duration.ZERO); // the upgrading task runs up to its wait for the server's hello
            upgrading.cancel();
            assertThatThrownBy(upgrading::await).isInstanceOf(CancellationException.class);
            Throwable readError;
            try {
                c.reader().read(10);
                readError = null;
            } catch (IOException e) {
                readError = e;
            }
            serverDone.await(); // the server saw the end of the connection
            server.close();
            server.waitClosed();
            return java.util.Arrays.asList(readError, c.writer().isClosing());
        });
        assertThat((Throwable) outcome.get(0)).isInstanceOf(SocketException.class)
                .hasMessageContaining("startTls() was cancelled");
        assertThat(outcome.get(1)).isEqualTo(true);
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void closeWaitsForThePeersCloseNotifyAtMostTheShutdownTimeout() throws Exception {
        try (ServerSocket listener = loopbackListener()) {
            CompletableFuture<Void> release = new CompletableFuture<>();
            CompletableFuture<Void> peer = blockingTlsPeer(listener, (plain, tls) -> {
                tls.getOutputStream().write(b("hi\n"));
                tls.getOutputStream().flush();
                release.join(); // reads nothing more: our close_notify goes unanswered
            });
            Throwable error = run(() -> {
                Connection c = Streams.openConnection(HOST, listener.getLocalPort(),
                        clientTls().withShutdownTimeout(Duration.ofMillis(300)));
                c.reader().readline();
                c.close();
                try {
                    c.writer().waitClosed();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            release.complete(null);
            peer.get(10, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("no close_notify from the peer within 300 ms");
            assertThat(loop.watchedChannels()).isZero();
        }
    }

    @Test
    void theServersCloseNotifyIsTheEndOfTheClientsStreamAndCloseClientsSendsIt() {
        List<Integer> ends = run(() -> {
            Event serving = new Event();
            Server server = Streams.startServer((r, w) -> {
                serving.set();
                r.read(-1);
            }, HOST, 0, serverTls());
            Connection a = Streams.openConnection(HOST, server.port(), clientTls());
            serving.await(); // the server's side of the handshake is done too
            server.closeClients();
            int end = a.reader().read(-1).length;
            a.writer().waitClosed();
            server.close();
            server.waitClosed();
            return List.of(end);
        });
        assertThat(ends).containsExactly(0);
    }

    @Test
    void tlsHasNoHalfClose() {
        run(() -> {
            Server server = echoServer();
            try (Connection c = Streams.openConnection(HOST, server.port(), clientTls())) {
                assertThat(c.writer().canWriteEof()).isFalse();
                assertThatThrownBy(c.writer()::writeEof).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("TLS has no half-close");
            } finally {
                server.close();
            }
            return null;
        });
    }

    @Test
    void startTlsMistakesFailEarly() {
        run(() -> {
            Server server = echoServer();
            Server plain = Streams.startServer((r, w) -> r.read(-1), HOST, 0);
            try (Connection tls = Streams.openConnection(HOST, server.port(), clientTls());
                    Connection c = Streams.openConnection(HOST, plain.port())) {
                assertThatThrownBy(() -> tls.writer().startTls(clientTls().withServerHostname("localhost")))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already uses TLS");
                assertThatThrownBy(() -> c.writer().startTls(clientTls()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withServerHostname");
                assertThatThrownBy(() -> c.writer().startTls(null)).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("tls");
            } finally {
                server.close();
                plain.close();
            }
            return null;
        });
    }

    @Test
    void badTlsOptionsFailEarlyWithClearMessages() {
        SSLContext context = certs.clientContext;
        assertThatThrownBy(() -> TlsOptions.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("context");
        assertThatThrownBy(() -> TlsOptions.of(context).withHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handshakeTimeout must be > 0");
        assertThatThrownBy(() -> TlsOptions.of(context).withShutdownTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout must be > 0");
        assertThatThrownBy(() -> TlsOptions.of(context).withServerHostname("")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("serverHostname must not be empty");
        run(() -> {
            assertThatThrownBy(() -> Streams.startServer((r, w) -> { }, HOST, 0,
                    serverTls().withServerHostname("localhost"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("client option");
            assertThatThrownBy(() -> Streams.openConnection(HOST, 1, (TlsOptions) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("tls");
            return null;
        });
        assertThat(TlsOptions.of(context).handshakeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(TlsOptions.of(context).shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(TlsOptions.of(context).checkHostname()).isTrue();
    }

    // ------------------------------------------------------------------ mutual TLS and peer certificates

    private TlsOptions certifiedClientTls() {
        return TlsOptions.of(certs.certifiedClientContext);
    }

    private static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    private static List<String> subjects(List<X509Certificate> chain) {
        return chain.stream().map(TlsStreamsTest::subject).toList();
    }

    /** A TLS echo server asking for client certificates; each handler reports the client's chain, then echoes. */
    private Server mutualEchoServer(ClientAuth clientAuth, Queue<List<String>> clientChains) throws IOException {
        return Streams.startServer((reader, writer) -> {
            clientChains.putNowait(subjects(writer.peerCertificates()));
            for (byte[] line : reader) {
                writer.write(line);
            }
            writer.close();
        }, HOST, 0, serverTls().withClientAuth(clientAuth));
    }

    /** One line there and back over a new connection; returns what came back. */
    private static String echoOnce(int port, TlsOptions tls) throws IOException {
        try (Connection c = Streams.openConnection(HOST, port, tls)) {
            c.writer().write(b("ping\n"));
            c.writer().drain();
            return s(c.reader().readline());
        }
    }

    /**
     * What a client the server refuses gets: the error of {@code openConnection} (TLS 1.2), or else (TLS 1.3, where
     * the client's handshake ends before the server has checked its certificate) of its first read, which
     * {@code drain()} must then report too. Writes nothing: its data would reach a closed socket.
     */
    private static Throwable refusal(int port, SSLContext context) {
        Connection c;
        try {
            c = Streams.openConnection(HOST, port, TlsOptions.of(context));
        } catch (IOException e) {
            return e;
        }
        try {
            Throwable read = IoFailures.failureOf(() -> c.reader().readline());
            Throwable drain = IoFailures.failureOf(() -> c.writer().drain());
            assertThat(drain).as("drain() after the server's alert").isSameAs(read);
            return read;
        } finally {
            c.close();
        }
    }

    @Test
    void requiredClientAuthHandsTheServerTheClientsVerifiedCertificate() {
        List<Object> seen = run(() -> {
            Queue<List<String>> clientChains = new Queue<>();
            Server server = mutualEchoServer(ClientAuth.REQUIRED, clientChains);
            try (Connection c = Streams.openConnection(HOST, server.port(), certifiedClientTls())) {
                c.writer().write(b("with a certificate\n"));
                String line = s(c.reader().readline());
                return List.of(line, clientChains.get(), subjects(c.writer().peerCertificates()));
            } finally {
                server.close();
                server.waitClosed();
            }
        });
        assertThat(seen.get(0)).isEqualTo("with a certificate\n");
        assertThat(seen.get(1)).as("the server's view of the client").isEqualTo(
                List.of(TestCertificates.CLIENT_SUBJECT));
        assertThat(seen.get(2)).as("the client's view of the server").isEqualTo(List.of("CN=localhost"));
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void requiredClientAuthRefusesAClientWithoutACertificateOnBothSidesAndTheLoopStaysHealthy() throws Exception {
        try (LogCapture log = new LogCapture(Level.FINE)) { // the server logs failed handshakes at DEBUG
            List<Object> outcome = run(() -> {
                Queue<List<String>> clientChains = new Queue<>();
                Server server = mutualEchoServer(ClientAuth.REQUIRED, clientChains);
                Throwable tls13 = refusal(server.port(), certs.clientContext);
                Throwable tls12 = refusal(server.port(), certs.tls12ClientContext);
                String after = echoOnce(server.port(), certifiedClientTls()); // the server and loop go on
                List<String> handled = clientChains.get();
                int refusedHandlers = clientChains.qsize(); // a refused client's handler never starts
                server.close();
                server.waitClosed(); // returns once the server's side of every connection is gone too
                return List.of(tls13, tls12, after, handled, refusedHandlers);
            });
            assertRequiredClientAuthOutcome(outcome, "openConnection()", log);
        }
        assertThat(loop.watchedChannels()).isZero();
    }

    /**
     * Checks what a server requiring client certificates did with two clients without one (TLS 1.3, then 1.2)
     * and a certified client after them: {@code outcome} is (TLS 1.3 refusal, TLS 1.2 refusal, the certified
     * client's echo of "ping\n", the certificate subjects the server's handler saw, how many handlers are left
     * queued), and the server logged both failed handshakes at DEBUG. Shared with {@link UnixTlsStreamsTest}: the
     * protocol's outcome does not depend on the transport.
     *
     * @param tls12Connect the call that fails under TLS 1.2 (the handshake completes inside it)
     */
    static void assertRequiredClientAuthOutcome(List<Object> outcome, String tls12Connect, LogCapture log) {
        assertThat((Throwable) outcome.get(0)).as("TLS 1.3: the first read")
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("certificate_required");
        assertThat((Throwable) outcome.get(1)).as("TLS 1.2: " + tls12Connect)
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("handshake_failure");
        assertThat(outcome.get(2)).isEqualTo("ping\n");
        assertThat(outcome.get(3)).isEqualTo(List.of(TestCertificates.CLIENT_SUBJECT));
        assertThat(outcome.get(4)).as("handlers of refused clients").isEqualTo(0);
        List<LogRecord> serverSide = log.find(Level.FINE, "TLS handshake with");
        assertThat(serverSide).hasSize(2).allSatisfy(r -> assertThat(r.getThrown())
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("Empty client certificate chain"));
    }

    @Test
    void requestedClientAuthAcceptsAClientWithoutACertificateAndReportsNone() {
        List<Object> seen = run(() -> {
            Queue<List<String>> clientChains = new Queue<>();
            Server server = mutualEchoServer(ClientAuth.REQUESTED, clientChains);
            String anonymous = echoOnce(server.port(), clientTls());
            List<String> none = clientChains.get();
            String certified = echoOnce(server.port(), certifiedClientTls());
            List<String> some = clientChains.get();
            server.close();
            server.waitClosed();
            return List.of(anonymous, none, certified, some);
        });
        assertThat(seen).containsExactly("ping\n", List.of(), "ping\n", List.of(TestCertificates.CLIENT_SUBJECT));
    }

    @Test
    void anUntrustedClientCertificateFailsTheHandshakeWhetherRequiredOrRequested() {
        List<Object> outcome = run(() -> {
            List<Object> out = new ArrayList<>();
            for (ClientAuth clientAuth : List.of(ClientAuth.REQUIRED, ClientAuth.REQUESTED)) {
                Queue<List<String>> clientChains = new Queue<>();
                Server server = mutualEchoServer(clientAuth, clientChains);
                out.add(refusal(server.port(), certs.untrustedClientContext));
                out.add(echoOnce(server.port(), certifiedClientTls()));
                clientChains.get();
                out.add(clientChains.qsize()); // the refused client's handler never started
                server.close();
                server.waitClosed();
            }
            return out;
        });
        for (int i = 0; i < outcome.size(); i += 3) {
            assertThat((Throwable) outcome.get(i)).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certificate_unknown");
            assertThat(outcome.get(i + 1)).isEqualTo("ping\n");
            assertThat(outcome.get(i + 2)).isEqualTo(0);
        }
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void startTlsOnTheServerSideCanRequireTheClientsCertificate() {
        List<String> transcript = run(() -> startTlsRequiringTheClientsCertificate(
                handler -> Streams.startServer(handler, HOST, 0),
                server -> Streams.openConnection(HOST, server.port())));
        assertThat(transcript).containsExactly("[]", "220 go ahead\r\n",
                "250 hello " + TestCertificates.CLIENT_SUBJECT + "\r\n", "[CN=localhost]");
    }

    @Test
    void startTlsOverAUnixSocketCanRequireTheClientsCertificateToo() {
        Path path = dir.resolve("tls.sock");
        List<String> transcript = run(() -> startTlsRequiringTheClientsCertificate(
                handler -> Streams.startUnixServer(handler, path),
                server -> Streams.openUnixConnection(path)));
        assertThat(transcript).containsExactly("[]", "220 go ahead\r\n",
                "250 hello " + TestCertificates.CLIENT_SUBJECT + "\r\n", "[CN=localhost]");
    }

    /** Starts a plaintext server. */
    @FunctionalInterface
    private interface Listen {
        Server start(ClientConnectedCallback handler) throws IOException;
    }

    /** Connects to {@code server} in plaintext. */
    @FunctionalInterface
    private interface Dial {
        Connection open(Server server) throws IOException;
    }

    /**
     * STARTTLS where the server side requires the client's certificate; returns the client's transcript: its peer
     * certificates before, the two replies, its peer certificates after.
     */
    private List<String> startTlsRequiringTheClientsCertificate(Listen listen, Dial dial) throws IOException {
        Server server = listen.start((reader, writer) -> {
            reader.readline(); // STARTTLS
            writer.write(b("220 go ahead\r\n"));
            writer.startTls(serverTls().withClientAuth(ClientAuth.REQUIRED));
            List<X509Certificate> client = writer.peerCertificates();
            writer.write(b("250 hello " + subject(client.getFirst()) + "\r\n"));
            writer.close();
        });
        Connection c = dial.open(server);
        List<String> out = new ArrayList<>();
        out.add(subjects(c.writer().peerCertificates()).toString()); // plaintext yet
        c.writer().write(b("STARTTLS\r\n"));
        out.add(s(c.reader().readline()));
        c.writer().startTls(certifiedClientTls().withServerHostname("localhost"));
        out.add(s(c.reader().readline()));
        out.add(subjects(c.writer().peerCertificates()).toString());
        c.writer().waitClosed();
        server.close();
        server.waitClosed();
        return out;
    }

    @Test
    void aPlaintextConnectionHasNoPeerCertificatesOnEitherSide() {
        List<Object> seen = run(() -> {
            Future<List<X509Certificate>> serverSaw = loop.createFuture();
            Server server = Streams.startServer((r, w) -> {
                serverSaw.setResult(w.peerCertificates());
                w.close();
            }, HOST, 0);
            try (Connection c = Streams.openConnection(HOST, server.port())) {
                return List.of(c.writer().peerCertificates(), serverSaw.await());
            } finally {
                server.close();
            }
        });
        assertThat(seen).containsExactly(List.of(), List.of());
    }

    @Test
    void clientAuthOnAClientConnectionIsRefusedNamingTheFix() {
        TlsOptions asClient = certifiedClientTls().withClientAuth(ClientAuth.REQUIRED);
        assertThat(TlsOptions.of(certs.serverContext).clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThatThrownBy(() -> asClient.withClientAuth(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clientAuth");
        run(() -> {
            // Port 1: nothing listens there; the mistake is reported before any connect is tried.
            assertThatThrownBy(() -> Streams.openConnection(HOST, 1, asClient))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openConnection(): withClientAuth(REQUIRED) is a server option")
                    .hasMessageContaining("key managers of its SSLContext");
            assertThatThrownBy(() -> Async.openConnection(HOST, 1, asClient.withClientAuth(ClientAuth.REQUESTED)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("withClientAuth(REQUESTED) is a server option");
            Server plain = Streams.startServer((r, w) -> r.read(-1), HOST, 0);
            try (Connection c = Streams.openConnection(HOST, plain.port())) {
                assertThatThrownBy(() -> c.writer().startTls(asClient.withServerHostname("localhost")))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("startTls() on a client connection: withClientAuth(REQUIRED)")
                        .hasMessageContaining("remove withClientAuth");
                assertThat(c.writer().sslSession()).as("nothing changed").isNull();
                c.writer().write(b("still plaintext\n"));
                c.writer().drain();
            } finally {
                plain.close();
            }
            return null;
        });
    }
}
