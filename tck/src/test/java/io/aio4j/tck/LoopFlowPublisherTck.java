package io.aio4j.tck;

import io.aio4j.Backend;
import io.aio4j.reactive.Reactive;
import java.util.concurrent.Flow;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * The TCK's {@link FlowPublisherVerification}: {@link LoopPublisherTck} for the same publishers seen through
 * {@code java.util.concurrent.Flow} with {@link Reactive#toFlow}.
 */
@Listeners(LoopReportsListener.class)
public abstract class LoopFlowPublisherTck extends FlowPublisherVerification<Long> implements LoopHarness.Owner {
    private final PublisherFactory factory;
    private final Backend backend;
    private LoopHarness harness;

    protected LoopFlowPublisherTck(PublisherFactory factory, Backend backend) {
        super(TckSettings.environment(), TckSettings.PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS);
        this.factory = factory;
        this.backend = backend;
    }

    @BeforeClass(alwaysRun = true)
    public void startLoop() {
        harness = LoopHarness.start(backend, getClass().getSimpleName());
    }

    @AfterClass(alwaysRun = true)
    public void closeLoop() {
        if (harness != null) {
            harness.closeAndVerify(getClass());
        }
    }

    @Override
    public LoopHarness loopHarness() {
        return harness;
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return Reactive.toFlow(factory.create(harness, elements));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        Publisher<Long> failed = factory.createFailed(harness);
        return failed == null ? null : Reactive.toFlow(failed);
    }

    @Override
    public long maxElementsFromPublisher() {
        return factory.maxElements();
    }
}
