package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberWhiteboxTck;

/** The TCK's Flow white-box subscriber verification for {@link ValueSubscriber} in mode {@code FIRST}. */
public class ValueSubscriberFirstFlowWhiteboxTckTest extends LoopFlowSubscriberWhiteboxTck {
    public ValueSubscriberFirstFlowWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.FIRST), Backend.VIRTUAL_THREADS);
    }
}
