package io.aio4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The loop's I/O readiness watcher: asyncio's selector plus its {@code add_reader}/{@code add_writer} table
 * (selector_events.py). Created by the {@link Inbox} on the first registration, so that a loop without channels
 * never makes a selector nor pays for one.
 *
 * <p>Each watched channel has one {@link SelectionKey} whose attachment ({@link Watch}) holds the reader and the
 * writer handle. A handle is created once per registration and queued again at every readiness event, as asyncio
 * does; removing the reader or writer cancels its handle, so an event already queued in this iteration does not
 * run it. Keys stay registered with no interest when both are removed, and are cancelled only by closing the
 * channel: a key cancelled and registered again before the next select would throw.
 *
 * <p>Loop only: every method runs on the thread that holds the loop. The only cross-thread call is
 * {@link #wakeup()}.
 */
final class LoopSelector {
    /** What a channel's key carries: the callbacks for each direction, null when not watched. */
    private static final class Watch {
        Handle reader;
        Handle writer;
    }

    private final Selector selector;
    /** Handles made ready by the last select, waiting to join the loop's ready queue. */
    private final ArrayDeque<Handle> pending = new ArrayDeque<>();
    private final Consumer<SelectionKey> onReady = this::dispatch;
    /** Whether {@link #pending} holds a select's events that the next {@link #drainTo} must not poll again for. */
    private boolean selected;

    LoopSelector() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("the event loop could not open its I/O selector", e);
        }
    }

    Selector selector() {
        return selector;
    }

    // ------------------------------------------------------------------ registration

    void addReader(SelectableChannel channel, Handle handle) {
        Watch w = watch(channel);
        if (w.reader != null) {
            w.reader.cancel();
        }
        w.reader = handle;
        update(channel, w);
    }

    void addWriter(SelectableChannel channel, Handle handle) {
        Watch w = watch(channel);
        if (w.writer != null) {
            w.writer.cancel();
        }
        w.writer = handle;
        update(channel, w);
    }

    boolean removeReader(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !(key.attachment() instanceof Watch w) || w.reader == null) {
            return false;
        }
        w.reader.cancel();
        w.reader = null;
        update(channel, w);
        return true;
    }

    boolean removeWriter(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !(key.attachment() instanceof Watch w) || w.writer == null) {
            return false;
        }
        w.writer.cancel();
        w.writer = null;
        update(channel, w);
        return true;
    }

    private Watch watch(SelectableChannel channel) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException(channel + " is in blocking mode: call configureBlocking(false) "
                    + "before handing it to the event loop");
        }
        if (!channel.isOpen()) {
            throw new IllegalArgumentException(channel + " is closed: the event loop can only watch open channels");
        }
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.isValid()) {
            return (Watch) key.attachment();
        }
        Watch w = new Watch();
        try {
            channel.register(selector, 0, w);
        } catch (ClosedChannelException e) {
            throw new IllegalArgumentException(channel + " is closed: the event loop can only watch open channels", e);
        }
        return w;
    }

    /** Sets the key's interest from what is watched; a key whose channel was closed meanwhile is left alone. */
    private void update(SelectableChannel channel, Watch w) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (w.reader != null) {
            ops |= (channel.validOps() & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if (w.writer != null) {
            // NIO reports a pending connect as OP_CONNECT only, where asyncio (like select(2)) sees writability.
            ops |= channel instanceof SocketChannel sc && sc.isConnectionPending()
                    ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        key.interestOps(ops);
    }

    // ------------------------------------------------------------------ waiting and dispatching

    /**
     * Waits up to {@code timeoutNanos} ({@link Inbox#FOREVER} for no limit) for readiness or a {@link #wakeup()},
     * keeping the events for {@link #drainTo}. Timeouts are rounded up to the selector's millisecond, so a timer
     * is never run early.
     */
    void select(long timeoutNanos) {
        long millis = timeoutNanos == Inbox.FOREVER ? 0 : Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
        try {
            selector.select(onReady, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("the event loop's selector failed", e);
        }
        selected = true;
    }

    /** Moves the events of the last {@link #select} to {@code ready}, or polls for new ones without waiting. */
    void drainTo(ArrayDeque<Object> ready) {
        if (!selected) {
            try {
                selector.selectNow(onReady);
            } catch (IOException e) {
                throw new UncheckedIOException("the event loop's selector failed", e);
            }
        }
        selected = false;
        Handle h;
        while ((h = pending.poll()) != null) {
            ready.add(h);
        }
    }

    private void dispatch(SelectionKey key) {
        if (!(key.attachment() instanceof Watch w)) {
            return;
        }
        int ops;
        try {
            ops = key.readyOps();
        } catch (java.nio.channels.CancelledKeyException closedMeanwhile) {
            return;
        }
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && w.reader != null) {
            pending.add(w.reader);
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && w.writer != null) {
            Handle writer = w.writer;
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                // A connect completes once: from now on the channel's writability is OP_WRITE (finishConnect
                // runs in the callback; until then NIO would report OP_CONNECT again, so stop asking for it).
                key.interestOps(key.interestOps() & ~SelectionKey.OP_CONNECT);
            }
            pending.add(writer);
        }
    }

    void wakeup() {
        selector.wakeup();
    }

    /** How many channels are watched, for {@link EventLoop#toString()}-style diagnostics and tests. */
    int watchedCount() {
        int n = 0;
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.isValid() && key.attachment() instanceof Watch w && (w.reader != null || w.writer != null)) {
                    n++;
                }
            }
        } catch (ClosedSelectorException closed) {
            return 0;
        }
        return n;
    }

    /**
     * Closes every channel the loop still watches, then the selector: a closed loop holds no file descriptor.
     * Returns the failures, for the loop to report.
     */
    List<IOException> close() {
        List<IOException> failures = new ArrayList<>();
        pending.clear();
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Watch w) {
                    if (w.reader != null) {
                        w.reader.cancel();
                    }
                    if (w.writer != null) {
                        w.writer.cancel();
                    }
                }
                try {
                    key.channel().close();
                } catch (IOException e) {
                    failures.add(e);
                }
            }
            selector.close();
        } catch (IOException e) {
            failures.add(e);
        } catch (ClosedSelectorException alreadyClosed) {
            // nothing left to close
        }
        return failures;
    }
}
