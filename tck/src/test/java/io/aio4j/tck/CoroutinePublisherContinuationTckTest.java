package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for Reactive.fromCoroutine, on the CONTINUATION backend. */
public class CoroutinePublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public CoroutinePublisherContinuationTckTest() {
        super(CorePublishers.COROUTINE, Backend.CONTINUATION);
    }
}
