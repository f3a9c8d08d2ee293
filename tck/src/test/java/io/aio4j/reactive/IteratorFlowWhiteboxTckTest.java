package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberWhiteboxTck;

/** The TCK's Flow white-box subscriber verification for the iterator of {@link ReactiveIterable}. */
public class IteratorFlowWhiteboxTckTest extends LoopFlowSubscriberWhiteboxTck {
    public IteratorFlowWhiteboxTckTest() {
        super(CoreSubscribers.iterator(CoreSubscribers.ITERATOR_PREFETCH), Backend.VIRTUAL_THREADS);
    }
}
