package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connected {@link SocketChannel} on the loop: asyncio's {@code _SelectorSocketTransport} (selector_events.py).
 *
 * <p>Reading: the loop's selector calls {@link #onReadable()} when bytes (or the end, or an error) wait; it reads
 * once into the protocol's buffer. Writing: {@link #write} tries the socket at once and buffers only what it did not
 * take, then watches for writability until the buffer is flushed; going over the high-water mark pauses the
 * protocol's writers ({@link StreamWriter#drain()}), draining to the low-water mark resumes them.
 *
 * <p>Lifecycle: open -> closing (our {@link #close()}: reading stops, the buffer flushes) -> lost (the channel is
 * closed and {@link Protocol#connectionLost} was scheduled, exactly once, on the next iteration as in asyncio).
 * {@link #abort()} and any read or write failure go straight to lost. Loop only.
 */
final class SocketTransport implements Transport {
    /** At most this many buffered chunks go into one gathering write. */
    private static final int MAX_GATHER = 64;

    private final EventLoop loop;
    private final SocketChannel channel;
    /** Replaced once, by {@link #setProtocol}, when {@code startTls} puts TLS between this socket and the streams. */
    private Protocol protocol;
    /** Told when the connection is lost, so that a server can track its clients; may be null. */
    private final Runnable onLost;
    private final Runnable readCallback = this::onReadable;
    private final Runnable writeCallback = this::onWritable;

    private final ArrayDeque<ByteBuffer> buffer = new ArrayDeque<>();
    /** Reused for every gathering write. */
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private final WriteFlowControl flow = new WriteFlowControl();

    private boolean readingPaused;
    private boolean eofReceived;
    /** writeEof() was called: no more writes; the output is shut down once the buffer is empty. */
    private boolean eofWritten;
    private boolean closing;
    /** close() or abort() was called: writing now is a mistake of the caller, not a lost connection. */
    private boolean closeCalled;
    /** connectionLost has been scheduled (or the loop was closed under us): nothing more happens. */
    private boolean lost;

    SocketTransport(EventLoop loop, SocketChannel channel, Protocol protocol, Runnable onLost) {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.onLost = onLost;
        protocol.connectionMade(this);
        loop.addReader(channel, readCallback);
    }

    // ------------------------------------------------------------------ reading

    private void onReadable() {
        if (lost || readingPaused) {
            return;
        }
        ByteBuffer into = protocol.getBuffer(-1);
        int n;
        try {
            n = channel.read(into);
        } catch (IOException e) {
            fatalError(e, "reading from");
            return;
        }
        if (n > 0) {
            protocol.bufferUpdated(n);
        } else if (n < 0) {
            onEof();
        }
    }

    private void onEof() {
        eofReceived = true;
        loop.removeReader(channel);
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (RuntimeException e) {
            fatalError(e, "handling the end of");
            return;
        }
        if (!keepOpen) {
            close();
        }
    }

    @Override
    public void pauseReading() {
        if (closing || lost || readingPaused) {
            return;
        }
        readingPaused = true;
        loop.removeReader(channel);
    }

    @Override
    public void resumeReading() {
        if (closing || lost || !readingPaused) {
            return;
        }
        readingPaused = false;
        if (!eofReceived) {
            loop.addReader(channel, readCallback);
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data, int offset, int length) {
        if (eofWritten) {
            throw new IllegalStateException("write() after writeEof() on " + this + ": the write side is shut down");
        }
        if (closeCalled) {
            throw new IllegalStateException("write() after close() on " + this);
        }
        if (length == 0 || lost) {
            return; // after a loss, writes are dropped; drain() reports the loss (as in asyncio)
        }
        if (buffer.isEmpty()) {
            int n;
            try {
                n = channel.write(ByteBuffer.wrap(data, offset, length));
            } catch (IOException e) {
                fatalError(e, "writing to");
                return;
            }
            if (n == length) {
                return;
            }
            offset += n;
            length -= n;
            loop.addWriter(channel, writeCallback);
        }
        buffer.add(ByteBuffer.wrap(Arrays.copyOfRange(data, offset, offset + length)));
        flow.added(length, protocol);
    }

    private void onWritable() {
        if (lost) {
            return;
        }
        ByteBuffer[] chunks = gather;
        int count = 0;
        for (ByteBuffer chunk : buffer) {
            chunks[count++] = chunk;
            if (count == MAX_GATHER) {
                break;
            }
        }
        long n;
        try {
            n = channel.write(chunks, 0, count);
        } catch (IOException e) {
            loop.removeWriter(channel);
            fatalError(e, "writing to");
            return;
        }
        Arrays.fill(chunks, 0, count, null);
        ByteBuffer head;
        while ((head = buffer.peek()) != null && !head.hasRemaining()) {
            buffer.poll();
        }
        flow.written(n, protocol);
        if (buffer.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                scheduleConnectionLost(null);
            } else if (eofWritten) {
                shutdownOutput();
            }
        }
    }

    @Override
    public void writeEof() {
        if (closing || eofWritten) {
            return;
        }
        eofWritten = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "shutting down the output of");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public long writeBufferSize() {
        return flow.size();
    }

    @Override
    public void setWriteBufferLimits(long high, long low) {
        flow.setLimits(high, low, protocol);
    }

    // ------------------------------------------------------------------ closing

    @Override
    public boolean isClosing() {
        return closing || lost;
    }

    @Override
    public void close() {
        closeCalled = true;
        if (closing || lost) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (buffer.isEmpty()) {
            scheduleConnectionLost(null);
        }
    }

    @Override
    public void abort() {
        closeCalled = true;
        forceClose(null);
    }

    /** A read or write failed: the connection is lost with that error (asyncio's {@code _fatal_error}). */
    private void fatalError(Exception error, String doing) {
        if (!(error instanceof IOException)) {
            // Not the network's doing: a bug somewhere, which nobody awaiting the stream would see as such.
            loop.callExceptionHandler(new ExceptionContext("Fatal error " + doing + " " + this, error, null, null));
        }
        forceClose(error);
    }

    private void forceClose(Throwable error) {
        if (lost) {
            return;
        }
        if (!buffer.isEmpty()) {
            buffer.clear();
            flow.discardAll();
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.removeReader(channel);
        }
        scheduleConnectionLost(error);
    }

    private void scheduleConnectionLost(Throwable error) {
        lost = true;
        if (loop.isClosed()) {
            closeChannel(); // a task unwinding at loop close: nobody is left to tell
            return;
        }
        // On the next iteration, as asyncio does: the protocol hears of the loss after the current callback.
        loop.callSoon(() -> {
            try {
                protocol.connectionLost(error);
            } finally {
                closeChannel();
                if (onLost != null) {
                    onLost.run();
                }
            }
        });
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            loop.callExceptionHandler(new ExceptionContext("Closing " + this + " failed", e, null, null));
        }
    }

    /** From now on, tell {@code newProtocol} what happens (asyncio's {@code transport.set_protocol}). */
    void setProtocol(Protocol newProtocol) {
        protocol = newProtocol;
    }

    // ------------------------------------------------------------------ information

    @Override
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    @Override
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public String toString() {
        String state = lost ? "closed" : closing ? "closing" : "open";
        String peer;
        try {
            peer = String.valueOf(channel.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            peer = "?";
        }
        return "SocketTransport[" + state + ", peer=" + peer + ", buffered=" + flow.size()
                + (readingPaused ? ", reading paused" : "") + (eofWritten ? ", eof written" : "") + "]";
    }
}
