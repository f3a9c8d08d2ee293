package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberWhiteboxTck;

/** The TCK's Flow white-box subscriber verification for {@link ValueSubscriber} in mode {@code LAST}. */
public class ValueSubscriberLastFlowWhiteboxTckTest extends LoopFlowSubscriberWhiteboxTck {
    public ValueSubscriberLastFlowWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LAST), Backend.VIRTUAL_THREADS);
    }
}
