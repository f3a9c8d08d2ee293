package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for Reactive.fromGenerator, on the CONTINUATION backend. */
public class GeneratorPublisherContinuationTckTest extends LoopPublisherTck {
    public GeneratorPublisherContinuationTckTest() {
        super(CorePublishers.GENERATOR, Backend.CONTINUATION);
    }
}
