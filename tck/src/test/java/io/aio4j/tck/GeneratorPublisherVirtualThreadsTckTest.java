package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for Reactive.fromGenerator, on the VIRTUAL_THREADS backend. */
public class GeneratorPublisherVirtualThreadsTckTest extends LoopPublisherTck {
    public GeneratorPublisherVirtualThreadsTckTest() {
        super(CorePublishers.GENERATOR, Backend.VIRTUAL_THREADS);
    }
}
