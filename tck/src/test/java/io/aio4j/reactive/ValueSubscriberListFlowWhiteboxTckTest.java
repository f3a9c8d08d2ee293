package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberWhiteboxTck;

/** The TCK's Flow white-box subscriber verification for {@link ValueSubscriber} in mode {@code LIST}. */
public class ValueSubscriberListFlowWhiteboxTckTest extends LoopFlowSubscriberWhiteboxTck {
    public ValueSubscriberListFlowWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LIST), Backend.VIRTUAL_THREADS);
    }
}
