package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/**
 * The TCK's white-box subscriber verification for the iterator of {@link ReactiveIterable},
 * on the CONTINUATION backend.
 */
public class IteratorWhiteboxContinuationTckTest extends LoopSubscriberWhiteboxTck {
    public IteratorWhiteboxContinuationTckTest() {
        super(CoreSubscribers.iterator(CoreSubscribers.ITERATOR_PREFETCH), Backend.CONTINUATION);
    }
}
