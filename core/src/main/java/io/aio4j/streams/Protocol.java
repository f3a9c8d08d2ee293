package io.aio4j.streams;

import java.nio.ByteBuffer;

/**
 * What a {@link Transport} tells the code above it: asyncio's {@code BufferedProtocol} (protocols.py), with the
 * write flow-control callbacks. Loop only; each method runs in a loop callback.
 */
interface Protocol {
    /** The transport is ready; called once, before anything else. */
    void connectionMade(Transport transport);

    /** Where the transport is to read the next bytes: a buffer with room, position at the first free byte. */
    ByteBuffer getBuffer(int sizeHint);

    /** {@code count} bytes were read into the buffer {@link #getBuffer} returned. */
    void bufferUpdated(int count);

    /** The peer closed its write side; return true to keep the connection open for writing (a half-close). */
    boolean eofReceived();

    /** The connection is gone: {@code error} is null after a clean close, else what broke it. Called once. */
    void connectionLost(Throwable error);

    /** The transport's write buffer went over its high-water mark. */
    void pauseWriting();

    /** The transport's write buffer drained to its low-water mark. */
    void resumeWriting();
}
