package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/** The TCK's white-box subscriber verification for {@link ValueSubscriber} in mode {@code LAST}. */
public class ValueSubscriberLastWhiteboxTckTest extends LoopSubscriberWhiteboxTck {
    public ValueSubscriberLastWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LAST), Backend.VIRTUAL_THREADS);
    }
}
