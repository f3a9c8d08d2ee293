package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberBlackboxTck;

/** The TCK's Flow black-box subscriber verification for {@link ValueSubscriber} in mode {@code FIRST}. */
public class ValueSubscriberFirstFlowBlackboxTckTest extends LoopFlowSubscriberBlackboxTck {
    public ValueSubscriberFirstFlowBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.FIRST), Backend.VIRTUAL_THREADS);
    }
}
