package io.aio4j.streams;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * TCP sockets for {@link Streams#openConnection} and {@link Streams#startServer}: resolving the host, connecting to
 * the first of its addresses that accepts, and binding a listener on each (asyncio's {@code create_connection} and
 * {@code create_server}, base_events.py). The connection and the server made over them are the same for TCP and
 * Unix-domain sockets ({@link ClientStreams}, {@link Server}); {@link UnixSockets} is this class's twin. Loop only.
 */
final class TcpSockets {
    private TcpSockets() {}

    /** Fails fast on a port no socket can have. */
    static void checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be in 0..65535 but was " + port);
        }
    }

    /**
     * A connected, non-blocking channel to the first address of {@code host} that accepts, trying them in turn
     * (asyncio makes its connection over the first that connects, too).
     *
     * @throws IOException the one failure, or an {@code IOException} with every address's failure suppressed
     */
    static SocketChannel connect(EventLoop loop, String host, int port) throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (InetAddress address : resolve(host)) {
            try {
                return connect(loop, new InetSocketAddress(address, port));
            } catch (IOException e) {
                failures.add(e);
            }
        }
        throw oneOrAll(failures, "Multiple exceptions connecting to " + host + ":" + port);
    }

    /** A connected, non-blocking channel to {@code address}; closed again if connecting fails or is cancelled. */
    private static SocketChannel connect(EventLoop loop, InetSocketAddress address) throws IOException {
        return ClientStreams.connect(loop, SocketChannel.open(), address, address, true, failed -> "");
    }

    /**
     * A serving {@link Server} with one listener per address of {@code host} (every interface when it is null or
     * empty), each with {@code SO_REUSEADDR} as asyncio sets it on Unix. With port 0, every address listens on the
     * port the system gave the first one. If any bind fails, the listeners bound so far are closed again.
     */
    static Server listen(EventLoop loop, ClientConnectedCallback handler, String host, int port,
            StreamOptions options, TlsOptions tls) throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        if (host == null || host.isEmpty()) {
            addresses.add(new InetSocketAddress(port));
        } else {
            for (InetAddress a : resolve(host)) {
                addresses.add(new InetSocketAddress(a, port));
            }
        }
        List<ServerSocketChannel> listeners = new ArrayList<>();
        boolean done = false;
        try {
            int boundPort = port;
            for (InetSocketAddress requested : addresses) {
                InetSocketAddress address = new InetSocketAddress(requested.getAddress(), boundPort);
                ServerSocketChannel listener = ServerSocketChannel.open();
                listeners.add(listener);
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                try {
                    listener.bind(address, options.backlog());
                } catch (BindException e) {
                    BindException named = new BindException("error while attempting to bind on address "
                            + address + ": " + e.getMessage());
                    named.initCause(e);
                    throw named;
                }
                listener.configureBlocking(false);
                boundPort = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            }
            Server server = new Server(loop, listeners, handler, options);
            server.useTls(tls);
            server.startServing();
            done = true;
            return server;
        } finally {
            if (!done) {
                for (ServerSocketChannel l : listeners) {
                    l.close();
                }
            }
        }
    }

    /**
     * IP literals at once; names on a thread, since the JDK's lookup blocks (asyncio's getaddrinfo in the executor).
     */
    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        if (isIpLiteral(host)) {
            return List.of(InetAddress.getAllByName(host)); // no lookup for a literal
        }
        try {
            return List.of(Async.toThread(() -> InetAddress.getAllByName(host)));
        } catch (CompletionException wrapped) {
            if (wrapped.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw wrapped;
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // only IPv6 literals contain a colon
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    private static IOException oneOrAll(List<IOException> failures, String summary) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        StringBuilder msg = new StringBuilder(summary);
        for (IOException f : failures) {
            msg.append("; ").append(f.getMessage());
        }
        IOException all = new IOException(msg.toString());
        failures.forEach(all::addSuppressed);
        return all;
    }
}
