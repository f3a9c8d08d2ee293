package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioRx.single(loop, coro).toFlowable(), on the CONTINUATION backend. */
public class SingleFlowablePublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public SingleFlowablePublisherContinuationTckTest() {
        super(RxJavaPublishers.SINGLE, Backend.CONTINUATION);
    }
}
