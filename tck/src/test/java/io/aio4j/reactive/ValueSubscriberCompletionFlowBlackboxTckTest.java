package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopFlowSubscriberBlackboxTck;

/** The TCK's Flow black-box subscriber verification for {@link ValueSubscriber} in mode {@code COMPLETION}. */
public class ValueSubscriberCompletionFlowBlackboxTckTest extends LoopFlowSubscriberBlackboxTck {
    public ValueSubscriberCompletionFlowBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.COMPLETION), Backend.VIRTUAL_THREADS);
    }
}
