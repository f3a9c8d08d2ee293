package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.TimerHandle;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS as a protocol/transport sandwich, asyncio's {@code sslproto.SSLProtocol}: towards the socket it is the
 * {@link Protocol} of a {@link SocketTransport} and sees ciphertext; towards the streams it offers a {@link Transport}
 * ({@link TlsTransport}) of plaintext, so that {@link StreamProtocol}, {@link StreamReader} and {@link StreamWriter}
 * work unchanged. An {@link SSLEngine} does the TLS.
 *
 * <p>Everything runs on the loop: the handshake, every wrap and unwrap, and the engine's delegated tasks
 * (certificate checks, key exchange). Running those on the loop keeps the engine single-threaded, with no
 * hand-back to order against reads and writes; it costs the loop about a millisecond of CPU per handshake, which
 * is what asyncio spends on its loop inside OpenSSL too. A server accepting thousands of handshakes a second would
 * want them on an executor; that is a later optimisation, not a semantic change.
 *
 * <p>Lifecycle: handshaking (a timer aborts it after {@link TlsOptions#handshakeTimeout()}) -> open -> shutting
 * down (our {@code close_notify} sent, waiting for the peer's, for at most {@link TlsOptions#shutdownTimeout()})
 * -> lost. A failed handshake sends the engine's alert, closes the socket, then fails {@link #awaitHandshake(String)}
 * with the engine's {@link SSLHandshakeException}. The peer's {@code close_notify} is the end of the stream for
 * the reader and starts our shutdown; a peer that closes TCP without {@code close_notify} is also seen as the end
 * of the stream (asyncio and Python's {@code suppress_ragged_eofs} do the same), except during the handshake, where
 * it is a handshake failure. TLS has no half-close: {@link TlsTransport#writeEof()} throws, as in asyncio.
 * Loop only.
 */
final class TlsProtocol implements Protocol {
    private static final System.Logger LOG = System.getLogger("io.aio4j");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum State { HANDSHAKING, OPEN, SHUTTING_DOWN, LOST }

    private final EventLoop loop;
    private final SSLEngine engine;
    private final TlsOptions options;
    /** The plaintext protocol above: the streams. */
    private final Protocol app;
    private final TlsTransport transport = new TlsTransport();
    /** Done when the handshake succeeded; failed (after the socket is closed) when it did not. */
    private final Future<Void> handshake;
    /** Whether {@link #app} is connected: from the start for {@code startTls}, else from the handshake's end. */
    private boolean appConnected;
    /** Run once the handshake succeeded: a server starts its client's handler task here. May be null. */
    private Runnable onHandshake;

    private SocketTransport socket;
    private State state = State.HANDSHAKING;
    private boolean started;
    /** Ciphertext from the socket; in write mode (the socket reads into it) between {@link #pump()}s. */
    private ByteBuffer netIn;
    /** Plaintext from the engine, handed on to {@link #app} after each unwrap. */
    private ByteBuffer appIn;
    /** Ciphertext from the engine, handed on to the socket after each batch of wraps. */
    private ByteBuffer netOut;
    /** Plaintext the application wrote that the engine could not take yet (during a handshake message). */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean pumping;
    private boolean pumpAgain;

    /** The application called close() or abort(): writing now is its mistake. */
    private boolean appCloseCalled;
    /** Our close_notify is due once {@link #pending} is sent. */
    private boolean closeOutboundDue;
    private boolean eofDelivered;
    /** The socket was closed or aborted by us: no more writes to it. */
    private boolean socketClosing;
    /** What broke the connection, reported instead of the socket's clean close; null for a clean close. */
    private Throwable failure;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;

    private TlsProtocol(EventLoop loop, SSLEngine engine, TlsOptions options, Protocol app, boolean appConnected) {
        this.loop = loop;
        this.engine = engine;
        this.options = options;
        this.app = app;
        this.appConnected = appConnected;
        this.handshake = loop.createFuture();
        SSLSession session = engine.getSession();
        netIn = ByteBuffer.allocate(2 * session.getPacketBufferSize());
        appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
        netOut = ByteBuffer.allocate(4 * session.getPacketBufferSize());
    }

    /**
     * The TLS layer of a client connection to {@code serverHostname}.
     *
     * @param serverHostname the name to check and send as SNI, from {@link TlsOptions#clientHostname} (which refuses
     *                       a missing one the check needs); null only without the check
     * @param port           the server's port, a hint for the session cache; -1 where there is none
     * @param appConnected   whether {@code app} already has a transport ({@code startTls}) or is to be connected
     *                       once the handshake succeeded
     */
    static TlsProtocol client(EventLoop loop, Protocol app, TlsOptions options, String serverHostname, int port,
            boolean appConnected) {
        SSLEngine engine = serverHostname == null ? options.context().createSSLEngine()
                : options.context().createSSLEngine(serverHostname, port);
        engine.setUseClientMode(true);
        if (options.checkHostname()) {
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        return new TlsProtocol(loop, engine, options, app, appConnected);
    }

    /**
     * The TLS layer of a connection a server accepted (or of a server-side {@code startTls}), asking for a client
     * certificate as {@link TlsOptions#clientAuth()} says.
     */
    static TlsProtocol server(EventLoop loop, Protocol app, TlsOptions options, boolean appConnected) {
        SSLEngine engine = options.context().createSSLEngine();
        engine.setUseClientMode(false);
        // Per engine in Java (Python keeps it on the context); each setter clears the other, so one call says it all.
        switch (options.clientAuth()) {
            case REQUIRED -> engine.setNeedClientAuth(true);
            case REQUESTED -> engine.setWantClientAuth(true);
            case NONE -> engine.setWantClientAuth(false);
        }
        return new TlsProtocol(loop, engine, options, app, appConnected);
    }

    /**
     * Puts TLS under the streams of an open plaintext connection: the socket's bytes go to a new TLS layer from
     * now on, the bytes the reader received but nobody read yet are the first bytes of the handshake (a peer may
     * send its hello right after its STARTTLS command), and the streams' transport becomes the TLS one. Await
     * {@link #awaitHandshake(String)} next.
     * <dl><dt>asyncio</dt><dd>{@code loop.start_tls(transport, protocol, sslcontext)}.</dd></dl>
     */
    static TlsProtocol upgrade(EventLoop loop, Transport current, StreamProtocol streams, TlsOptions options,
            boolean serverSide) throws IOException {
        if (current instanceof TlsTransport) {
            throw new IllegalStateException("startTls(): the connection already uses TLS");
        }
        if (!(current instanceof SocketTransport socket)) {
            throw new IllegalStateException("startTls() needs a socket connection, not " + current);
        }
        StreamReader reader = streams.reader();
        if (reader.exception() instanceof IOException broken) {
            throw broken;
        }
        if (current.isClosing()) {
            throw new IllegalStateException("startTls(): " + current + " is closed or closing");
        }
        TlsProtocol tls; // made first: a bad option fails before anything changes
        if (serverSide) {
            tls = server(loop, streams, options, true);
        } else {
            int port = current.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getPort() : -1;
            tls = client(loop, streams, options, options.clientHostname("startTls()", null), port, true);
        }
        byte[] unread = reader.takeUnread();
        if (reader.atEof()) { // (what it had sent before closing is of no use without the connection)
            throw new SocketException("startTls(): the peer has closed its side of the connection");
        }
        tls.receiveUnread(unread);
        socket.setProtocol(tls);
        tls.connectionMade(socket);
        streams.connectionMade(tls.transport); // the reader now pauses and resumes the TLS layer
        return tls;
    }

    private void receiveUnread(byte[] unread) {
        if (unread.length > netIn.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(unread.length + netIn.capacity());
            bigger.put(netIn.flip());
            netIn = bigger;
        }
        netIn.put(unread);
    }

    /** Run once the handshake succeeded (a server's handler task starts here). */
    void onHandshake(Runnable action) {
        onHandshake = action;
    }

    /** The plaintext transport over this layer. */
    TlsTransport transport() {
        return transport;
    }

    /**
     * Waits for the handshake to end; if it fails, the socket is closed by then.
     *
     * @throws SSLHandshakeException if the handshake failed, timed out, or the peer closed the connection during it
     * @throws IOException           if the connection broke during the handshake (e.g. a reset)
     * @throws CancellationException if the calling task was cancelled: the connection is aborted (half a handshake
     *                               leaves it unusable); streams already using it see {@code cancelledError}
     */
    void awaitHandshake(String cancelledError) throws IOException {
        try {
            handshake.await();
        } catch (CancellationException cancelled) {
            if (state != State.LOST) {
                failure = new SocketException(cancelledError);
                abortSocket();
            }
            throw cancelled;
        } catch (CompletionException wrapped) {
            if (wrapped.getCause() instanceof IOException io) {
                throw io;
            }
            throw wrapped;
        }
    }

    // ------------------------------------------------------------------ Protocol: what the socket tells us

    @Override
    public void connectionMade(Transport t) {
        socket = (SocketTransport) t;
        handshakeTimer = loop.callLater(options.handshakeTimeout(), this::handshakeTimedOut);
        // Began on the next iteration: the socket transport is not fully set up while it tells us this.
        loop.callSoon(this::start);
    }

    private void start() {
        if (state != State.HANDSHAKING || started) {
            return;
        }
        started = true;
        try {
            engine.beginHandshake();
        } catch (SSLException | RuntimeException e) {
            failed(e);
            return;
        }
        pump();
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        if (!netIn.hasRemaining()) {
            // Never offer an empty buffer: the socket would read nothing and the selector fire again at once.
            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
            bigger.put(netIn.flip());
            netIn = bigger;
        }
        return netIn;
    }

    @Override
    public void bufferUpdated(int count) {
        // The socket wrote into netIn at its position, which ByteBuffer moved already.
        if (started) {
            pump();
        }
    }

    @Override
    public boolean eofReceived() {
        if (state == State.HANDSHAKING) {
            failed(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
            return true; // failed() closes the socket itself
        }
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // No close_notify before the end: the end of the stream all the same (Python's suppress_ragged_eofs).
        }
        if (state == State.LOST) {
            return true;
        }
        deliverEof();
        if (state == State.OPEN) {
            startShutdown();
        } else {
            pump(); // already shutting down: the inbound side is done now, which may finish the shutdown
        }
        return true; // we close the socket once our close_notify is out
    }

    @Override
    public void connectionLost(Throwable error) {
        State was = state;
        state = State.LOST;
        cancelTimers();
        Throwable reason = failure != null ? failure : error;
        if (was == State.HANDSHAKING) {
            Throwable handshakeError = reason != null ? reason
                    : new SSLHandshakeException("the connection was closed during the TLS handshake");
            if (!handshake.done()) {
                handshake.setException(handshakeError);
                handshake.exception(); // retrieved: a server's handshakes have no awaiter; failures are logged below
            }
            if (onHandshake != null) {
                LOG.log(Level.DEBUG, () -> "TLS handshake with " + peer() + " failed", handshakeError);
            }
            if (appConnected) {
                app.connectionLost(handshakeError);
            }
            return;
        }
        if (appConnected) {
            app.connectionLost(reason);
        }
    }

    @Override
    public void pauseWriting() {
        if (appConnected) {
            app.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        if (appConnected) {
            app.resumeWriting();
        }
    }

    // ------------------------------------------------------------------ the engine

    /** Moves bytes through the engine until it needs more input: handshake steps, unwraps, queued writes. */
    private void pump() {
        if (pumping) {
            pumpAgain = true; // called back from inside a pump (e.g. by the app): go round once more
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain && state != State.LOST);
        } catch (SSLException e) {
            failed(e);
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() throws SSLException {
        netIn.flip();
        try {
            while (state != State.LOST && !socketClosing) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                } else if (status == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                    wrap(EMPTY);
                } else {
                    if (status == HandshakeStatus.NOT_HANDSHAKING) {
                        if (state == State.HANDSHAKING) {
                            handshakeCompleted(); // a FINISHED we did not see in a result
                        }
                        flushPending();
                        if (engine.getHandshakeStatus() != status) {
                            continue; // e.g. our close_notify is due now: wrap it first
                        }
                    }
                    if (state == State.SHUTTING_DOWN && engine.isOutboundDone() && engine.isInboundDone()) {
                        closeSocket(); // both close_notifys exchanged (or the peer's TCP end seen): done
                        return;
                    }
                    if (!unwrapOne()) {
                        return;
                    }
                }
            }
        } finally {
            netIn.compact();
        }
    }

    /** Runs the engine's delegated tasks on the loop: see the class comment for why. */
    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Unwraps one record from {@link #netIn} (in read mode); false when more bytes are needed. */
    private boolean unwrapOne() throws SSLException {
        if (!netIn.hasRemaining() || engine.isInboundDone()) {
            netIn.position(netIn.limit()); // after the peer's close_notify, whatever follows is ignored
            return false;
        }
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
                    // A record bigger than the buffer: make room for it (compact() keeps the bytes).
                    ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2,
                            engine.getSession().getPacketBufferSize()));
                    bigger.put(netIn);
                    bigger.flip();
                    netIn = bigger;
                }
                return false;
            }
            case BUFFER_OVERFLOW -> {
                deliverAppIn();
                int needed = engine.getSession().getApplicationBufferSize();
                if (appIn.capacity() < needed) {
                    appIn = ByteBuffer.allocate(needed);
                }
                return true;
            }
            case CLOSED -> {
                deliverAppIn();
                closeNotifyReceived();
                return true;
            }
            default -> {
                deliverAppIn();
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    handshakeCompleted();
                }
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0
                        || r.getHandshakeStatus() == HandshakeStatus.NEED_TASK
                        || r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
            }
        }
    }

    /** Wraps from {@code src} into {@link #netOut}, as many records as fit, and sends them; returns bytes taken. */
    private int wrap(ByteBuffer src) throws SSLException {
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut.capacity() < packet) {
            netOut = ByteBuffer.allocate(packet);
        }
        netOut.clear();
        int consumed = 0;
        SSLEngineResult r;
        do {
            r = engine.wrap(src, netOut);
            consumed += r.bytesConsumed();
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshakeCompleted();
            }
        } while (r.getStatus() == SSLEngineResult.Status.OK && src.hasRemaining() && netOut.remaining() >= packet
                && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && netOut.position() == 0) {
            netOut = ByteBuffer.allocate(netOut.capacity() * 2); // the session's packets grew; next round fits
        }
        sendNetOut();
        return consumed;
    }

    private void sendNetOut() {
        netOut.flip();
        if (netOut.hasRemaining() && !socketClosing) {
            socket.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
        }
        netOut.clear();
    }

    /** Wraps the application's queued plaintext while the engine is free for it. */
    private void flushPending() throws SSLException {
        ByteBuffer head;
        while ((head = pending.peek()) != null && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && !engine.isOutboundDone()) {
            pendingBytes -= wrap(head);
            if (!head.hasRemaining()) {
                pending.poll();
            }
        }
        if (pending.isEmpty() && closeOutboundDue) {
            closeOutboundDue = false;
            engine.closeOutbound(); // the next NEED_WRAP makes our close_notify
        }
    }

    /** Hands the plaintext in {@link #appIn} to the streams (or drops it once the application closed). */
    private void deliverAppIn() {
        appIn.flip();
        while (appIn.hasRemaining() && appConnected && !appCloseCalled) {
            ByteBuffer into = app.getBuffer(appIn.remaining());
            int n = Math.min(into.remaining(), appIn.remaining());
            if (n == 0) {
                throw new IllegalStateException(app + " offered no room for " + appIn.remaining() + " bytes");
            }
            into.put(into.position(), appIn, appIn.position(), n);
            appIn.position(appIn.position() + n);
            app.bufferUpdated(n);
        }
        appIn.clear();
    }

    private void handshakeCompleted() {
        if (state != State.HANDSHAKING) {
            return;
        }
        state = State.OPEN;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        if (!appConnected) {
            appConnected = true;
            app.connectionMade(transport);
        }
        handshake.setResult(null);
        if (onHandshake != null) {
            onHandshake.run();
        }
    }

    private void closeNotifyReceived() {
        if (state == State.HANDSHAKING) {
            failed(new SSLHandshakeException("the peer closed the TLS connection during the handshake"));
            return;
        }
        deliverEof();
        startShutdown();
    }

    private void deliverEof() {
        if (eofDelivered || !appConnected) {
            return;
        }
        eofDelivered = true;
        app.eofReceived(); // no half-close under TLS: whatever it answers, we shut down (asyncio ignores it too)
    }

    /** Sends our close_notify after what is queued, then waits for the peer's (or its end) to close the socket. */
    private void startShutdown() {
        if (state != State.OPEN) {
            return;
        }
        state = State.SHUTTING_DOWN;
        closeOutboundDue = true;
        shutdownTimer = loop.callLater(options.shutdownTimeout(), this::shutdownTimedOut);
        socket.resumeReading(); // the peer's close_notify must get through even if the reader had paused
        pump();
    }

    private void handshakeTimedOut() {
        if (state != State.HANDSHAKING) {
            return;
        }
        SSLHandshakeException e = new SSLHandshakeException("TLS handshake with " + peer() + " is taking longer than "
                + seconds(options.handshakeTimeout()) + ": aborting the connection");
        e.initCause(new SocketTimeoutException("TLS handshake timed out"));
        if (failure == null) {
            failure = e;
        }
        abortSocket();
    }

    private void shutdownTimedOut() {
        if (state != State.SHUTTING_DOWN) {
            return;
        }
        if (failure == null) {
            failure = new SocketTimeoutException("TLS shutdown with " + peer() + ": no close_notify from the peer "
                    + "within " + seconds(options.shutdownTimeout()) + ": aborting the connection");
        }
        abortSocket();
    }

    /**
     * The engine or the code above failed: the connection is lost with that error (asyncio's {@code _fatal_error}).
     * During the handshake the engine's alert is sent first, so that the peer learns why (e.g. "certificate
     * unknown"); after it, the socket is aborted (a broken record stream is not worth flushing).
     */
    private void failed(Throwable error) {
        if (state == State.LOST || socketClosing) {
            return;
        }
        if (failure == null) {
            failure = error;
        }
        if (!(error instanceof IOException)) {
            loop.callExceptionHandler(new ExceptionContext("Fatal error on TLS connection " + transport, error, null,
                    null));
        }
        if (state == State.HANDSHAKING && error instanceof SSLException) {
            sendAlert();
            closeSocket();
        } else {
            abortSocket();
        }
    }

    /** Flushes what the engine has to say after a failure (its alert); best effort. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            netOut.clear();
            for (int i = 0; i < 8 && !engine.isOutboundDone(); i++) {
                if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
                    break;
                }
            }
            sendNetOut();
        } catch (SSLException | RuntimeException alsoFailed) {
            // The alert is a courtesy; the error that matters is already recorded.
        }
    }

    private void closeSocket() {
        if (!socketClosing) {
            socketClosing = true;
            socket.close();
        }
    }

    /** Aborts at once, also a graceful close still flushing to a peer that stopped reading (a timeout's case). */
    private void abortSocket() {
        socketClosing = true;
        socket.abort();
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
        }
    }

    private String peer() {
        try {
            return String.valueOf(socket.remoteAddress());
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public String toString() {
        return "TlsProtocol[" + state + ", " + engine.getSession().getProtocol() + ", " + socket + "]";
    }

    // ------------------------------------------------------------------ the streams' transport

    /** The plaintext transport the streams use: asyncio's {@code _SSLProtocolTransport}. Loop only. */
    final class TlsTransport implements Transport {
        @Override
        public void write(byte[] data, int offset, int length) {
            if (appCloseCalled) {
                throw new IllegalStateException("write() after close() on " + this);
            }
            if (length == 0 || state == State.LOST || socketClosing || state == State.SHUTTING_DOWN) {
                return; // after a loss (or the peer's close), writes are dropped; drain() reports the loss
            }
            ByteBuffer src = ByteBuffer.wrap(data, offset, length);
            if (pending.isEmpty() && state == State.OPEN && !pumping
                    && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                try {
                    while (src.hasRemaining() && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                            && !socketClosing) {
                        if (wrap(src) == 0) {
                            break;
                        }
                    }
                } catch (SSLException | RuntimeException e) {
                    failed(e);
                    return;
                }
            }
            if (src.hasRemaining()) {
                // The engine is busy with a handshake message: keep a copy (the caller may reuse its array).
                ByteBuffer copy = ByteBuffer.allocate(src.remaining()).put(src).flip();
                pending.add(copy);
                pendingBytes += copy.remaining();
                if (state == State.OPEN) {
                    pump();
                }
            }
        }

        @Override
        public void writeEof() {
            throw new UnsupportedOperationException("writeEof(): TLS has no half-close; close() sends the TLS "
                    + "close_notify and closes the connection (asyncio raises NotImplementedError too)");
        }

        @Override
        public boolean canWriteEof() {
            return false;
        }

        @Override
        public void close() {
            if (appCloseCalled) {
                return;
            }
            appCloseCalled = true;
            if (state == State.HANDSHAKING) {
                abortSocket();
            } else {
                startShutdown();
            }
        }

        @Override
        public void abort() {
            appCloseCalled = true;
            abortSocket();
        }

        @Override
        public boolean isClosing() {
            return appCloseCalled || state != State.OPEN && state != State.HANDSHAKING || socketClosing;
        }

        @Override
        public void pauseReading() {
            if (state == State.OPEN) {
                socket.pauseReading();
            }
        }

        @Override
        public void resumeReading() {
            socket.resumeReading();
        }

        @Override
        public long writeBufferSize() {
            return pendingBytes + socket.writeBufferSize();
        }

        @Override
        public void setWriteBufferLimits(long high, long low) {
            socket.setWriteBufferLimits(high, low);
        }

        @Override
        public SocketAddress localAddress() throws IOException {
            return socket.localAddress();
        }

        @Override
        public SocketAddress remoteAddress() throws IOException {
            return socket.remoteAddress();
        }

        /** The session once the handshake succeeded, else null. */
        SSLSession session() {
            return state == State.HANDSHAKING ? null : engine.getSession();
        }

        @Override
        public String toString() {
            String protocol = state == State.HANDSHAKING ? "handshaking" : engine.getSession().getProtocol();
            return "TlsTransport[" + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", "
                    + protocol + (pendingBytes > 0 ? ", pending=" + pendingBytes : "") + ", " + socket + "]";
        }
    }
}
