package io.aio4j.tck;

import io.aio4j.Backend;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Listeners;

/**
 * The TCK's {@link SubscriberWhiteboxVerification} for the subscribers a {@link SubscriberFactory} makes, on a loop of
 * one backend that runs for the whole class. Each test also fails if the loop's exception handler received
 * anything while it ran. A concrete class is one constructor.
 */
@Listeners(LoopReportsListener.class)
public abstract class LoopSubscriberWhiteboxTck extends SubscriberWhiteboxVerification<Long>
        implements LoopHarness.Owner {
    private final SubscriberFactory factory;
    private final Backend backend;
    private LoopHarness harness;

    protected LoopSubscriberWhiteboxTck(SubscriberFactory factory, Backend backend) {
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
    public Subscriber<Long> createSubscriber(WhiteboxSubscriberProbe<Long> probe) {
        return factory.createProbed(harness, probe);
    }

    @Override
    public Long createElement(int element) {
        return (long) element;
    }
}
