package io.aio4j.streams;

import io.aio4j.EventLoop;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Makes the streams of a TLS client connection, TCP or Unix-domain: asyncio's {@code _create_connection_transport}
 * with {@code ssl=}.
 */
final class TlsStreams {
    private TlsStreams() {}

    /**
     * Puts a TLS layer over the connected {@code channel}, performs the handshake and returns the streams over it.
     * If the handshake fails or the task is cancelled, the channel is closed before this throws.
     *
     * @param serverHostname the name to check and send as SNI, from {@link TlsOptions#clientHostname}
     * @param port           the server's port, or -1 for a Unix socket (a hint for the session cache)
     * @param method         the public method the user called, for the cancellation message
     */
    static Connection handshake(EventLoop loop, SocketChannel channel, int limit, TlsOptions tls,
            String serverHostname, int port, String method) throws IOException {
        boolean handedOver = false;
        try {
            StreamReader reader = new StreamReader(limit);
            StreamProtocol protocol = new StreamProtocol(loop, reader);
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
