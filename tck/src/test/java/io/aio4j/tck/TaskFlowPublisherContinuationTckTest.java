package io.aio4j.tck;

import io.aio4j.Backend;

/**
 * The TCK's Flow publisher verification for a running Task, seen through Reactive.toFlow,
 * on the CONTINUATION backend.
 */
public class TaskFlowPublisherContinuationTckTest extends LoopSingleValueFlowPublisherTck {
    public TaskFlowPublisherContinuationTckTest() {
        super(CorePublishers.TASK, Backend.CONTINUATION);
    }
}
