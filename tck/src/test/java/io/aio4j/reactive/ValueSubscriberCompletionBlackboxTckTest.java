package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/** The TCK's black-box subscriber verification for {@link ValueSubscriber} in mode {@code COMPLETION}. */
public class ValueSubscriberCompletionBlackboxTckTest extends LoopSubscriberBlackboxTck {
    public ValueSubscriberCompletionBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.COMPLETION), Backend.VIRTUAL_THREADS);
    }
}
