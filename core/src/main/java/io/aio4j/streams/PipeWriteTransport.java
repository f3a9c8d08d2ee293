package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.internal.LoopHop;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write end of a child process's standard input on the loop: asyncio's {@code _UnixWritePipeTransport}
 * (unix_events.py). The JDK gives the pipe only as a blocking {@link OutputStream}, so {@link #write} never touches
 * it: it queues a copy of the bytes and a virtual thread (the writer) writes the queue out, handing back through
 * {@code callSoonThreadsafe} how much went through. The loop counts what is queued and not yet written as the
 * write buffer: over the high-water mark (64 KiB) the protocol's writers are paused ({@link StreamWriter#drain()}
 * waits), at the low-water mark (16 KiB) resumed.
 *
 * <p>The writer thread exists only while there is something to write: it ends when the queue is empty and a later
 * {@code write} starts a new one, so an idle pipe holds no thread.
 *
 * <p>Lifecycle: open -> closing ({@link #close()} or {@link #writeEof()}: the queue is written out, then the pipe
 * closed, which the child sees as the end of its input) -> lost ({@code connectionLost}, exactly once). A write
 * that fails (the child exited or closed its input: a broken pipe) or the child's exit, told by
 * {@link #processExited()}, make it lost with an {@link IOException} saying so; later writes are dropped and
 * {@code drain()} throws that exception, as asyncio's drain raises {@code BrokenPipeError}. {@link #abort()} drops
 * the queue and is lost at once. Loop only, except the writer's own methods.
 */
final class PipeWriteTransport implements Transport {
    private final EventLoop loop;
    private final OutputStream out;
    private final Protocol protocol;
    private final String name;

    // Shared with the writer thread, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean writerRunning;
    /** Close the stream once the queue is written out. */
    private boolean closeRequested;
    private boolean streamClosed;

    // Loop only.
    private final WriteFlowControl flow = new WriteFlowControl();
    private boolean closeCalled;
    private boolean eofWritten;
    /** close(), writeEof(), abort() or the child's exit asked the writer to close the stream. */
    private boolean closeRequestedOnLoop;
    private boolean lost;

    PipeWriteTransport(EventLoop loop, OutputStream out, Protocol protocol, String name) {
        this.loop = loop;
        this.out = out;
        this.protocol = protocol;
        this.name = name;
        protocol.connectionMade(this);
    }

    // ------------------------------------------------------------------ the loop's side

    @Override
    public void write(byte[] data, int offset, int length) {
        if (eofWritten) {
            throw new IllegalStateException("write() after writeEof() on " + this + ": the pipe is closed");
        }
        if (closeCalled) {
            throw new IllegalStateException("write() after close() on " + this);
        }
        if (length == 0 || lost) {
            return; // after a loss, writes are dropped; drain() reports the loss (as in asyncio)
        }
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        lock.lock();
        try {
            queue.add(copy);
            startWriterIfIdle();
        } finally {
            lock.unlock();
        }
        flow.added(length, protocol);
    }

    /** Under lock. */
    private void startWriterIfIdle() {
        if (!writerRunning) {
            writerRunning = true;
            Thread.ofVirtual().name("aio4j-pipe " + name).start(this::writeQueue);
        }
    }

    @Override
    public void writeEof() {
        // A pipe has no half-close: the end of the child's input is the pipe's closing (as asyncio's write_eof).
        eofWritten = true;
        beginClose();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        closeCalled = true;
        beginClose();
    }

    private void beginClose() {
        if (lost || closeRequestedOnLoop) {
            return;
        }
        closeRequestedOnLoop = true;
        lock.lock();
        try {
            closeRequested = true;
            startWriterIfIdle();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        closeCalled = true;
        if (lost) {
            return;
        }
        lock.lock();
        try {
            queue.clear();
            closeRequested = true;
            startWriterIfIdle(); // closes the stream off the loop: closing may flush, and a flush may block
        } finally {
            lock.unlock();
        }
        closeRequestedOnLoop = true;
        flow.discardAll();
        lose(null);
    }

    /** The child exited: whatever is still queued can never be read, and nothing written later either. */
    void processExited() {
        if (lost) {
            return;
        }
        lock.lock();
        try {
            queue.clear();
            closeRequested = true;
            startWriterIfIdle();
        } finally {
            lock.unlock();
        }
        closeRequestedOnLoop = true;
        flow.discardAll();
        if (closeCalled || eofWritten) {
            lose(null); // the caller had finished writing: a normal close
        } else {
            lose(new IOException("Broken pipe: the process of the " + name + " exited; it reads no more input"));
        }
    }

    private void onWritten(int count) {
        if (lost) {
            return;
        }
        flow.written(count, protocol);
    }

    private void onStreamClosed() {
        if (!lost) {
            lose(null);
        }
    }

    private void onWriteFailed(IOException error) {
        if (lost) {
            return;
        }
        flow.discardAll();
        lose(new IOException("Broken pipe: writing to the " + name + " failed (the process exited or closed its "
                + "input): " + error.getMessage(), error));
    }

    private void lose(IOException error) {
        lost = true;
        flow.discardAll(); // drain() waiters wake and find the loss
        if (loop.isClosed()) {
            return;
        }
        loop.callSoon(() -> protocol.connectionLost(error)); // after the current callback, as asyncio does
    }

    @Override
    public boolean isClosing() {
        return lost || closeRequestedOnLoop;
    }

    @Override
    public long writeBufferSize() {
        return flow.size();
    }

    @Override
    public void setWriteBufferLimits(long high, long low) {
        flow.setLimits(high, low, protocol);
    }

    // ------------------------------------------------------------------ the writer (its own virtual thread)

    private void writeQueue() {
        for (;;) {
            byte[] chunk;
            lock.lock();
            try {
                chunk = queue.poll();
                if (chunk == null && (!closeRequested || streamClosed)) {
                    writerRunning = false;
                    return;
                }
                if (chunk == null) {
                    streamClosed = true;
                }
            } finally {
                lock.unlock();
            }
            try {
                if (chunk == null) {
                    out.close();
                    LoopHop.run(loop, this::onStreamClosed);
                    continue; // finds the queue empty and the stream closed, and ends
                }
                out.write(chunk);
                out.flush(); // the JDK's stream buffers 8 KiB: the child must see each write as it is made
            } catch (IOException e) {
                giveUp();
                LoopHop.run(loop, () -> onWriteFailed(e));
                return;
            }
            int written = chunk.length;
            if (!LoopHop.run(loop, () -> onWritten(written))) {
                giveUp(); // the loop is closed: nobody waits for this any more
                return;
            }
        }
    }

    /** The writer stops for good: drops the queue, closes the stream (its failure adds nothing to the first). */
    private void giveUp() {
        lock.lock();
        try {
            queue.clear();
            streamClosed = true;
            writerRunning = false;
        } finally {
            lock.unlock();
        }
        try {
            out.close();
        } catch (IOException alreadyBroken) {
            // The write that failed is reported (or the loop is gone); closing a broken pipe fails the same way.
        }
    }

    // ------------------------------------------------------------------ not for a write pipe

    @Override
    public void pauseReading() {
        // write-only: nothing to pause
    }

    @Override
    public void resumeReading() {
        // write-only: nothing to resume
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public String toString() {
        String state = lost ? "closed" : closeRequestedOnLoop ? "closing" : "open";
        return "PipeWriteTransport[" + name + ", " + state + ", buffered=" + flow.size() + "]";
    }
}
