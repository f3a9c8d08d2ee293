package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for a completed Future, seen through Reactive.toFlow,
 * on the CONTINUATION backend.
 */
public class FutureFlowPublisherContinuationTckTest extends LoopSingleValueFlowPublisherTck {
    public FutureFlowPublisherContinuationTckTest() {
        super(CorePublishers.COMPLETED_FUTURE, Backend.CONTINUATION);
    }
}
