package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberBlackboxTck;

/** The TCK's Flow black-box subscriber verification for {@link ValueSubscriber} in mode {@code SINGLE}. */
public class ValueSubscriberSingleFlowBlackboxTckTest extends LoopFlowSubscriberBlackboxTck {
    public ValueSubscriberSingleFlowBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.SINGLE), Backend.VIRTUAL_THREADS);
    }
}
