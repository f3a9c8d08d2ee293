package io.aio4j.reactive;

import io.aio4j.EventLoop;
import io.aio4j.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reduces a publisher to one value in a loop future: its first, single or last item (or a default when it
 * completes empty), all its items as a list, or just its completion. The future is completed on the loop, by the
 * terminal signal or, for {@link Mode#FIRST}, by the first item (after which upstream is cancelled).
 */
final class ValueSubscriber<T, R> extends LoopSubscriber<T> {
    /** What to make of the items. */
    enum Mode {
        FIRST, SINGLE, LAST, LIST, COMPLETION;
    }

    private final Mode mode;
    private final boolean hasDefault;
    private final T defaultValue;
    final Future<R> result;
    private T value;
    private boolean hasValue;
    private List<T> items;

    ValueSubscriber(EventLoop loop, Mode mode, boolean hasDefault, T defaultValue) {
        super(loop);
        this.mode = mode;
        this.hasDefault = hasDefault;
        this.defaultValue = defaultValue;
        this.result = loop.createFuture();
    }

    @Override
    void subscribed() {
        // FIRST needs one item. The others need the completion signal, which a publisher may hold back while any
        // demand is outstanding only if it has items left: ask for everything (SINGLE cancels at a second item).
        request(mode == Mode.FIRST ? 1 : Long.MAX_VALUE);
    }

    @Override
    @SuppressWarnings("unchecked")
    void next(T item) {
        if (result.done()) {
            return; // the awaiting task gave up
        }
        switch (mode) {
            case FIRST -> {
                cancelUpstream();
                result.setResult((R) item);
            }
            case SINGLE -> {
                if (hasValue) {
                    cancelUpstream();
                    result.setException(new IllegalArgumentException(
                            "the publisher emitted more than one item where a single one was expected"));
                } else {
                    value = item;
                    hasValue = true;
                }
            }
            case LAST -> {
                value = item;
                hasValue = true;
            }
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
    void error(Throwable error) {
        if (!result.done()) {
            result.setException(error);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    void complete() {
        if (result.done()) {
            return;
        }
        switch (mode) {
            case FIRST, SINGLE, LAST -> {
                if (hasValue) {
                    result.setResult((R) value);
                } else if (hasDefault) {
                    result.setResult((R) defaultValue);
                } else {
                    result.setException(new NoSuchElementException(
                            "the publisher completed without emitting an item; use the ...OrDefault variant if "
                                    + "empty is a valid outcome"));
                }
            }
            case LIST -> result.setResult((R) (items == null ? new ArrayList<>() : items));
            case COMPLETION -> result.setResult(null);
        }
    }
}
