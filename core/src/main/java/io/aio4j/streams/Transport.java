package io.aio4j.streams;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * One connection's byte pipe as the streams see it: asyncio's {@code WriteTransport}/{@code ReadTransport}
 * (transports.py). TCP and Unix-domain sockets ({@link SocketTransport}) implement it today; a TLS transport
 * would wrap one and present the same face, so that {@link StreamReader} and {@link StreamWriter} never know.
 * Loop only.
 */
interface Transport {
    /** Sends bytes, at once where the socket takes them, else buffered; never blocks. */
    void write(byte[] data, int offset, int length);

    /** Closes the write side once the buffer is flushed (a TCP half-close). */
    void writeEof();

    boolean canWriteEof();

    /** Stops reading, flushes the buffer, then closes and reports the loss (with no error) to the protocol. */
    void close();

    /** Closes at once, dropping the buffer. */
    void abort();

    boolean isClosing();

    void pauseReading();

    void resumeReading();

    long writeBufferSize();

    void setWriteBufferLimits(long high, long low);

    SocketAddress localAddress() throws IOException;

    SocketAddress remoteAddress() throws IOException;
}
