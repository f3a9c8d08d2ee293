package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/** The TCK's black-box subscriber verification for {@link ValueSubscriber} in mode {@code LIST}. */
public class ValueSubscriberListBlackboxTckTest extends LoopSubscriberBlackboxTck {
    public ValueSubscriberListBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LIST), Backend.VIRTUAL_THREADS);
    }
}
