package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberBlackboxTck;

/** The TCK's Flow black-box subscriber verification for {@link ValueSubscriber} in mode {@code LAST}. */
public class ValueSubscriberLastFlowBlackboxTckTest extends LoopFlowSubscriberBlackboxTck {
    public ValueSubscriberLastFlowBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LAST), Backend.VIRTUAL_THREADS);
    }
}
