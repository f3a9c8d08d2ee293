package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for AioRx.flowable(loop, body),
 * seen through Reactive.toFlow, on the VIRTUAL_THREADS backend.
 */
public class FlowableFlowPublisherVirtualThreadsTckTest extends LoopFlowPublisherTck {
    public FlowableFlowPublisherVirtualThreadsTckTest() {
        super(RxJavaPublishers.FLOWABLE, Backend.VIRTUAL_THREADS);
    }
}
