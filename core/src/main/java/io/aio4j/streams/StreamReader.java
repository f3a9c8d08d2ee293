package io.aio4j.streams;

import io.aio4j.Async;
import io.aio4j.Future;
import io.aio4j.internal.Checks;
import io.aio4j.internal.CurrentTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

/**
 * The reading half of a stream connection: bytes arrive from the connection (or from {@link #feedData}) into a
 * buffer, and the reads take them out, suspending the calling task while there are not enough.
 *
 * <p>Lifecycle: open -> at end of stream ({@link #feedEof}: the peer closed its write side; reads return what is
 * left, then nothing) | failed ({@link #setException}: the connection broke; every read throws that exception).
 * Only one task may wait for data at a time, as in asyncio.
 *
 * <p>Flow control: when more than twice the {@linkplain #StreamReader(int) limit} is buffered, the connection stops
 * reading from the socket (so the peer's writes back up in the kernel and then in its {@code drain()}); it resumes
 * once reads bring the buffer down to the limit. The limit also bounds how far {@link #readuntil} and
 * {@link #readline} look for a separator.
 * {@snippet :
 * Connection c = Async.openConnection("example.com", 80);
 * c.writer().write("HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 * byte[] statusLine = c.reader().readline();
 * }
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.StreamReader} (streams.py). Differences: reads return {@code byte[]};
 *   {@link #readline} over the limit throws {@link LimitOverrunException} (after discarding like asyncio) instead
 *   of {@code ValueError}; a stored connection error that is an {@link IOException} is thrown as it is (declared),
 *   any other checked one wrapped in {@link CompletionException}.</dd>
 *   <dt>Threading</dt><dd>Loop only. The reads suspend the calling task and must be called from a task of the
 *   loop the reader belongs to (the loop of the first task that waits on it).</dd>
 *   <dt>Cancellation</dt><dd>Cancelling a task suspended in a read ends that read with
 *   {@link java.util.concurrent.CancellationException} and takes nothing from the buffer: data that arrives meanwhile
 *   stays there for the next read, and the reader stays usable.</dd>
 * </dl>
 */
public final class StreamReader implements Iterable<byte[]> {
    /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;
    /** Room the reader offers the socket for each read: a read syscall fills up to this much at once. */
    private static final int READ_CHUNK = 16 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final List<byte[]> NEWLINE = List.of(new byte[] {'\n'});

    private final int limit;
    private byte[] buf = new byte[0];
    private int head;
    private int tail;
    /** A view of {@link #buf} handed to the transport; re-made only when the array changes. */
    private ByteBuffer view;
    private boolean eof;
    private Throwable exception;
    private Future<Void> waiter;
    private Transport transport;
    private boolean paused;

    /**
     * A reader with asyncio's default limit ({@value #DEFAULT_LIMIT} bytes), fed by hand ({@link #feedData}) or by
     * a connection.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.StreamReader()}.</dd></dl>
     */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader with the given limit.
     * <dl><dt>asyncio</dt><dd>{@code asyncio.StreamReader(limit=limit)}.</dd></dl>
     *
     * @param limit the buffer limit: see the class description
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0 but was " + limit);
        }
        this.limit = limit;
    }

    // ------------------------------------------------------------------ feeding (the connection's side)

    /**
     * Appends bytes to the buffer and wakes a task waiting for data.
     * <dl><dt>asyncio</dt><dd>{@code StreamReader.feed_data(data)}.</dd></dl>
     *
     * @param data the bytes, copied
     * @throws NullPointerException  if {@code data} is null
     * @throws IllegalStateException if {@link #feedEof()} was called
     */
    public void feedData(byte[] data) {
        Checks.notNull(data, "data");
        if (eof) {
            throw new IllegalStateException("feedData() after feedEof() on " + this);
        }
        if (data.length == 0) {
            return;
        }
        ensureRoom(data.length);
        System.arraycopy(data, 0, buf, tail, data.length);
        tail += data.length;
        dataArrived();
    }

    /**
     * Marks the end of the stream and wakes a task waiting for data.
     * <dl><dt>asyncio</dt><dd>{@code StreamReader.feed_eof()}.</dd></dl>
     */
    public void feedEof() {
        eof = true;
        wakeWaiter(null);
    }

    /**
     * Makes every read, now and later, throw {@code error} (the connection broke); wakes a waiting task with it.
     * <dl><dt>asyncio</dt><dd>{@code StreamReader.set_exception(exc)}.</dd></dl>
     *
     * @param error the failure
     * @throws NullPointerException if {@code error} is null
     */
    public void setException(Throwable error) {
        Checks.notNull(error, "error");
        exception = error;
        wakeWaiter(error);
    }

    /**
     * The failure set by {@link #setException}, or null.
     * <dl><dt>asyncio</dt><dd>{@code StreamReader.exception()}.</dd></dl>
     *
     * @return the stored failure or null
     */
    public Throwable exception() {
        return exception;
    }

    /**
     * Whether the stream has ended and the buffer is empty: no read will return data any more.
     * <dl><dt>asyncio</dt><dd>{@code StreamReader.at_eof()}.</dd></dl>
     *
     * @return true at the end of the stream with nothing buffered
     */
    public boolean atEof() {
        return eof && head == tail;
    }

    /**
     * The buffer limit this reader was created with.
     *
     * @return the limit in bytes
     */
    public int limit() {
        return limit;
    }

    void setTransport(Transport transport) {
        this.transport = transport;
    }

    /**
     * Takes every buffered byte nobody has read yet, resuming a paused transport: {@code startTls} hands them to the
     * TLS layer, since they arrived after the plaintext part of the conversation.
     */
    byte[] takeUnread() {
        byte[] unread = Arrays.copyOfRange(buf, head, tail);
        head = 0;
        tail = 0;
        if (paused && transport != null) {
            paused = false;
            transport.resumeReading();
        }
        return unread;
    }

    /** The transport reads straight into the buffer (asyncio's {@code BufferedProtocol.get_buffer}). */
    ByteBuffer bufferForRead() {
        ensureRoom(READ_CHUNK);
        ByteBuffer v = view;
        if (v == null || v.array() != buf) {
            v = ByteBuffer.wrap(buf);
            view = v;
        }
        v.limit(buf.length).position(tail);
        return v;
    }

    void bytesRead(int count) {
        tail += count;
        dataArrived();
    }

    private void dataArrived() {
        wakeWaiter(null);
        if (transport != null && !paused && tail - head > 2L * limit) {
            paused = true;
            transport.pauseReading();
        }
    }

    private void wakeWaiter(Throwable error) {
        Future<Void> w = waiter;
        if (w != null && !w.done()) {
            if (error == null) {
                w.setResult(null);
            } else {
                w.setException(error);
            }
        }
    }

    /** Makes room for {@code n} more bytes at the tail: compacting when that suffices, else growing. */
    private void ensureRoom(int n) {
        if (buf.length - tail >= n) {
            return;
        }
        int size = tail - head;
        if (buf.length - size >= n && head > 0 && size <= buf.length / 2) {
            System.arraycopy(buf, head, buf, 0, size);
        } else {
            int capacity = Math.max(Math.max(buf.length * 2, size + n), READ_CHUNK);
            byte[] bigger = new byte[capacity];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
        }
        head = 0;
        tail = size;
    }

    // ------------------------------------------------------------------ reading (the task's side)

    /**
     * Reads up to {@code n} bytes: waits until at least one byte is buffered or the stream ends, then returns what
     * is there, up to {@code n}. With {@code n < 0}, reads until the end of the stream and returns everything.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await reader.read(n)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the read; nothing is taken from the buffer.</dd>
     * </dl>
     *
     * @param n the most bytes to return; 0 returns an empty array at once; negative reads to the end
     * @return the bytes; empty only at the end of the stream (or for {@code n == 0})
     * @throws IOException           the connection's failure ({@link #setException}), e.g. a reset
     * @throws IllegalStateException if another task is already waiting on this reader, or not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public byte[] read(int n) throws IOException {
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (;;) {
                byte[] block = read(limit);
                if (block.length == 0) {
                    return all.toByteArray();
                }
                all.write(block, 0, block.length);
            }
        }
        if (head == tail && !eof) {
            waitForData("read");
        }
        return take(Math.min(n, tail - head));
    }

    /**
     * Reads everything up to the end of the stream: {@code read(-1)}.
     * <dl><dt>asyncio</dt><dd>{@code await reader.read()}.</dd></dl>
     *
     * @return all bytes until the end of the stream
     * @throws IOException           the connection's failure
     * @throws IllegalStateException if another task is already waiting on this reader, or not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public byte[] read() throws IOException {
        return read(-1);
    }

    /**
     * Reads exactly {@code n} bytes, waiting as long as it takes.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await reader.readexactly(n)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the read; nothing is taken from the buffer.</dd>
     * </dl>
     *
     * @param n how many bytes
     * @return exactly {@code n} bytes
     * @throws IncompleteReadException  if the stream ended first; it carries the bytes that came (taken from the
     *                                  buffer) and {@code n}
     * @throws IOException              the connection's failure
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException    if another task is already waiting on this reader, or not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public byte[] readexactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size must be >= 0 but was " + n);
        }
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        while (tail - head < n) {
            if (eof) {
                throw new IncompleteReadException(take(tail - head), n);
            }
            waitForData("readexactly");
        }
        return take(n);
    }

    /**
     * Reads one line, up to and including {@code \n}. At the end of the stream, returns the partial line
     * (possibly empty) instead of throwing.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await reader.readline()}. Difference: over the limit it throws
     *   {@link LimitOverrunException} instead of {@code ValueError}, after the same discarding: up to and including
     *   the separator when it was in the buffer, else the whole buffer.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the read; nothing is taken from the buffer.</dd>
     * </dl>
     *
     * @return the line with its {@code \n}; without it for a last line cut by the end; empty at the end
     * @throws LimitOverrunException if the line is longer than the limit
     * @throws IOException           the connection's failure
     * @throws IllegalStateException if another task is already waiting on this reader, or not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public byte[] readline() throws IOException {
        try {
            return readuntilAny(NEWLINE);
        } catch (IncompleteReadException e) {
            return e.partial();
        } catch (LimitOverrunException e) {
            int consumed = e.consumed();
            if (tail - head > consumed && buf[head + consumed] == '\n') {
                head += consumed + 1;
            } else {
                head = tail;
            }
            maybeResumeTransport();
            throw e;
        }
    }

    /**
     * Reads up to and including {@code separator}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await reader.readuntil(separator)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the read; nothing is taken from the buffer.</dd>
     * </dl>
     *
     * @param separator the bytes that end the chunk (at least one)
     * @return the data with the separator at its end
     * @throws IncompleteReadException  if the stream ended before the separator: it carries the whole buffer (now
     *                                  taken out of the reader), {@code expected} is -1
     * @throws LimitOverrunException    if no separator was found within the limit, or it was found beyond it; the
     *                                  data stays in the reader, {@code consumed} says how much was examined
     * @throws IOException              the connection's failure
     * @throws IllegalArgumentException if {@code separator} is empty
     * @throws NullPointerException     if {@code separator} is null
     * @throws IllegalStateException    if another task is already waiting on this reader, or not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public byte[] readuntil(byte[] separator) throws IOException {
        Checks.notNull(separator, "separator");
        if (separator.length == 0) {
            throw new IllegalArgumentException("separator must be at least one byte");
        }
        return readuntilAny(List.of(separator));
    }

    /**
     * Reads up to and including the first of {@code separators} to end in the buffer: the shortest chunk that ends
     * with any of them. Where two end at the same byte, the shorter separator is the one that matched.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code await reader.readuntil((sep1, sep2))}, 3.13's tuple of separators.</dd>
     *   <dt>Threading</dt><dd>Only from a task; may suspend it.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the waiting task ends the read; nothing is taken from the buffer.</dd>
     * </dl>
     * {@snippet :
     * byte[] line = reader.readuntil(List.of("\r\n".getBytes(US_ASCII), "\n".getBytes(US_ASCII)));
     * }
     *
     * @param separators the byte sequences that may end the chunk (at least one, each at least one byte)
     * @return the data with the matching separator at its end
     * @throws IncompleteReadException  if the stream ended before any separator: it carries the whole buffer (now
     *                                  taken out of the reader), {@code expected} is -1
     * @throws LimitOverrunException    if no separator was found within the limit, or the one found starts beyond
     *                                  it; the data stays in the reader, {@code consumed} says how much was examined
     * @throws IOException              the connection's failure
     * @throws IllegalArgumentException if {@code separators} or one of them is empty
     * @throws NullPointerException     if {@code separators} or one of them is null
     * @throws IllegalStateException    if another task is already waiting on this reader, or not called from a task
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public byte[] readuntil(List<byte[]> separators) throws IOException {
        Checks.notNull(separators, "separators");
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("separators must hold at least one separator");
        }
        for (byte[] separator : separators) {
            Checks.notNull(separator, "a separator");
            if (separator.length == 0) {
                throw new IllegalArgumentException("each separator must be at least one byte");
            }
        }
        // Shortest first, so that of two separators ending at the same byte the shorter one is the match.
        List<byte[]> byLength = separators.stream().sorted(Comparator.comparingInt(sep -> sep.length)).toList();
        return readuntilAny(byLength);
    }

    /** readuntil over checked separators, shortest first. */
    private byte[] readuntilAny(List<byte[]> separators) throws IOException {
        int shortest = separators.get(0).length;
        int longest = separators.get(separators.size() - 1).length;
        throwIfFailed();
        int offset = 0; // how far the buffer is known not to hold a separator
        int matchStart = -1;
        int matchEnd = -1;
        for (;;) {
            int size = tail - head;
            if (size - offset >= shortest) {
                for (byte[] separator : separators) {
                    int at = indexOf(separator, offset);
                    if (at >= 0 && (matchEnd < 0 || at + separator.length < matchEnd)) {
                        matchStart = at;
                        matchEnd = at + separator.length;
                    }
                }
                if (matchEnd >= 0) {
                    break;
                }
                // A separator may still start in the last (longest - 1) bytes, completed by the next data.
                offset = Math.max(0, size + 1 - longest);
                if (offset > limit) {
                    throw new LimitOverrunException("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (eof) {
                throw new IncompleteReadException(take(size), -1);
            }
            waitForData("readuntil");
        }
        if (matchStart > limit) {
            throw new LimitOverrunException("Separator is found, but chunk is longer than limit", matchStart);
        }
        return take(matchEnd);
    }

    /**
     * Lines until the end of the stream, for a plain {@code for} loop; each {@code hasNext()} may suspend the task
     * while it reads the next line ({@link #readline}).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code async for line in reader}.</dd>
     *   <dt>Threading</dt><dd>Only from a task; iterating may suspend it. A connection failure surfaces from
     *   {@code hasNext()} as {@link java.io.UncheckedIOException}.</dd>
     * </dl>
     *
     * @return an iterator over the lines, each with its {@code \n} (except a last cut one)
     */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private byte[] next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    byte[] line;
                    try {
                        line = readline();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    if (line.length == 0) {
                        ended = true;
                    } else {
                        next = line;
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream has ended");
                }
                byte[] line = next;
                next = null;
                return line;
            }
        };
    }

    private int indexOf(byte[] separator, int from) {
        byte first = separator[0];
        int last = tail - separator.length;
        outer:
        for (int i = head + from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < separator.length; j++) {
                if (buf[i + j] != separator[j]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, head, head + n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        maybeResumeTransport();
        return out;
    }

    private void maybeResumeTransport() {
        if (paused && tail - head <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    private void throwIfFailed() throws IOException {
        Throwable e = exception;
        if (e != null) {
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new CompletionException(e);
        }
    }

    /** Suspends the calling task until data, the end or a failure arrives (asyncio's {@code _wait_for_data}). */
    private void waitForData(String method) throws IOException {
        if (waiter != null) {
            throw new IllegalStateException(method + "() called while another task is already waiting for incoming "
                    + "data on " + this + "; read from one task at a time");
        }
        CurrentTask.require("StreamReader." + method + "()");
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        Future<Void> w = Async.getRunningLoop().createFuture();
        waiter = w;
        try {
            w.await();
        } catch (CompletionException wrapped) {
            // A checked failure set by setException comes back wrapped: throw it as the read's own error.
            throwIfFailed();
            throw wrapped;
        } finally {
            waiter = null;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StreamReader[");
        sb.append(tail - head).append(" bytes");
        if (eof) {
            sb.append(", eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(", limit=").append(limit);
        }
        if (exception != null) {
            sb.append(", exception=").append(exception);
        }
        if (waiter != null) {
            sb.append(", waiting");
        }
        if (paused) {
            sb.append(", paused");
        }
        return sb.append(']').toString();
    }
}
