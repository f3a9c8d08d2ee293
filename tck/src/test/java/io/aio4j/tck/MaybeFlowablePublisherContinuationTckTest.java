package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioRx.maybe(loop, coro).toFlowable(), on the CONTINUATION backend. */
public class MaybeFlowablePublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public MaybeFlowablePublisherContinuationTckTest() {
        super(RxJavaPublishers.MAYBE, Backend.CONTINUATION);
    }
}
