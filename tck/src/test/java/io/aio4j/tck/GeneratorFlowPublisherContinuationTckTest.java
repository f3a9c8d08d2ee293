package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for Reactive.fromGenerator, seen through Reactive.toFlow,
 * on the CONTINUATION backend.
 */
public class GeneratorFlowPublisherContinuationTckTest extends LoopFlowPublisherTck {
    public GeneratorFlowPublisherContinuationTckTest() {
        super(CorePublishers.GENERATOR, Backend.CONTINUATION);
    }
}
