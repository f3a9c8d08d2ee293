package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for Reactive.fromGenerator, seen through Reactive.toFlow,
 * on the VIRTUAL_THREADS backend.
 */
public class GeneratorFlowPublisherVirtualThreadsTckTest extends LoopFlowPublisherTck {
    public GeneratorFlowPublisherVirtualThreadsTckTest() {
        super(CorePublishers.GENERATOR, Backend.VIRTUAL_THREADS);
    }
}
