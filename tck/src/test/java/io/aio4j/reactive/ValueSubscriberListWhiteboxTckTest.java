package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/** The TCK's white-box subscriber verification for {@link ValueSubscriber} in mode {@code LIST}. */
public class ValueSubscriberListWhiteboxTckTest extends LoopSubscriberWhiteboxTck {
    public ValueSubscriberListWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LIST), Backend.VIRTUAL_THREADS);
    }
}
