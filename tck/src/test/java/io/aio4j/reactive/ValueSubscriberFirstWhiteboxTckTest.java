package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/** The TCK's white-box subscriber verification for {@link ValueSubscriber} in mode {@code FIRST}. */
public class ValueSubscriberFirstWhiteboxTckTest extends LoopSubscriberWhiteboxTck {
    public ValueSubscriberFirstWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.FIRST), Backend.VIRTUAL_THREADS);
    }
}
