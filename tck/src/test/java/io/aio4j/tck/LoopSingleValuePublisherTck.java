package io.aio4j.tck;

import io.aio4j.Backend;
import org.testng.annotations.Test;

/**
 * {@link LoopPublisherTck} for a publisher of at most one item, plus the rules the TCK skips for such a publisher
 * (see {@link SingleValueRules}), each as a test named {@code single_...}.
 */
public abstract class LoopSingleValuePublisherTck extends LoopPublisherTck {
    protected LoopSingleValuePublisherTck(PublisherFactory factory, Backend backend) {
        super(factory, backend);
        if (factory.maxElements() != 1) {
            throw new IllegalArgumentException(factory + " is not a single-value publisher");
        }
    }

    @Test
    public void single_spec103_requestInsideOnSubscribeMustNotOverlapIt() throws Throwable {
        SingleValueRules.spec103_requestInsideOnSubscribeMustNotOverlapIt(env, this::createPublisher);
    }

    @Test
    public void single_spec302_mustAllowSynchronousRequestCallsFromOnNextAndOnSubscribe() throws Throwable {
        SingleValueRules.spec302_mustAllowSynchronousRequestCallsFromOnNextAndOnSubscribe(env, this::createPublisher);
    }

    @Test
    public void single_spec306_afterSubscriptionIsCancelledRequestMustBeNops() throws Throwable {
        SingleValueRules.spec306_afterSubscriptionIsCancelledRequestMustBeNops(env, this::createPublisher);
    }

    @Test
    public void single_spec309_requestZeroMustSignalIllegalArgumentException() throws Throwable {
        SingleValueRules.spec309_requestZeroMustSignalIllegalArgumentException(env, this::createPublisher);
    }

    @Test
    public void single_spec309_requestNegativeNumberMustSignalIllegalArgumentExceptionNamingTheRule()
            throws Throwable {
        SingleValueRules.spec309_requestNegativeNumberMustSignalIllegalArgumentExceptionNamingTheRule(env,
                this::createPublisher);
    }

    @Test
    public void single_spec313_cancelMustMakeThePublisherDropAllReferencesToTheSubscriber() throws Throwable {
        SingleValueRules.spec313_cancelMustMakeThePublisherDropAllReferencesToTheSubscriber(env,
                this::createPublisher);
    }

    @Test
    public void single_spec317_mustSupportAPendingElementCountUpToLongMaxValue() throws Throwable {
        SingleValueRules.spec317_mustSupportAPendingElementCountUpToLongMaxValue(env, this::createPublisher);
    }

    @Test
    public void single_spec317_mustSupportACumulativePendingElementCountUpToLongMaxValue() throws Throwable {
        SingleValueRules.spec317_mustSupportACumulativePendingElementCountUpToLongMaxValue(env,
                this::createPublisher);
    }
}
