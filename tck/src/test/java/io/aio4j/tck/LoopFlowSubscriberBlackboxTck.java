package io.aio4j.tck;

import io.aio4j.Backend;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * The TCK's {@link FlowSubscriberBlackboxVerification} for the subscribers a {@link SubscriberFactory} makes
 * through {@code java.util.concurrent.Flow} ({@link FlowAdapters#toFlowSubscriber},
 * behind {@link FlowOnly} so that the TCK cannot unwrap the adapter), as a {@code Flow.Publisher}
 * sees them when a task awaits or iterates it, on a loop of one backend that runs for the whole class. Each test
 * also fails if the loop's exception handler received anything while it ran. A concrete class is one constructor.
 */
@Listeners(LoopReportsListener.class)
public abstract class LoopFlowSubscriberBlackboxTck extends FlowSubscriberBlackboxVerification<Long>
        implements LoopHarness.Owner {
    private final SubscriberFactory factory;
    private final Backend backend;
    private LoopHarness harness;

    protected LoopFlowSubscriberBlackboxTck(SubscriberFactory factory, Backend backend) {
        super(TckSettings.environment());
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
    public Flow.Subscriber<Long> createFlowSubscriber() {
        return FlowOnly.subscriber(FlowAdapters.toFlowSubscriber(factory.create(harness)));
    }

    @Override
    public Long createElement(int element) {
        return (long) element;
    }
}
