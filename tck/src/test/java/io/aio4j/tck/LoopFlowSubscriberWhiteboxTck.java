package io.aio4j.tck;

import io.aio4j.Backend;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * The TCK's {@link FlowSubscriberWhiteboxVerification} for the subscribers a {@link SubscriberFactory} makes
 * through {@code java.util.concurrent.Flow} ({@link FlowAdapters#toFlowSubscriber},
 * behind {@link FlowOnly} so that the TCK cannot unwrap the adapter), as a {@code Flow.Publisher}
 * sees them when a task awaits or iterates it, on a loop of one backend that runs for the whole class. Each test
 * also fails if the loop's exception handler received anything while it ran. A concrete class is one constructor.
 */
@Listeners(LoopReportsListener.class)
public abstract class LoopFlowSubscriberWhiteboxTck extends FlowSubscriberWhiteboxVerification<Long>
        implements LoopHarness.Owner {
    private final SubscriberFactory factory;
    private final Backend backend;
    private LoopHarness harness;

    protected LoopFlowSubscriberWhiteboxTck(SubscriberFactory factory, Backend backend) {
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
    protected Flow.Subscriber<Long> createFlowSubscriber(WhiteboxSubscriberProbe<Long> probe) {
        return FlowOnly.subscriber(FlowAdapters.toFlowSubscriber(factory.createProbed(harness, probe)));
    }

    @Override
    public Long createElement(int element) {
        return (long) element;
    }
}
