package io.aio4j.reactor;

import io.aio4j.Backend;
import io.aio4j.tck.LoopSubscriberWhiteboxTck;

/** The TCK's white-box subscriber verification for {@link MonoAwaiter}, the subscriber of {@code AioReactor.await}. */
public class MonoAwaiterWhiteboxTckTest extends LoopSubscriberWhiteboxTck {
    public MonoAwaiterWhiteboxTckTest() {
        super(ReactorSubscribers.monoAwaiter(), Backend.VIRTUAL_THREADS);
    }
}
