package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/**
 * The TCK's black-box subscriber verification for the iterator of {@link ReactiveIterable},
 * on the CONTINUATION backend.
 */
public class IteratorBlackboxContinuationTckTest extends LoopSubscriberBlackboxTck {
    public IteratorBlackboxContinuationTckTest() {
        super(CoreSubscribers.iterator(CoreSubscribers.ITERATOR_PREFETCH), Backend.CONTINUATION);
    }
}
