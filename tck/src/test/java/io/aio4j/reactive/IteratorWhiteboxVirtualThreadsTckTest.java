package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/**
 * The TCK's white-box subscriber verification for the iterator of {@link ReactiveIterable},
 * on the VIRTUAL_THREADS backend.
 */
public class IteratorWhiteboxVirtualThreadsTckTest extends LoopSubscriberWhiteboxTck {
    public IteratorWhiteboxVirtualThreadsTckTest() {
        super(CoreSubscribers.iterator(CoreSubscribers.ITERATOR_PREFETCH), Backend.VIRTUAL_THREADS);
    }
}
