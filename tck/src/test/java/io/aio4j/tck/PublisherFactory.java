package io.aio4j.tck;

import org.reactivestreams.Publisher;

/**
 * How a publisher verification gets the publishers under test; one implementation per kind of publisher (see
 * {@link CorePublishers}). A bridge adds its publishers by implementing this and writing a three-line subclass of
 * {@link LoopPublisherTck} / {@link LoopFlowPublisherTck} per backend.
 */
public interface PublisherFactory {
    /**
     * A publisher of exactly {@code elements} items (the TCK's {@code createPublisher}), then {@code onComplete}.
     * Called on the TCK's test thread while {@code harness}'s loop runs.
     *
     * @param harness  the running loop of the verification class
     * @param elements how many items; never more than {@link #maxElements()}
     */
    Publisher<Long> create(LoopHarness harness, long elements);

    /**
     * A publisher that fails: the TCK expects {@code onSubscribe} then {@code onError} without any request
     * (its {@code createFailedPublisher}); null to skip the two tests that use it.
     *
     * @param harness the running loop of the verification class
     */
    Publisher<Long> createFailed(LoopHarness harness);

    /** The most items one publisher can emit: 1 for a single-value publisher (the TCK's maxElementsFromPublisher). */
    long maxElements();
}
