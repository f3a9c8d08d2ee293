package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for a running Task, seen through Reactive.toFlow,
 * on the VIRTUAL_THREADS backend.
 */
public class TaskFlowPublisherVirtualThreadsTckTest extends LoopSingleValueFlowPublisherTck {
    public TaskFlowPublisherVirtualThreadsTckTest() {
        super(CorePublishers.TASK, Backend.VIRTUAL_THREADS);
    }
}
