package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioRx.flowable(loop, body), on the CONTINUATION backend. */
public class FlowablePublisherContinuationTckTest extends LoopPublisherTck {
    public FlowablePublisherContinuationTckTest() {
        super(RxJavaPublishers.FLOWABLE, Backend.CONTINUATION);
    }
}
