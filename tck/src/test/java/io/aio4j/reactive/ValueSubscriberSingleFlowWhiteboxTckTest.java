package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberWhiteboxTck;

/** The TCK's Flow white-box subscriber verification for {@link ValueSubscriber} in mode {@code SINGLE}. */
public class ValueSubscriberSingleFlowWhiteboxTckTest extends LoopFlowSubscriberWhiteboxTck {
    public ValueSubscriberSingleFlowWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.SINGLE), Backend.VIRTUAL_THREADS);
    }
}
