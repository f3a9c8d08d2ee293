package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for Reactive.fromCoroutine, on the VIRTUAL_THREADS backend. */
public class CoroutinePublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public CoroutinePublisherVirtualThreadsTckTest() {
        super(CorePublishers.COROUTINE, Backend.VIRTUAL_THREADS);
    }
}
