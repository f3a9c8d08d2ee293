package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioRx.maybe(loop, coro).toFlowable(), on the VIRTUAL_THREADS backend. */
public class MaybeFlowablePublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public MaybeFlowablePublisherVirtualThreadsTckTest() {
        super(RxJavaPublishers.MAYBE, Backend.VIRTUAL_THREADS);
    }
}
