package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for a completed Future, seen through Reactive.toFlow,
 * on the VIRTUAL_THREADS backend.
 */
public class FutureFlowPublisherVirtualThreadsTckTest extends LoopSingleValueFlowPublisherTck {
    public FutureFlowPublisherVirtualThreadsTckTest() {
        super(CorePublishers.COMPLETED_FUTURE, Backend.VIRTUAL_THREADS);
    }
}
