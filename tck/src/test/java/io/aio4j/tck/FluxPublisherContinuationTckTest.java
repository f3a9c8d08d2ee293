package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioReactor.flux(loop, body), on the CONTINUATION backend. */
public class FluxPublisherContinuationTckTest extends LoopPublisherTck {
    public FluxPublisherContinuationTckTest() {
        super(ReactorPublishers.FLUX, Backend.CONTINUATION);
    }
}
