package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioReactor.flux(loop, body), on the VIRTUAL_THREADS backend. */
public class FluxPublisherVirtualThreadsTckTest extends LoopPublisherTck {
    public FluxPublisherVirtualThreadsTckTest() {
        super(ReactorPublishers.FLUX, Backend.VIRTUAL_THREADS);
    }
}
