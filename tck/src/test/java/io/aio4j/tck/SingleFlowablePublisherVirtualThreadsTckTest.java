package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioRx.single(loop, coro).toFlowable(), on the VIRTUAL_THREADS backend. */
public class SingleFlowablePublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public SingleFlowablePublisherVirtualThreadsTckTest() {
        super(RxJavaPublishers.SINGLE, Backend.VIRTUAL_THREADS);
    }
}
