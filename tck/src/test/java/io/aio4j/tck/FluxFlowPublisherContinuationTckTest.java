package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for AioReactor.flux(loop, body),
 * seen through Reactive.toFlow, on the CONTINUATION backend.
 */
public class FluxFlowPublisherContinuationTckTest extends LoopFlowPublisherTck {
    public FluxFlowPublisherContinuationTckTest() {
        super(ReactorPublishers.FLUX, Backend.CONTINUATION);
    }
}
