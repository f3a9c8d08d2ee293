package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for Reactive.fromCoroutine, seen through Reactive.toFlow,
 * on the CONTINUATION backend.
 */
public class CoroutineFlowPublisherContinuationTckTest extends LoopSingleValueFlowPublisherTck {
    public CoroutineFlowPublisherContinuationTckTest() {
        super(CorePublishers.COROUTINE, Backend.CONTINUATION);
    }
}
