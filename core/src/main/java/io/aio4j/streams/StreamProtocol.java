package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Connects a {@link Transport} to a {@link StreamReader} and to the flow control of a {@link StreamWriter}:
 * asyncio's {@code StreamReaderProtocol} with its {@code FlowControlMixin} (streams.py). Loop only.
 */
final class StreamProtocol implements Protocol {
    private final EventLoop loop;
    private final StreamReader reader;
    private Transport transport;
    private boolean paused;
    private boolean connectionLost;
    /** What broke the connection, or null after a clean close. */
    private Throwable lostError;
    /** Tasks in {@link StreamWriter#drain()} waiting for the write buffer to drain. */
    private final ArrayDeque<Future<Void>> drainWaiters = new ArrayDeque<>(1);
    /** Done when the connection is lost; {@link StreamWriter#waitClosed()} awaits it. */
    private final Future<Void> closed;

    StreamProtocol(EventLoop loop, StreamReader reader) {
        this.loop = loop;
        this.reader = reader;
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        reader.setTransport(t);
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return reader.bufferForRead();
    }

    @Override
    public void bufferUpdated(int count) {
        reader.bytesRead(count);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        return true; // keep the write side open: a half-close, as asyncio does for plain sockets
    }

    @Override
    public void connectionLost(Throwable error) {
        connectionLost = true;
        if (error == null) {
            reader.feedEof();
            closed.setResult(null);
        } else {
            reader.setException(error);
            closed.setException(error);
            closed.exception(); // retrieved here: waitClosed() is optional, the error reaches reads and drain()
        }
        lostError = error;
        wakeDrainWaiters(); // they find the connection lost and throw
    }

    private void wakeDrainWaiters() {
        for (Future<Void> w : drainWaiters) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    @Override
    public void pauseWriting() {
        paused = true;
    }

    @Override
    public void resumeWriting() {
        paused = false;
        wakeDrainWaiters();
    }

    /** asyncio's {@code _drain_helper}: returns at once unless the writer is paused; throws once the connection is lost. */
    void drainHelper() throws SocketException {
        if (connectionLost) {
            throw connectionLostError();
        }
        if (!paused) {
            return;
        }
        Future<Void> w = loop.createFuture();
        drainWaiters.add(w);
        try {
            w.await();
        } finally {
            drainWaiters.remove(w);
        }
        if (connectionLost) {
            throw connectionLostError();
        }
    }

    /** asyncio's {@code ConnectionResetError('Connection lost')}, with what broke it as the cause. */
    private SocketException connectionLostError() {
        SocketException e = new SocketException("Connection lost"
                + (lostError == null ? " (the connection was closed)" : ": " + lostError.getMessage()));
        if (lostError != null) {
            e.initCause(lostError);
        }
        return e;
    }

    Future<Void> closedFuture() {
        return closed;
    }

    Transport transport() {
        return transport;
    }

    StreamReader reader() {
        return reader;
    }
}
