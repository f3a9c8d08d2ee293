package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberBlackboxTck;

/** The TCK's Flow black-box subscriber verification for the iterator of {@link ReactiveIterable}. */
public class IteratorFlowBlackboxTckTest extends LoopFlowSubscriberBlackboxTck {
    public IteratorFlowBlackboxTckTest() {
        super(CoreSubscribers.iterator(CoreSubscribers.ITERATOR_PREFETCH), Backend.VIRTUAL_THREADS);
    }
}
