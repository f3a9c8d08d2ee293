package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberWhiteboxTck;

/** The TCK's Flow white-box subscriber verification for {@link ValueSubscriber} in mode {@code COMPLETION}. */
public class ValueSubscriberCompletionFlowWhiteboxTckTest extends LoopFlowSubscriberWhiteboxTck {
    public ValueSubscriberCompletionFlowWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.COMPLETION), Backend.VIRTUAL_THREADS);
    }
}
