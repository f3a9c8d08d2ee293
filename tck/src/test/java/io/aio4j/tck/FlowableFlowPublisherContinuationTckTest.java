package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for AioRx.flowable(loop, body),
 * seen through Reactive.toFlow, on the CONTINUATION backend.
 */
public class FlowableFlowPublisherContinuationTckTest extends LoopFlowPublisherTck {
    public FlowableFlowPublisherContinuationTckTest() {
        super(RxJavaPublishers.FLOWABLE, Backend.CONTINUATION);
    }
}
