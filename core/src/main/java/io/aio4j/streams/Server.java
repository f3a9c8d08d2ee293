package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.internal.CurrentTask;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A listening TCP server made by {@link Streams#startServer} (or Unix-domain one, {@link Streams#startUnixServer},
 * whose {@link #close()} also removes its socket file): it accepts connections on the loop and runs the
 * {@link ClientConnectedCallback} for each as a task of its own (for a TLS server, once the client's handshake
 * succeeded).
 *
 * <p>Lifecycle: serving (from creation) -> closed ({@link #close()}: the listening sockets are closed; accepted
 * connections go on) -> done ({@link #waitClosed()} returns once every accepted connection is closed too).
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.Server} (base_events.py). Differences: {@code sockets} is
 *   {@link #addresses()}, the bound addresses; try-with-resources calls {@link #close()} only (asyncio's
 *   {@code async with} also awaits {@code wait_closed()}).</dd>
 *   <dt>Threading</dt><dd>Loop only; {@link #serveForever()} and {@link #waitClosed()} only from a task.</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task in {@link #serveForever()} closes the server, waits for it to be
 *   closed, and ends with the cancellation (asyncio's behaviour). Cancelling a task in {@link #waitClosed()} ends
 *   the wait only.</dd>
 * </dl>
 */
public final class Server implements AutoCloseable {
    /** asyncio's {@code ACCEPT_RETRY_DELAY}: after an accept failure such as too many open files, wait 1 s. */
    private static final Duration ACCEPT_RETRY_DELAY = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final List<ServerSocketChannel> listeners;
    private final List<SocketAddress> addresses;
    private final ClientConnectedCallback handler;
    private final StreamOptions options;
    private final Set<Transport> clients = Collections.newSetFromMap(new IdentityHashMap<>());
    /** TLS for every accepted connection, or null for plaintext. */
    private TlsOptions tls;
    /** Tasks in {@link #waitClosed()}; null once the server is closed and its last client gone. */
    private List<Future<Void>> closeWaiters = new ArrayList<>();
    private boolean serving;
    private boolean closed;
    private Future<Void> servingForever;
    /** Runs once the listening sockets are closed (a Unix server removes its socket file); may be null. */
    private Runnable afterClose;

    Server(EventLoop loop, List<ServerSocketChannel> listeners, ClientConnectedCallback handler,
            StreamOptions options) throws IOException {
        this.loop = loop;
        this.listeners = listeners;
        this.handler = handler;
        this.options = options;
        List<SocketAddress> bound = new ArrayList<>();
        for (ServerSocketChannel l : listeners) {
            bound.add(l.getLocalAddress());
        }
        this.addresses = List.copyOf(bound);
    }

    /**
     * Starts accepting connections if not already. A new server already serves.
     * <dl><dt>asyncio</dt><dd>{@code await server.start_serving()}.</dd></dl>
     *
     * @throws IllegalStateException if the server is closed
     */
    public void startServing() {
        if (closed) {
            throw new IllegalStateException("startServing(): " + this + " is closed");
        }
        if (serving) {
            return;
        }
        serving = true;
        for (ServerSocketChannel l : listeners) {
            loop.addReader(l, () -> acceptReady(l));
        }
    }

    /**
     * Whether the server accepts connections.
     * <dl><dt>asyncio</dt><dd>{@code server.is_serving()}.</dd></dl>
     *
     * @return true until closed
     */
    public boolean isServing() {
        return serving && !closed;
    }

    /**
     * Accepts connections until the calling task is cancelled or the server is closed.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await server.serve_forever()}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; suspends it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task (or closing the server) closes the server, waits for
     *   {@link #waitClosed()} and throws the cancellation.</dd>
     * </dl>
     *
     * @throws CancellationException when the task is cancelled or the server closed
     * @throws IllegalStateException if another task is already in {@code serveForever()}, the server is closed, or
     *                               not called from a task
     * @throws IOException           if waiting for the clients to close found a connection broken by an error
     *                               (never: client errors are their handlers' business; declared for future
     *                               transports)
     */
    public void serveForever() throws IOException {
        CurrentTask.require("Server.serveForever()");
        if (servingForever != null) {
            throw new IllegalStateException("serveForever(): " + this + " is already being served forever by "
                    + "another task");
        }
        if (closed) {
            throw new IllegalStateException("serveForever(): " + this + " is closed");
        }
        startServing();
        Future<Void> forever = loop.createFuture();
        servingForever = forever;
        try {
            forever.await();
        } catch (CancellationException cancelled) {
            try {
                close();
                waitClosed();
            } catch (RuntimeException | Error alsoFailed) {
                cancelled.addSuppressed(alsoFailed); // the cancellation is what this task must end with
            }
            throw cancelled;
        } finally {
            servingForever = null;
        }
    }

    /**
     * Stops listening: closes the listening sockets. Connections already accepted go on; {@link #waitClosed()}
     * waits for them. Ends a {@link #serveForever()} with a cancellation. Idempotent. The port is free again from
     * the loop's next iteration (NIO releases a socket its selector watched at the next select).
     * <dl><dt>asyncio</dt><dd>{@code server.close()}.</dd></dl>
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serving = false;
        for (ServerSocketChannel l : listeners) {
            loop.removeReader(l);
            try {
                l.close();
            } catch (IOException e) {
                loop.callExceptionHandler(new ExceptionContext("Closing the listening socket of " + this
                        + " failed", e, null, null));
            }
        }
        if (afterClose != null) {
            afterClose.run();
        }
        Future<Void> forever = servingForever;
        if (forever != null && !forever.done()) {
            forever.cancel();
        }
        maybeWakeCloseWaiters();
    }

    /**
     * Closes every accepted connection (flushing what each has buffered).
     * <dl><dt>asyncio</dt><dd>{@code server.close_clients()} (3.13).</dd></dl>
     */
    public void closeClients() {
        for (Transport t : List.copyOf(clients)) {
            t.close();
        }
    }

    /**
     * Closes every accepted connection at once, dropping what each has buffered.
     * <dl><dt>asyncio</dt><dd>{@code server.abort_clients()} (3.13).</dd></dl>
     */
    public void abortClients() {
        for (Transport t : List.copyOf(clients)) {
            t.abort();
        }
    }

    /**
     * Waits until the server is closed and every connection it accepted is closed.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await server.wait_closed()} (3.12 semantics).</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the wait only.</dd>
     * </dl>
     *
     * @throws IllegalStateException if not called from a task
     * @throws CancellationException if the calling task was cancelled
     */
    public void waitClosed() {
        CurrentTask.require("Server.waitClosed()");
        if (closeWaiters == null) {
            return;
        }
        Future<Void> w = loop.createFuture();
        closeWaiters.add(w);
        w.await();
    }

    private void maybeWakeCloseWaiters() {
        if (!closed || !clients.isEmpty() || closeWaiters == null) {
            return;
        }
        List<Future<Void>> waiters = closeWaiters;
        closeWaiters = null;
        for (Future<Void> w : waiters) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    /**
     * The addresses the server listens on (with the port the system chose, for port 0).
     * <dl><dt>asyncio</dt><dd>{@code [s.getsockname() for s in server.sockets]}.</dd></dl>
     *
     * @return the bound addresses, one per listening socket
     */
    public List<SocketAddress> addresses() {
        return addresses;
    }

    /**
     * The port of the first listening socket: handy after binding port 0.
     *
     * @return the bound port
     * @throws IllegalStateException if the server listens on a Unix socket ({@link Streams#startUnixServer})
     */
    public int port() {
        if (!(addresses.get(0) instanceof InetSocketAddress inet)) {
            throw new IllegalStateException("port(): " + this + " listens on a Unix socket, which has no port; "
                    + "see addresses()");
        }
        return inet.getPort();
    }

    /** Sets what runs once {@link #close()} has closed the listening sockets. */
    void afterClose(Runnable action) {
        afterClose = action;
    }

    /**
     * The loop the server runs on.
     * <dl><dt>asyncio</dt><dd>{@code server.get_loop()}.</dd></dl>
     *
     * @return the loop
     */
    public EventLoop getLoop() {
        return loop;
    }

    // ------------------------------------------------------------------ accepting

    private void acceptReady(ServerSocketChannel listener) {
        for (int i = 0; i < options.backlog() && !closed; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                acceptFailed(listener, e);
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) { // not Unix sockets
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            } catch (IOException e) {
                closeQuietly(channel);
                continue; // the client is gone already
            }
            serve(channel);
        }
    }

    /**
     * asyncio's {@code _accept_connection} error path: the socket is fine but the system is out of something
     * (descriptors, buffers); stop accepting for a while rather than spin, and say so.
     */
    private void acceptFailed(ServerSocketChannel listener, IOException e) {
        loop.callExceptionHandler(new ExceptionContext("Socket accept failed on " + this + "; accepting again in "
                + ACCEPT_RETRY_DELAY.toMillis() + " ms", e, null, null));
        loop.removeReader(listener);
        loop.callLater(ACCEPT_RETRY_DELAY, () -> {
            if (!closed) {
                loop.addReader(listener, () -> acceptReady(listener));
            }
        });
    }

    private void serve(SocketChannel channel) {
        StreamReader reader = new StreamReader(options.limit());
        StreamProtocol protocol = new StreamProtocol(loop, reader);
        if (tls != null) {
            serveTls(channel, reader, protocol);
            return;
        }
        SocketTransport[] self = new SocketTransport[1];
        SocketTransport transport = new SocketTransport(loop, channel, protocol, () -> clientGone(self[0]));
        self[0] = transport;
        clients.add(transport);
        startHandler(transport, protocol, reader);
    }

    /** Serves every accepted connection over TLS (set before serving starts). */
    void useTls(TlsOptions options) {
        tls = options;
    }

    /** A TLS client: its handler task starts once the handshake succeeded (asyncio's order); a failure is logged. */
    private void serveTls(SocketChannel channel, StreamReader reader, StreamProtocol protocol) {
        TlsProtocol layer = TlsProtocol.server(loop, protocol, tls, false);
        TlsProtocol.TlsTransport transport = layer.transport();
        layer.onHandshake(() -> startHandler(transport, protocol, reader));
        clients.add(transport);
        new SocketTransport(loop, channel, layer, () -> clientGone(transport));
    }

    private void startHandler(Transport transport, StreamProtocol protocol, StreamReader reader) {
        StreamWriter writer = new StreamWriter(transport, protocol, reader);
        writer.markServerSide();
        Task<Void> task = loop.createTask(() -> {
            handler.handle(reader, writer);
            return null;
        });
        task.addDoneCallback(t -> {
            if (t.cancelled()) {
                transport.close();
                return;
            }
            Throwable error = t.exception();
            if (error != null) {
                loop.callExceptionHandler(new ExceptionContext("Unhandled exception in client_connected_cb "
                        + "(transport " + transport + ")", error, t, null));
                transport.close();
            }
        });
    }

    private void clientGone(Transport transport) {
        clients.remove(transport);
        maybeWakeCloseWaiters();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the channel was never handed to anyone; nothing depends on its close
        }
    }

    @Override
    public String toString() {
        return "Server[" + (closed ? "closed" : serving ? "serving" : "not serving") + ", " + addresses
                + ", clients=" + clients.size() + "]";
    }
}
