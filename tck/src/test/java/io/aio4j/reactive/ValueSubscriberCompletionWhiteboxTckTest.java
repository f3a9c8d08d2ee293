package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/** The TCK's white-box subscriber verification for {@link ValueSubscriber} in mode {@code COMPLETION}. */
public class ValueSubscriberCompletionWhiteboxTckTest extends LoopSubscriberWhiteboxTck {
    public ValueSubscriberCompletionWhiteboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.COMPLETION), Backend.VIRTUAL_THREADS);
    }
}
