package io.aio4j.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;

/**
 * How a subscriber verification gets the subscribers under test from a running loop; one implementation per kind
 * of subscriber. A bridge adds its subscribers by implementing this and writing a three-line subclass of the
 * {@code Loop...SubscriberTck} bases.
 */
public interface SubscriberFactory {
    /**
     * A new subscriber, not yet subscribed to anything, used as its owner would use it (the black-box TCK).
     *
     * @param harness the running loop of the verification class
     */
    Subscriber<Long> create(LoopHarness harness);

    /**
     * A new subscriber that also tells {@code probe} about each signal once it has handled it, and registers a
     * {@link SubscriberPuppet} that requests and cancels through the subscriber's own means (the white-box TCK).
     *
     * @param harness the running loop of the verification class
     * @param probe   the TCK's probe
     */
    Subscriber<Long> createProbed(LoopHarness harness, WhiteboxSubscriberProbe<Long> probe);
}
