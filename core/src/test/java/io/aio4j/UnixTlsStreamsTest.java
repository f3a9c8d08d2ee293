package io.aio4j;

import static io.aio4j.StreamReaderTest.b;
import static io.aio4j.StreamReaderTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aio4j.streams.ClientAuth;
import io.aio4j.streams.Connection;
import io.aio4j.streams.LimitOverrunException;
import io.aio4j.streams.Server;
import io.aio4j.streams.StreamOptions;
import io.aio4j.streams.Streams;
import io.aio4j.streams.TlsOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS over Unix-domain sockets, asyncio's {@code open_unix_connection(path, ssl=..., server_hostname=...)} and
 * {@code start_unix_server(cb, path, ssl=...)} (CPython tests them in {@code test_asyncio/test_ssl.py} and
 * {@code test_sslproto.py}), over real socket files in a temporary directory with the certificates of
 * {@link TestCertificates}: echo and peer certificates on both sides, mutual TLS, the server name a Unix socket
 * lacks, a plaintext client that fails the server's handshake, and cancellation during the handshake. The TLS layer
 * itself is the TCP one; {@link TlsStreamsTest} covers its failures in depth.
 */
abstract class UnixTlsStreamsTest extends LoopTestBase {
    static final class VirtualThreadsTest extends UnixTlsStreamsTest {
        @Override
        Backend backend() {
            return Backend.VIRTUAL_THREADS;
        }
    }

    static final class ContinuationTest extends UnixTlsStreamsTest {
        @Override
        Backend backend() {
            return Backend.CONTINUATION;
        }
    }

    /** The name in the server's certificate (a Unix socket has no host name to default to). */
    private static final String SERVER_NAME = "localhost";

    private TestCertificates certs;
    @TempDir
    Path dir;
    private Path path;

    @Override
    boolean virtualTime() {
        return false; // socket readiness is real time; a virtual clock would race past it
    }

    @BeforeEach
    final void setUp() {
        certs = TestCertificates.get();
        path = dir.resolve("tls.sock");
    }

    private TlsOptions serverTls() {
        return TlsOptions.of(certs.serverContext);
    }

    /** A client trusting the server, naming it as its certificate does. */
    private TlsOptions clientTls(SSLContext context) {
        return TlsOptions.of(context).withServerHostname(SERVER_NAME);
    }

    /** A TLS echo server on {@link #path}: each line back, until the end of the stream; then closes. */
    private Server echoServer(TlsOptions tls) throws IOException {
        return Streams.startUnixServer((reader, writer) -> {
            for (byte[] line : reader) {
                writer.write(line);
                writer.drain();
            }
            writer.close();
        }, path, tls);
    }

    /** One line there and back over a new TLS connection to {@link #path}; returns what came back. */
    private String echoOnce(TlsOptions tls) throws IOException {
        try (Connection c = Streams.openUnixConnection(path, tls)) {
            c.writer().write(b("ping\n"));
            c.writer().drain();
            return s(c.reader().readline());
        }
    }

    private static List<String> subjects(List<X509Certificate> chain) {
        return chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
    }

    private static List<String> sniNames(ExtendedSSLSession session) {
        List<String> names = new ArrayList<>();
        for (SNIServerName name : session.getRequestedServerNames()) {
            names.add(((SNIHostName) name).getAsciiName());
        }
        return names;
    }

    @Test
    void echoOverTlsOnAUnixSocketWithPeerCertificatesOnBothSides() {
        List<Object> seen = run(() -> {
            Future<List<String>> serverSaw = loop.createFuture();
            // Through Async's entry points, which hand the TLS options on to Streams; mutual TLS, so that both
            // sides have a peer certificate to report.
            Server server = Async.startUnixServer((reader, writer) -> {
                serverSaw.setResult(subjects(writer.peerCertificates()));
                for (byte[] line : reader) {
                    writer.write(line);
                }
                writer.close();
            }, path, serverTls().withClientAuth(ClientAuth.REQUIRED));
            Connection c = Async.openUnixConnection(path, clientTls(certs.certifiedClientContext));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                c.writer().write(b("line " + i + "\n"));
                c.writer().drain();
                lines.add(s(c.reader().readline()));
            }
            List<String> clientSaw = subjects(c.writer().peerCertificates());
            String protocol = c.writer().sslSession().getProtocol();
            c.writer().close();
            c.writer().waitClosed(); // a clean close_notify exchange: no error
            server.close();
            server.waitClosed();
            return List.of(lines, clientSaw, serverSaw.await(), protocol, Files.exists(path));
        });
        assertThat(seen.get(0)).isEqualTo(List.of("line 0\n", "line 1\n", "line 2\n"));
        assertThat(seen.get(1)).as("the client's view of the server").isEqualTo(List.of("CN=localhost"));
        assertThat(seen.get(2)).as("the server's view of the client").isEqualTo(
                List.of(TestCertificates.CLIENT_SUBJECT));
        assertThat((String) seen.get(3)).startsWith("TLSv1.");
        assertThat(seen.get(4)).as("the socket file after close").isEqualTo(false);
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void theStreamOptionsOverloadsHandTheLimitToTheTlsStreamsOnBothSides() {
        List<Object> seen = run(() -> {
            StreamOptions small = StreamOptions.DEFAULT.withLimit(8);
            Future<Throwable> serverRead = loop.createFuture();
            Server server = Streams.startUnixServer((reader, writer) -> {
                try {
                    reader.readline();
                    serverRead.setResult(null);
                } catch (LimitOverrunException e) {
                    serverRead.setResult(e);
                }
                writer.write(b("a line longer than eight bytes\n"));
                writer.close();
            }, path, small, serverTls());
            try (Connection c = Streams.openUnixConnection(path, small, clientTls(certs.clientContext))) {
                c.writer().write(b("also longer than eight bytes\n"));
                Throwable clientRead;
                try {
                    c.reader().readline();
                    clientRead = null;
                } catch (LimitOverrunException e) {
                    clientRead = e;
                }
                return Arrays.asList(clientRead, serverRead.await());
            } finally {
                server.close();
                server.waitClosed();
            }
        });
        assertThat((Throwable) seen.get(0)).as("the client's readline").isInstanceOf(LimitOverrunException.class);
        assertThat((Throwable) seen.get(1)).as("the server's readline").isInstanceOf(LimitOverrunException.class);
    }

    // ------------------------------------------------------------------ the server's name

    @Test
    void aClientWithoutAServerHostnameFailsBeforeConnectingNamingTheFix() {
        run(() -> {
            // Nothing listens at the path yet: a ConnectException would mean the check came after connecting.
            assertThatThrownBy(() -> Streams.openUnixConnection(path, TlsOptions.of(certs.clientContext)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openUnixConnection(): the TLS hostname check needs the name")
                    .hasMessageContaining("withServerHostname(...)")
                    .hasMessageContaining("withoutHostnameCheck()");
            assertThatThrownBy(() -> Async.openUnixConnection(path, TlsOptions.of(certs.clientContext)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withServerHostname");
            // With a server there, the same call still fails the same way, and the server sees no client.
            boolean[] handlerRan = {false};
            Server server = Streams.startUnixServer((r, w) -> handlerRan[0] = true, path, serverTls());
            assertThatThrownBy(() -> Streams.openUnixConnection(path, StreamOptions.DEFAULT,
                    TlsOptions.of(certs.clientContext))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("withServerHostname");
            assertThatThrownBy(() -> Streams.openUnixConnection(dir.resolve("absent.sock"),
                    clientTls(certs.clientContext))).as("a named client does connect")
                    .isInstanceOf(ConnectException.class).hasMessageContaining("absent.sock");
            server.close();
            server.waitClosed();
            assertThat(handlerRan[0]).as("the handler ran").isFalse();
            return null;
        });
    }

    @Test
    void theServerHostnameIsCheckedAndSentAsSniAndWithoutTheCheckNeedNotBeGiven() {
        List<Object> outcome = run(() -> {
            Queue<List<String>> sni = new Queue<>();
            Server server = Streams.startUnixServer((reader, writer) -> {
                sni.putNowait(sniNames((ExtendedSSLSession) writer.sslSession()));
                for (byte[] line : reader) {
                    writer.write(line);
                }
                writer.close();
            }, path, serverTls());
            Throwable wrongName;
            try {
                Streams.openUnixConnection(path, TlsOptions.of(certs.clientContext)
                        .withServerHostname("wrong.example"));
                wrongName = null;
            } catch (IOException e) {
                wrongName = e;
            }
            // The JDK sends SNI only for names with a dot (not "localhost"): a name for SNI only, unchecked.
            String sniOnly = echoOnce(TlsOptions.of(certs.clientContext).withServerHostname("api.unix.example")
                    .withoutHostnameCheck());
            List<String> sniOnlySent = sni.get();
            String unchecked = echoOnce(TlsOptions.of(certs.clientContext).withoutHostnameCheck());
            List<String> uncheckedSent = sni.get();
            server.close();
            server.waitClosed();
            return Arrays.asList(wrongName, sniOnly, sniOnlySent, unchecked, uncheckedSent);
        });
        assertThat((Throwable) outcome.get(0)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("wrong.example");
        assertThat(outcome.get(1)).isEqualTo("ping\n");
        assertThat(outcome.get(2)).as("SNI the server got").isEqualTo(List.of("api.unix.example"));
        assertThat(outcome.get(3)).isEqualTo("ping\n");
        assertThat(outcome.get(4)).as("SNI without a name").isEqualTo(List.of());
        assertThat(loop.watchedChannels()).isZero();
    }

    @Test
    void optionsOfTheOtherSideAreRefusedNamingTheMethod() {
        run(() -> {
            assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> { }, path, clientTls(certs.serverContext)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("startUnixServer(): serverHostname is a client option");
            assertThat(Files.exists(path)).as("nothing was bound").isFalse();
            assertThatThrownBy(() -> Streams.openUnixConnection(path,
                    clientTls(certs.certifiedClientContext).withClientAuth(ClientAuth.REQUIRED)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openUnixConnection(): withClientAuth(REQUIRED) is a server option");
            assertThatThrownBy(() -> Streams.openUnixConnection(path, (TlsOptions) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("tls");
            assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> { }, path, (TlsOptions) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("tls");
            return null;
        });
    }

    // ------------------------------------------------------------------ mutual TLS

    /**
     * What a client the server refuses gets: the error of {@code openUnixConnection} (TLS 1.2), or else (TLS 1.3,
     * where the client's handshake ends before the server has checked its certificate) of its first read.
     */
    private Throwable refusal(SSLContext context) {
        Connection c;
        try {
            c = Streams.openUnixConnection(path, clientTls(context));
        } catch (IOException e) {
            return e;
        }
        try {
            return IoFailures.failureOf(() -> c.reader().readline());
        } finally {
            c.close();
        }
    }

    @Test
    void requiredClientAuthServesAClientWithACertificateAndRefusesOneWithout() throws Exception {
        try (LogCapture log = new LogCapture(Level.FINE)) { // the server logs failed handshakes at DEBUG
            List<Object> outcome = run(() -> {
                Queue<List<String>> clientChains = new Queue<>();
                Server server = Streams.startUnixServer((reader, writer) -> {
                    clientChains.putNowait(subjects(writer.peerCertificates()));
                    for (byte[] line : reader) {
                        writer.write(line);
                    }
                    writer.close();
                }, path, serverTls().withClientAuth(ClientAuth.REQUIRED));
                Throwable tls13 = refusal(certs.clientContext);
                Throwable tls12 = refusal(certs.tls12ClientContext);
                String certified = echoOnce(clientTls(certs.certifiedClientContext)); // the server goes on
                List<String> handled = clientChains.get();
                int refusedHandlers = clientChains.qsize(); // a refused client's handler never starts
                server.close();
                server.waitClosed();
                return List.of(tls13, tls12, certified, handled, refusedHandlers);
            });
            TlsStreamsTest.assertRequiredClientAuthOutcome(outcome, "openUnixConnection()", log);
        }
        assertThat(loop.watchedChannels()).isZero();
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aPlaintextClientFailsTheServersHandshakeAndTheNextClientIsServed() throws Exception {
        try (LogCapture log = new LogCapture(Level.FINE)) { // the server logs failed handshakes at DEBUG
            List<Object> outcome = run(() -> {
                int[] handlers = {0};
                Server server = Streams.startUnixServer((reader, writer) -> {
                    handlers[0]++;
                    for (byte[] line : reader) {
                        writer.write(line);
                    }
                    writer.close();
                }, path, serverTls());
                try (Connection plain = Streams.openUnixConnection(path)) {
                    plain.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
                    // The server answers with an alert and closes: the end of the stream, or a reset if our bytes
                    // were still unread there; either way the connection ends.
                    IoFailures.failureOf(() -> {
                        while (plain.reader().read(4096).length > 0) {
                            // the alert's bytes
                        }
                    });
                }
                int handlersAfterPlaintext = handlers[0];
                String next = echoOnce(clientTls(certs.clientContext));
                server.close();
                server.waitClosed();
                return List.of(handlersAfterPlaintext, next, handlers[0]);
            });
            assertThat(outcome).containsExactly(0, "ping\n", 1);
            List<LogRecord> serverSide = log.find(Level.FINE, "TLS handshake with");
            assertThat(serverSide).hasSize(1);
            assertThat(serverSide.get(0).getThrown()).isInstanceOf(SSLException.class);
        }
        assertThat(loop.watchedChannels()).isZero();
    }

    /**
     * A Unix-domain peer on a thread that accepts one client, reports the first byte it gets (the client hello
     * has begun), then never answers; returns -1 when the client's side ends, -2 for a reset.
     */
    private static CompletableFuture<Integer> silentPeer(ServerSocketChannel listener,
            CompletableFuture<Void> gotHello) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel s = listener.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                s.read(buf);
                gotHello.complete(null);
                try {
                    while (s.read(buf.clear()) >= 0) {
                        // swallow the rest of the hello
                    }
                    return -1;
                } catch (IOException reset) {
                    return -2; // an abort may arrive as a reset: the socket was closed all the same
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void cancellingATaskBlockedInTheTlsHandshakeClosesOnlyItsOwnSocket() throws Exception {
        Path silentPath = dir.resolve("silent.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(silentPath));
            CompletableFuture<Void> gotHello = new CompletableFuture<>();
            CompletableFuture<Integer> peer = silentPeer(listener, gotHello);
            List<String> after = run(() -> {
                Server unrelated = echoServer(serverTls()); // must survive the cancellation
                Connection open = Streams.openUnixConnection(path, clientTls(certs.clientContext)); // and this
                open.writer().write(b("before\n"));
                String first = s(open.reader().readline());
                int watchedBefore = loop.watchedChannels();
                Task<Connection> connecting = loop.createTask(
                        () -> Streams.openUnixConnection(silentPath, clientTls(certs.clientContext)));
                Async.wrapFuture(gotHello).await(); // the handshake is under way
                connecting.cancel();
                assertThatThrownBy(connecting::await).isInstanceOf(CancellationException.class);
                assertThat(loop.watchedChannels()).as("channels watched after the cancellation")
                        .isEqualTo(watchedBefore);
                open.writer().write(b("after\n"));
                String second = s(open.reader().readline());
                String fresh = echoOnce(clientTls(certs.clientContext));
                open.writer().close();
                open.writer().waitClosed();
                unrelated.close();
                unrelated.waitClosed();
                return List.of(first, second, fresh);
            });
            assertThat(after).containsExactly("before\n", "after\n", "ping\n");
            assertThat(peer.get(10, TimeUnit.SECONDS)).as("the peer saw the socket closed").isNegative();
        }
        assertThat(loop.watchedChannels()).isZero();
    }
}
