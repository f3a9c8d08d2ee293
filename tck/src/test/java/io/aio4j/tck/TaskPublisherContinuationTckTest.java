package io.aio4j.tck;

import io.aio4j.Backend;

/** The TCK's publisher verification for a running Task, on the CONTINUATION backend. */
public class TaskPublisherContinuationTckTest extends LoopSingleValuePublisherTck {
    public TaskPublisherContinuationTckTest() {
        super(CorePublishers.TASK, Backend.CONTINUATION);
    }
}
