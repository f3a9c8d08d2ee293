package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for a running Task, on the VIRTUAL_THREADS backend. */
public class TaskPublisherVirtualThreadsTckTest extends LoopSingleValuePublisherTck {
    public TaskPublisherVirtualThreadsTckTest() {
        super(CorePublishers.TASK, Backend.VIRTUAL_THREADS);
    }
}
