package io.aio4j.tck;

import org.reactivestreams.tck.TestEnvironment;
import org.testng.SkipException;

/**
 * Closes a hole in the TCK's optional publisher tests. The TCK runs an optional rule's test body and skips the test
 * ("does NOT implement this OPTIONAL requirement") if the body throws; but its {@code ManualSubscriber} does not
 * throw when {@code expectCompletion} gets an item, an error or nothing: it records the failure in the
 * {@link TestEnvironment} ({@code flop}), and two optional tests never check the environment afterwards:
 * {@code optional_spec105_emptyStreamMustTerminateBySignallingOnComplete} (a publisher that fails instead of
 * completing empty passes it) and
 * {@code optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected}
 * (one that never completes passes it). Every other test ends in a check or in an assertion that throws.
 * {@link LoopPublisherTck} and {@link LoopFlowPublisherTck} run those two TCK tests, then check the environment with
 * this.
 */
final class OptionalRules {
    private OptionalRules() {}

    /**
     * Skips the running optional test, as the TCK skips an optional rule a publisher does not implement, if the
     * TCK environment recorded a failure while it ran.
     *
     * @param env  the environment of the verification class
     * @param rule the rule the test checks, for the message (e.g. {@code "1.5"})
     * @throws SkipException if the environment holds a failure, with the failures in the message
     */
    static void skipIfFailuresWereRecorded(TestEnvironment env, String rule) {
        try {
            env.verifyNoAsyncErrorsNoDelay();
        } catch (AssertionError recorded) {
            throw new SkipException("Skipped because tested publisher does NOT implement this OPTIONAL requirement "
                    + "(rule " + rule + "); the TCK recorded: " + recorded.getMessage());
        }
    }
}
