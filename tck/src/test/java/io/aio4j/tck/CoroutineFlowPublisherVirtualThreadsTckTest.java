package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for Reactive.fromCoroutine, seen through Reactive.toFlow,
 * on the VIRTUAL_THREADS backend.
 */
public class CoroutineFlowPublisherVirtualThreadsTckTest extends LoopSingleValueFlowPublisherTck {
    public CoroutineFlowPublisherVirtualThreadsTckTest() {
        super(CorePublishers.COROUTINE, Backend.VIRTUAL_THREADS);
    }
}
