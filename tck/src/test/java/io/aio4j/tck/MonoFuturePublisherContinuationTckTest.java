package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioReactor.mono(future) of a running task, on the CONTINUATION backend. */
public class MonoFuturePublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public MonoFuturePublisherContinuationTckTest() {
        super(ReactorPublishers.MONO_FUTURE, Backend.CONTINUATION);
    }
}
