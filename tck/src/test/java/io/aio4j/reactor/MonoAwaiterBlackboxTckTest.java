package io.aio4j.reactor;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberBlackboxTck;

/** The TCK's black-box subscriber verification for {@link MonoAwaiter}, the subscriber of {@code AioReactor.await}. */
public class MonoAwaiterBlackboxTckTest extends LoopSubscriberBlackboxTck {
    public MonoAwaiterBlackboxTckTest() {
        super(ReactorSubscribers.monoAwaiter(), Backend.VIRTUAL_THREADS);
    }
}
