package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.function.Function;

/**
 * The client side of a stream connection, TCP or Unix-domain, plain or TLS: a non-blocking connect that suspends
 * the task until it finished, then the streams over the connected channel (asyncio's
 * {@code _create_connection_transport}, with {@code ssl=} or without). {@link TcpSockets} and {@link UnixSockets}
 * open the channel; what follows is the same for both. Loop only.
 */
final class ClientStreams {
    private ClientStreams() {}

    /**
     * Connects the new {@code channel} to {@code address} without blocking, suspending the calling task until the
     * connect finished. Any failure is a {@link ConnectException} naming {@code where}, with the socket's own error
     * as its cause; a failure or a cancellation closes the channel again (a connect owns only this socket).
     *
     * @param noDelay whether to set {@code TCP_NODELAY} (TCP sockets: asyncio sets it on every TCP transport)
     * @param hint    what to add to the message for a failure (a Unix socket's likely cause), or {@code ""}
     */
    static SocketChannel connect(EventLoop loop, SocketChannel channel, SocketAddress address, Object where,
            boolean noDelay, Function<IOException, String> hint) throws IOException {
        boolean handedOver = false;
        try {
            channel.configureBlocking(false);
            if (noDelay) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            try {
                boolean connected = channel.connect(address);
                while (!connected) {
                    awaitWritable(loop, channel);
                    connected = channel.finishConnect();
                }
            } catch (IOException failed) {
                // Refused, reset while connecting (a listener closing under us), no such socket file: no connection.
                ConnectException e = new ConnectException("Connect call failed " + where + ": " + failed.getMessage()
                        + hint.apply(failed));
                e.initCause(failed);
                throw e;
            }
            handedOver = true;
            return channel;
        } finally {
            if (!handedOver) {
                channel.close();
            }
        }
    }

    /** For a connecting socket, writable means its connect finished (or failed: {@code finishConnect} says how). */
    private static void awaitWritable(EventLoop loop, SocketChannel channel) {
        Future<Void> writable = loop.createFuture();
        loop.addWriter(channel, () -> {
            if (!writable.done()) {
                writable.setResult(null);
            }
        });
        try {
            writable.await();
        } finally {
            loop.removeWriter(channel);
        }
    }

    /**
     * The streams over the connected {@code channel}: plain when {@code tls} is null, else over a TLS layer once
     * its handshake succeeded. If the handshake fails or the task is cancelled during it, the channel is closed
     * before this throws.
     *
     * @param serverHostname the name to check and send as SNI, from {@link TlsOptions#clientHostname}; unused
     *                       without TLS
     * @param port           the server's port, or -1 for a Unix socket (a hint for the TLS session cache)
     * @param method         the public method the user called, for the cancellation message
     */
    static Connection over(EventLoop loop, SocketChannel channel, StreamOptions options, TlsOptions tls,
            String serverHostname, int port, String method) throws IOException {
        StreamReader reader = new StreamReader(options.limit());
        StreamProtocol protocol = new StreamProtocol(loop, reader);
        if (tls == null) {
            SocketTransport transport = new SocketTransport(loop, channel, protocol, null);
            return new Connection(reader, new StreamWriter(transport, protocol, reader));
        }
        boolean handedOver = false;
        try {
            TlsProtocol layer = TlsProtocol.client(loop, protocol, tls, serverHostname, port, false);
            new SocketTransport(loop, channel, layer, null);
            layer.awaitHandshake(method + " was cancelled during the TLS handshake");
            handedOver = true;
            return new Connection(reader, new StreamWriter(layer.transport(), protocol, reader));
        } finally {
            if (!handedOver) {
                channel.close(); // already closed after a failed handshake; at once after a cancellation
            }
        }
    }
}
