package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioReactor.mono(loop, coro), on the VIRTUAL_THREADS backend. */
public class MonoCoroutinePublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public MonoCoroutinePublisherVirtualThreadsTckTest() {
        super(ReactorPublishers.MONO_COROUTINE, Backend.VIRTUAL_THREADS);
    }
}
