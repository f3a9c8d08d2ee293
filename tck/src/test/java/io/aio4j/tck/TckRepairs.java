package io.aio4j.tck;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.TestEnvironment.ManualSubscriber;
import org.testng.SkipException;

/**
 * Where the TCK's own test code needs repair to say something true about a publisher here; the verification bases
 * ({@link LoopPublisherTck}, {@link LoopFlowPublisherTck}) override the affected tests and call these.
 * <ol>
 *   <li><b>Failures the TCK records but never checks.</b> Its {@code ManualSubscriber} does not throw when
 *   {@code expectCompletion} gets an item, an error or nothing: it records the failure in the
 *   {@link TestEnvironment} ({@code flop}). Two optional tests end there without checking the environment:
 *   {@code optional_spec105_emptyStreamMustTerminateBySignallingOnComplete} (a publisher that fails instead of
 *   completing empty passed it: an RxJava {@code Single} did) and the rule 1.11 multicast test
 *   {@code ...WhenRequestingManyUpfrontAndCompleteAsExpected} (one that never completes would pass it). Every other
 *   TCK publisher test ends in a check or in an assertion that throws. See {@link #skipIfFailuresWereRecorded}.</li>
 *   <li><b>Rule 3.13's reference-queue deadline.</b> {@code required_spec313} sleeps, runs one {@code System.gc()}
 *   and then waits exactly 100 ms for the subscriber's {@link WeakReference} to reach its queue. Measured here (a
 *   loaded 2-core machine, five verification classes in parallel, each calling {@code System.gc()}): in about one
 *   full module run in six, one class failed that test although that very GC had cleared the reference (the
 *   publisher had dropped the subscriber); the JVM's reference handler put it on the queue only after the 100 ms.
 *   It hit core's generator as well as the bridges', on both backends. See {@link #spec313_awaitDropped}, which
 *   {@link SingleValueRules} uses too (its own rule 3.13 check used to record a failure without ever checking it,
 *   so it could not fail).</li>
 * </ol>
 */
final class TckRepairs {
    private TckRepairs() {}

    /** How many GCs, each followed by a 100 ms wait on the reference queue, before rule 3.13 is said to fail. */
    private static final int SPEC313_GC_ATTEMPTS = 20;

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

    /**
     * The TCK's {@code required_spec313_cancelMustMakeThePublisherEventuallyDropAllReferencesToTheSubscriber}, as
     * it is (a subscriber requests one item, receives it and cancels; after {@code gcTimeoutMillis}, a GC must
     * collect it), except that the GC and the 100 ms wait for the reference queue are repeated up to 20 times
     * before the rule is said to fail, instead of once. A publisher that keeps the subscriber still fails.
     *
     * @param env             the environment of the verification class
     * @param pub             a publisher of at least 3 items (the TCK's)
     * @param gcTimeoutMillis how long after the cancel the publisher may still hold the subscriber
     */
    static void spec313_cancelMustMakeThePublisherEventuallyDropAllReferencesToTheSubscriber(TestEnvironment env,
            Publisher<Long> pub, long gcTimeoutMillis) throws Throwable {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> ref = requestOneThenCancel(env, pub, queue);
        Thread.sleep(gcTimeoutMillis); // as the TCK: the cancel may finish asynchronously
        spec313_awaitDropped(env, pub, ref, queue);
    }

    /** In a method of its own, so that no local variable of the caller keeps the subscriber. */
    private static WeakReference<Object> requestOneThenCancel(TestEnvironment env, Publisher<Long> pub,
            ReferenceQueue<Object> queue) throws InterruptedException {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pub);
        WeakReference<Object> ref = new WeakReference<>(sub, queue);
        sub.request(1);
        sub.nextElement();
        sub.cancel();
        return ref;
    }

    /**
     * Rule 3.13's check: collects until {@code ref} (to a cancelled subscriber of {@code pub}) reaches
     * {@code queue}, up to 20 times, each GC followed by a 100 ms wait on the queue.
     *
     * @throws AssertionError if the reference was never enqueued (the publisher still holds the subscriber), or
     *                        if the TCK environment holds another failure
     */
    static void spec313_awaitDropped(TestEnvironment env, Publisher<Long> pub, WeakReference<Object> ref,
            ReferenceQueue<Object> queue) throws InterruptedException {
        for (int attempt = 0; attempt < SPEC313_GC_ATTEMPTS; attempt++) {
            System.gc();
            Reference<?> enqueued = queue.remove(100);
            if (enqueued == ref) {
                env.verifyNoAsyncErrorsNoDelay();
                return;
            }
        }
        env.flop("Publisher " + pub + " did not drop its reference to the subscriber after the subscription was "
                + "cancelled (rule 3.13), not within " + SPEC313_GC_ATTEMPTS + " GCs");
        env.verifyNoAsyncErrorsNoDelay(); // throws with the failure above
    }
}
