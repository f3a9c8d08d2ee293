package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.internal.LoopHop;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read end of a child process's output pipe on the loop: asyncio's {@code _UnixReadPipeTransport}
 * (unix_events.py). The JDK gives the pipe only as a blocking {@link InputStream}, so a virtual thread (the pump)
 * reads it outside the loop and hands each chunk over with {@code callSoonThreadsafe}; the loop feeds it to the
 * {@link StreamReader} through the protocol.
 *
 * <p>Flow control crosses back the other way: when the reader buffers more than twice its limit it calls
 * {@link #pauseReading()}, and the pump stops reading (so the child blocks in its write once the kernel's pipe
 * buffer is full) until {@link #resumeReading()}. The pump also never has more than {@link #MAX_IN_FLIGHT} chunks
 * handed over but not yet fed, so a loop that lags behind cannot make it buffer without bound.
 *
 * <p>Lifecycle: reading -> lost, exactly once: at the end of the pipe (the protocol hears {@code eofReceived},
 * then {@code connectionLost(null)}), on a read error ({@code connectionLost(error)}), or on {@link #close()}
 * (reading stops; {@code connectionLost(null)} on the next iteration). The pump ends at the end of the pipe, after
 * a read error, once closed (after its current read returns), or when the loop is closed; it closes the stream.
 * Loop only, except the pump's own methods.
 */
final class PipeReadTransport implements Transport {
    /** Bytes asked of each read: Linux's default pipe capacity, so one read can take a full pipe. */
    static final int CHUNK = 64 * 1024;
    /** Chunks handed to the loop and not yet fed to the reader, at most: two keeps the pump reading meanwhile. */
    private static final int MAX_IN_FLIGHT = 2;

    private final EventLoop loop;
    private final InputStream in;
    private final Protocol protocol;
    private final String name;
    private final Thread pump;

    // Shared with the pump, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition mayRead = lock.newCondition();
    private boolean pausedForPump;
    private int inFlight;
    private boolean stopped;

    // Loop only.
    private boolean readingPaused;
    private boolean lost;

    PipeReadTransport(EventLoop loop, InputStream in, Protocol protocol, String name) {
        this.loop = loop;
        this.in = in;
        this.protocol = protocol;
        this.name = name;
        this.pump = Thread.ofVirtual().name("aio4j-pipe " + name).unstarted(this::pump);
        protocol.connectionMade(this);
    }

    /** Starts the pump; once, after the transport is wired up. */
    void start() {
        pump.start();
    }

    // ------------------------------------------------------------------ the pump (its own virtual thread)

    private void pump() {
        try {
            byte[] chunk = new byte[CHUNK];
            for (;;) {
                if (!awaitPermission()) {
                    return;
                }
                int n = in.read(chunk);
                if (n < 0) {
                    LoopHop.run(loop, this::onEof);
                    return;
                }
                if (n == 0) {
                    continue;
                }
                byte[] data = Arrays.copyOf(chunk, n);
                if (!LoopHop.run(loop, () -> onData(data))) {
                    return; // the loop is closed: nobody will read this any more
                }
            }
        } catch (IOException e) {
            LoopHop.run(loop, () -> onError(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the pump; if someone does, it just ends
        } finally {
            closeStream();
        }
    }

    /** Waits while paused or while enough is in flight; counts the next chunk in. False once stopped. */
    private boolean awaitPermission() throws InterruptedException {
        lock.lock();
        try {
            while (!stopped && (pausedForPump || inFlight >= MAX_IN_FLIGHT)) {
                mayRead.await();
            }
            if (stopped) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void closeStream() {
        try {
            in.close();
        } catch (IOException e) {
            LoopHop.run(loop, () -> loop.callExceptionHandler(
                    new ExceptionContext("Closing the " + name + " pipe failed", e, null, null)));
        }
    }

    // ------------------------------------------------------------------ the loop's side

    private void onData(byte[] data) {
        lock.lock();
        try {
            inFlight--;
            mayRead.signal();
        } finally {
            lock.unlock();
        }
        if (!lost) {
            feed(data);
        }
    }

    private void feed(byte[] data) {
        // Through the protocol's buffer, as the socket transport does, so that the reader's flow control applies.
        int offset = 0;
        while (offset < data.length) {
            java.nio.ByteBuffer into = protocol.getBuffer(data.length - offset);
            int n = Math.min(into.remaining(), data.length - offset);
            into.put(data, offset, n);
            offset += n;
            protocol.bufferUpdated(n);
        }
    }

    private void onEof() {
        if (lost) {
            return;
        }
        lost = true;
        protocol.eofReceived();
        protocol.connectionLost(null);
    }

    private void onError(IOException error) {
        if (lost) {
            return;
        }
        lost = true;
        IOException named = new IOException("Reading the " + name + " pipe failed: " + error.getMessage(), error);
        protocol.connectionLost(named);
    }

    @Override
    public void pauseReading() {
        if (lost || readingPaused) {
            return;
        }
        readingPaused = true;
        setPumpPaused(true);
    }

    @Override
    public void resumeReading() {
        if (lost || !readingPaused) {
            return;
        }
        readingPaused = false;
        setPumpPaused(false);
    }

    private void setPumpPaused(boolean paused) {
        lock.lock();
        try {
            pausedForPump = paused;
            mayRead.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the pump after its current read; the stream is closed by the pump itself, never on the loop. */
    private void stopPump() {
        lock.lock();
        try {
            stopped = true;
            mayRead.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        if (lost) {
            return;
        }
        lost = true;
        stopPump();
        if (loop.isClosed()) {
            return;
        }
        loop.callSoon(() -> protocol.connectionLost(null)); // after the current callback, as asyncio does
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return lost;
    }

    // ------------------------------------------------------------------ not for a read pipe

    @Override
    public void write(byte[] data, int offset, int length) {
        throw new UnsupportedOperationException("the " + name + " pipe is read-only");
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("the " + name + " pipe is read-only");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public long writeBufferSize() {
        return 0;
    }

    @Override
    public void setWriteBufferLimits(long high, long low) {
        throw new UnsupportedOperationException("the " + name + " pipe is read-only");
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    /** The pump thread, for tests that check it ended. */
    Thread pumpThread() {
        return pump;
    }

    @Override
    public String toString() {
        return "PipeReadTransport[" + name + (lost ? ", closed" : readingPaused ? ", paused" : ", reading") + "]";
    }
}
