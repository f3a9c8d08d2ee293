package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for AioReactor.flux(loop, body),
 * seen through Reactive.toFlow, on the VIRTUAL_THREADS backend.
 */
public class FluxFlowPublisherVirtualThreadsTckTest extends LoopFlowPublisherTck {
    public FluxFlowPublisherVirtualThreadsTckTest() {
        super(ReactorPublishers.FLUX, Backend.VIRTUAL_THREADS);
    }
}
