package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for AioRx.flowable(loop, body), on the VIRTUAL_THREADS backend. */
public class FlowablePublisherVirtualThreadsTckTest extends LoopPublisherTck {
    public FlowablePublisherVirtualThreadsTckTest() {
        super(RxJavaPublishers.FLOWABLE, Backend.VIRTUAL_THREADS);
    }
}
