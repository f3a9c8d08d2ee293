package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioReactor.mono(loop, coro), on the CONTINUATION backend. */
public class MonoCoroutinePublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public MonoCoroutinePublisherContinuationTckTest() {
        super(ReactorPublishers.MONO_COROUTINE, Backend.CONTINUATION);
    }
}
