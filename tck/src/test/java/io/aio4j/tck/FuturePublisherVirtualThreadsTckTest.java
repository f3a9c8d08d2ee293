package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for a completed Future, on the VIRTUAL_THREADS backend. */
public class FuturePublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public FuturePublisherVirtualThreadsTckTest() {
        super(CorePublishers.COMPLETED_FUTURE, Backend.VIRTUAL_THREADS);
    }
}
