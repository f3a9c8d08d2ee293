package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/** The TCK's black-box subscriber verification for {@link ValueSubscriber} in mode {@code FIRST}. */
public class ValueSubscriberFirstBlackboxTckTest extends LoopSubscriberBlackboxTck {
    public ValueSubscriberFirstBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.FIRST), Backend.VIRTUAL_THREADS);
    }
}
