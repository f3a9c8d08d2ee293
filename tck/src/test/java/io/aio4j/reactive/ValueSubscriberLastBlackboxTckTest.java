package io.aio4j.reactive;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/** The TCK's black-box subscriber verification for {@link ValueSubscriber} in mode {@code LAST}. */
public class ValueSubscriberLastBlackboxTckTest extends LoopSubscriberBlackboxTck {
    public ValueSubscriberLastBlackboxTckTest() {
        super(CoreSubscribers.value(ValueSubscriber.Mode.LAST), Backend.VIRTUAL_THREADS);
    }
}
