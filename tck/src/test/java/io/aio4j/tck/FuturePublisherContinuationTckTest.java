package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for a completed Future, on the CONTINUATION backend. */
public class FuturePublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public FuturePublisherContinuationTckTest() {
        super(CorePublishers.COMPLETED_FUTURE, Backend.CONTINUATION);
    }
}
