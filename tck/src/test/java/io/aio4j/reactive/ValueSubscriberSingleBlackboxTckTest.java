package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/** The TCK's black-box subscriber verification for {@link ValueSubscriber} in mode {@code SINGLE}. */
public class ValueSubscriberSingleBlackboxTckTest extends LoopSubscriberBlackboxTck {
    public ValueSubscriberSingleBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.SINGLE), Backend.VIRTUAL_THREADS);
    }
}
