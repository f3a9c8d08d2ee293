package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The client side of a stream connection, TCP or Unix-domain, plain or TLS: waiting for a non-blocking connect to
 * finish, then making the streams over the connected channel (asyncio's {@code _create_connection_transport}, with
 * {@code ssl=} or without). {@link TcpSockets} and {@link UnixSockets} open the channel; what follows is the same
 * for both. Loop only.
 */
final class ClientStreams {
    private ClientStreams() {}

    /**
     * Suspends the calling task until {@code channel}'s connect, started by {@link SocketChannel#connect}, has
     * finished, or throws what {@link SocketChannel#finishConnect} says went wrong. Cancelling the task stops the
     * watch (the caller closes the channel it owns).
     *
     * @param connected what {@code connect} returned: true when it finished at once
     */
    static void finishConnect(EventLoop loop, SocketChannel channel, boolean connected) throws IOException {
        while (!connected) {
            awaitWritable(loop, channel);
            connected = channel.finishConnect();
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
