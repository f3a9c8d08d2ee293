package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberBlackboxTck;

/** The TCK's Flow black-box subscriber verification for {@link ValueSubscriber} in mode {@code LIST}. */
public class ValueSubscriberListFlowBlackboxTckTest extends LoopFlowSubscriberBlackboxTck {
    public ValueSubscriberListFlowBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LIST), Backend.VIRTUAL_THREADS);
    }
}
