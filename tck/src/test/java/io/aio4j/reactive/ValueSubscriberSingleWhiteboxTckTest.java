package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/** The TCK's white-box subscriber verification for {@link ValueSubscriber} in mode {@code SINGLE}. */
public class ValueSubscriberSingleWhiteboxTckTest extends LoopSubscriberWhiteboxTck {
    public ValueSubscriberSingleWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.SINGLE), Backend.VIRTUAL_THREADS);
    }
}
