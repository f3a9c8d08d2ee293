package io.aio4j.streams;

import io.aio4j.Async;
import io.aio4j.internal.Checks;
import io.aio4j.internal.CurrentTask;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The writing half of a stream connection. {@link #write} never blocks: what the socket does not take at once is
 * buffered, and {@link #drain()} is where a writer waits for that buffer to go down (flow control): it returns at
 * once while the buffer is under its high-water mark (64 KiB by default) and otherwise suspends until it drains to
 * the low-water mark. Write, then drain, as in asyncio.
 * {@snippet :
 * writer.write(response);
 * writer.drain();        // back-pressure: waits only when the peer reads slower than we write
 * writer.close();
 * writer.waitClosed();
 * }
 *
 * <p>Lifecycle: open -> (optional {@link #writeEof}: half-closed, reads go on) -> closing ({@link #close}: the
 * buffer is flushed, then the socket closed) -> closed ({@link #waitClosed} returns). A connection reset or a peer
 * that vanished makes {@link #drain()} and the reader's reads throw; writes after such a loss are dropped, as in
 * asyncio, and {@code drain()} reports it.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.StreamWriter} (streams.py). Differences: {@code get_extra_info('peername')},
 *   {@code ('sockname')}, {@code ('peercert')} and {@code ('ssl_object')} are {@link #peername()},
 *   {@link #sockname()}, {@link #peerCertificates()} and {@link #sslSession()}; the transport's
 *   {@code set_write_buffer_limits} and {@code get_write_buffer_size} are here too; writing after
 *   {@link #close()} throws {@link IllegalStateException} instead of being ignored.</dd>
 *   <dt>Threading</dt><dd>Loop only; {@link #drain()} and {@link #waitClosed()} only from a task.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task suspended in {@link #drain()} or {@link #waitClosed()} ends that call
 *   with {@link java.util.concurrent.CancellationException}; the data already written stays buffered and is still
 *   sent, and the writer stays usable.</dd>
 * </dl>
 */
public final class StreamWriter implements AutoCloseable {
    /** The socket's transport, or the TLS one over it once {@link #startTls} upgraded the connection. */
    private Transport transport;
    private final StreamProtocol protocol;
    private final StreamReader reader;
    /** Whether a {@link Server} accepted this connection: {@link #startTls} then plays the TLS server. */
    private boolean serverSide;

    StreamWriter(Transport transport, StreamProtocol protocol, StreamReader reader) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
    }

    /**
     * Sends {@code data}: at once as far as the socket takes it, the rest buffered. Follow with {@link #drain()}.
     * <dl><dt>asyncio</dt><dd>{@code writer.write(data)}.</dd></dl>
     *
     * @param data the bytes (not kept: a later change to the array does not affect what is sent)
     * @throws NullPointerException  if {@code data} is null
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void write(byte[] data) {
        Checks.notNull(data, "data");
        transport.write(data, 0, data.length);
    }

    /**
     * Sends {@code length} bytes of {@code data} from {@code offset}.
     * <dl><dt>asyncio</dt><dd>{@code writer.write(memoryview(data)[offset:offset + length])}.</dd></dl>
     *
     * @param data   the bytes (not kept)
     * @param offset where to start
     * @param length how many
     * @throws NullPointerException      if {@code data} is null
     * @throws IndexOutOfBoundsException if the range is outside {@code data}
     * @throws IllegalStateException     after {@link #writeEof()} or {@link #close()}
     */
    public void write(byte[] data, int offset, int length) {
        Checks.notNull(data, "data");
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        transport.write(data, offset, length);
    }

    /**
     * Sends each array in turn.
     * <dl><dt>asyncio</dt><dd>{@code writer.writelines(data)}.</dd></dl>
     *
     * @param data the arrays
     * @throws NullPointerException  if {@code data} or one of its elements is null
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void writelines(Iterable<byte[]> data) {
        Checks.notNull(data, "data");
        for (byte[] chunk : data) {
            write(Checks.notNull(chunk, "an element of data"));
        }
    }

    /**
     * Waits until the write buffer is small enough to go on writing: returns at once under the high-water mark,
     * else suspends until it drains to the low-water mark.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await writer.drain()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait only; the buffered data is still
     *   sent.</dd>
     * </dl>
     *
     * @throws IOException           the connection's failure as the reader saw it (e.g. a reset), or a
     *                               {@link java.net.SocketException} "Connection lost" once the connection is gone
     *                               (also after {@link #close()}; asyncio's {@code ConnectionResetError})
     * @throws IllegalStateException if not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public void drain() throws IOException {
        CurrentTask.require("StreamWriter.drain()");
        Throwable failed = reader == null ? null : reader.exception();
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException r) {
            throw r;
        }
        if (transport.isClosing()) {
            // Let the loss, scheduled for the next iteration, arrive, so that it is reported below.
            Async.sleep(Duration.ZERO);
        }
        protocol.drainHelper();
    }

    /**
     * Closes the write side once the buffer is flushed (TCP half-close): the peer's reader sees the end of the
     * stream; this side can still read.
     * <dl><dt>asyncio</dt><dd>{@code writer.write_eof()}.</dd></dl>
     *
     * @throws UnsupportedOperationException over TLS, which has no half-close ({@link #canWriteEof()} is false)
     */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Whether {@link #writeEof()} is supported: true for TCP, false over TLS.
     * <dl><dt>asyncio</dt><dd>{@code writer.can_write_eof()}.</dd></dl>
     *
     * @return whether this transport can half-close
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Closes the connection: stops reading, sends what is buffered, then closes the socket. Returns at once; await
     * {@link #waitClosed()} to know it is done. Idempotent. Try-with-resources calls this (not
     * {@code waitClosed()}).
     * <dl><dt>asyncio</dt><dd>{@code writer.close()}.</dd></dl>
     */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Closes the connection at once, dropping buffered data (the peer may see a reset).
     * <dl><dt>asyncio</dt><dd>{@code writer.transport.abort()}.</dd></dl>
     */
    public void abort() {
        transport.abort();
    }

    /**
     * Whether the connection is closed or being closed (by {@link #close()} or by a loss).
     * <dl><dt>asyncio</dt><dd>{@code writer.is_closing()}.</dd></dl>
     *
     * @return true once closing has begun
     */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Waits until the connection is closed.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await writer.wait_closed()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait only.</dd>
     * </dl>
     *
     * @throws IOException           what broke the connection, if it did not close cleanly
     * @throws IllegalStateException if not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public void waitClosed() throws IOException {
        CurrentTask.require("StreamWriter.waitClosed()");
        try {
            protocol.closedFuture().await();
        } catch (java.util.concurrent.CompletionException wrapped) {
            if (wrapped.getCause() instanceof IOException io) {
                throw io;
            }
            throw wrapped;
        }
    }

    /**
     * The peer's address.
     * <dl><dt>asyncio</dt><dd>{@code writer.get_extra_info('peername')}.</dd></dl>
     *
     * @return the remote address, or null once the socket is closed
     * @throws IOException if the socket cannot tell
     */
    public SocketAddress peername() throws IOException {
        try {
            return transport.remoteAddress();
        } catch (java.nio.channels.ClosedChannelException closed) {
            return null;
        }
    }

    /**
     * This side's address.
     * <dl><dt>asyncio</dt><dd>{@code writer.get_extra_info('sockname')}.</dd></dl>
     *
     * @return the local address, or null once the socket is closed
     * @throws IOException if the socket cannot tell
     */
    public SocketAddress sockname() throws IOException {
        try {
            return transport.localAddress();
        } catch (java.nio.channels.ClosedChannelException closed) {
            return null;
        }
    }

    /**
     * Sets the write buffer's flow-control marks: {@link #drain()} suspends above {@code high} until the buffer
     * is down to {@code low}.
     * <dl><dt>asyncio</dt><dd>{@code writer.transport.set_write_buffer_limits(high, low)}; both are given
     * here.</dd></dl>
     *
     * @param high the high-water mark in bytes
     * @param low  the low-water mark in bytes
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setWriteBufferLimits(long high, long low) {
        transport.setWriteBufferLimits(high, low);
    }

    /**
     * How many bytes wait in the write buffer.
     * <dl><dt>asyncio</dt><dd>{@code writer.transport.get_write_buffer_size()}.</dd></dl>
     *
     * @return the buffered byte count
     */
    public long getWriteBufferSize() {
        return transport.writeBufferSize();
    }

    /** Marks the writer of a connection a server accepted (asyncio: the protocol has a client_connected_cb). */
    void markServerSide() {
        serverSide = true;
    }

    /**
     * Upgrades this open plaintext connection to TLS, as after SMTP's {@code STARTTLS}: performs the handshake,
     * then the reader and this writer go on over TLS. What was written before is sent in plaintext first; bytes
     * the reader had received but not returned yet count as the peer's first TLS bytes. On a connection a
     * {@link Server} accepted this side plays the TLS server, otherwise the client, which by default checks that the
     * certificate names {@link TlsOptions#serverHostname()} (required then). The server side may ask for the
     * client's certificate ({@link TlsOptions#withClientAuth}); the client side presents the one its context's key
     * managers choose.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await writer.start_tls(sslcontext, server_hostname=...,
     *   ssl_handshake_timeout=...)} (3.11).</dd>
     *   <dt>Threading</dt><dd>Only from a task; suspends it during the handshake.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task during the handshake aborts the connection (half a handshake
     *   leaves it unusable): the reader's reads and {@link #drain()} then throw a {@link java.net.SocketException}
     *   saying so. Nothing else is closed.</dd>
     * </dl>
     *
     * @param tls the TLS context and options
     * @throws javax.net.ssl.SSLHandshakeException if the handshake failed (untrusted certificate, wrong name, no
     *                                  common protocol), timed out, or the peer closed the connection during it;
     *                                  the connection is closed by then, and the reader reports the same error
     * @throws IOException              if the connection broke before or during the handshake, or the peer had
     *                                  closed its side already
     * @throws NullPointerException     if {@code tls} is null
     * @throws IllegalArgumentException if a client-side upgrade checks the hostname but no
     *                                  {@link TlsOptions#serverHostname()} was given, or asks for client certificates
     *                                  ({@link TlsOptions#withClientAuth}, a server option)
     * @throws IllegalStateException    if the connection already uses TLS, is not a socket connection, or is closing;
     *                                  or if not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public void startTls(TlsOptions tls) throws IOException {
        Checks.notNull(tls, "tls");
        CurrentTask.require("StreamWriter.startTls()");
        if (!serverSide) {
            tls.checkClientSide("startTls() on a client connection");
        }
        TlsProtocol upgraded = TlsProtocol.upgrade(Async.getRunningLoop(), transport, protocol, tls, serverSide);
        transport = upgraded.transport();
        upgraded.awaitHandshake("startTls() was cancelled during the TLS handshake: the connection was aborted");
    }

    /**
     * The TLS session of this connection: protocol, cipher suite, the peer's certificates (prefer
     * {@link #peerCertificates()}: the session's {@code getPeerCertificates()} throws for a peer that sent none).
     * <dl><dt>asyncio</dt><dd>{@code writer.get_extra_info('ssl_object')}, {@code ('cipher')}.</dd></dl>
     *
     * @return the session, or null for a plaintext connection (and during a {@link #startTls} handshake)
     */
    public javax.net.ssl.SSLSession sslSession() {
        return transport instanceof TlsProtocol.TlsTransport tls ? tls.session() : null;
    }

    /**
     * The peer's certificate chain, verified by this side's trust managers during the handshake (which fails
     * otherwise): the peer's own certificate first, then the CA certificates it sent, in its order; a trust anchor
     * it did not send is not included. A client sees the server's chain; a server sees its client's chain under
     * mutual TLS ({@link TlsOptions#withClientAuth}).
     * <p>Never throws and never returns null: the list is empty for a plaintext connection, before a
     * {@link #startTls} handshake finished, and for a peer that sent no certificate (a client that was not asked
     * for one, or declined under {@link ClientAuth#REQUESTED}). Where asyncio says {@code None} or {@code {}}, this
     * says empty.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code writer.get_extra_info('peercert')} is the first element (here the certificate
     *   itself, not Python's dict of its fields); the whole list is like {@code ssl_object.get_unverified_chain()}
     *   (3.13), which is verified here since the handshake succeeded.</dd>
     *   <dt>Threading</dt><dd>Loop only.</dd>
     * </dl>
     * {@snippet :
     * List<X509Certificate> chain = writer.peerCertificates();
     * String who = chain.isEmpty() ? "anonymous" : chain.getFirst().getSubjectX500Principal().getName();
     * }
     *
     * @return the chain, unmodifiable; empty when there is none
     */
    public List<X509Certificate> peerCertificates() {
        javax.net.ssl.SSLSession session = sslSession();
        if (session == null) {
            return List.of();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException none) {
            return List.of(); // the peer sent no certificate: not an error (asyncio returns None)
        }
        List<X509Certificate> out = new ArrayList<>(chain.length);
        for (Certificate c : chain) {
            if (c instanceof X509Certificate x509) { // TLS in the JDK knows no other kind
                out.add(x509);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "StreamWriter[" + transport + "]";
    }
}
