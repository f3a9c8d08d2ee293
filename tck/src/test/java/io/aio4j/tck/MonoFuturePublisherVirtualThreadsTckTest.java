package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioReactor.mono(future) of a running task, on the VIRTUAL_THREADS backend. */
public class MonoFuturePublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public MonoFuturePublisherVirtualThreadsTckTest() {
        super(ReactorPublishers.MONO_FUTURE, Backend.VIRTUAL_THREADS);
    }
}
