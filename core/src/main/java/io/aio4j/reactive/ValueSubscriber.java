package io.aio4j.reactive;

import io.aio4j.EventLoop;
import io.aio4j.internal.OutcomeSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reduces a publisher to one outcome: its first, single or last item (or a default when it completes empty), all
 * its items as a list, or just its completion. The outcome is settled on the loop, by the terminal signal or, for
 * {@link Mode#FIRST}, by the first item (after which upstream is cancelled).
 * {@link #awaitOutcome()} waits for it ({@link OutcomeSubscriber}).
 */
final class ValueSubscriber<T, R> extends OutcomeSubscriber<T, R> {
    /** What to make of the items. */
    enum Mode {
        FIRST, SINGLE, LAST, LIST, COMPLETION;
    }

    private final Mode mode;
    private final boolean hasDefault;
    private final T defaultValue;
    private List<T> items;

    ValueSubscriber(EventLoop loop, Mode mode, boolean hasDefault, T defaultValue) {
        super(loop);
        this.mode = mode;
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
    }

    @Override
    protected void subscribed() {
        // FIRST needs one item. The others need the completion signal, which a publisher may hold back while any
        // demand is outstanding only if it has items left: ask for everything (SINGLE cancels at a second item).
        request(mode == Mode.FIRST ? 1 : Long.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void next(T item) {
        if (settled()) {
            return; // the awaiting task gave up
        }
        switch (mode) {
            case FIRST -> {
                cancelUpstream();
                settle((R) item, null);
            }
            case SINGLE -> keepSingle(item);
            case LAST -> keepLatest(item);
            case LIST -> {
                if (items == null) {
                    items = new ArrayList<>();
                }
                items.add(item);
            }
            case COMPLETION -> { }
        }
    }

    @Override
    protected void error(Throwable error) {
        if (!settled()) {
            settle(null, error);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void complete() {
        if (settled()) {
            return;
        }
        switch (mode) {
            case FIRST, SINGLE, LAST -> {
                if (hasItem()) {
                    settle((R) item(), null);
                } else if (hasDefault) {
                    settle((R) defaultValue, null);
                } else {
                    settle(null, new NoSuchElementException(
                            "the publisher completed without emitting an item; use the ...OrDefault variant if "
                                    + "empty is a valid outcome"));
                }
            }
            case LIST -> settle((R) (items == null ? new ArrayList<>() : items), null);
            case COMPLETION -> settle(null, null);
        }
    }
}
