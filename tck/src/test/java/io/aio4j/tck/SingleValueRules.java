package io.aio4j.tck;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.TestEnvironment.ManualSubscriber;

/**
 * Rules the TCK leaves unchecked for a publisher of at most one item: its tests of rules 1.3, 3.2, 3.6, 3.9, 3.13
 * and 3.17 ask for 2 to {@code Integer.MAX_VALUE} items and skip themselves when {@code maxElementsFromPublisher()}
 * is 1. These are the same checks, cut down to one item, written with the TCK's own {@link ManualSubscriber} and
 * {@link TestEnvironment} so that they fail the same way. {@link LoopSingleValuePublisherTck} and
 * {@link LoopSingleValueFlowPublisherTck} run them as extra tests next to the TCK's.
 */
final class SingleValueRules {
    private SingleValueRules() {}

    /** How long the rule 1.3 check keeps onSubscribe open after requesting, for an overlapping signal to show. */
    private static final long ON_SUBSCRIBE_WINDOW_MILLIS = 100;

    /**
     * Rule 1.3 (the TCK's stochastic_spec103, which needs 10 items): a request made inside {@code onSubscribe}
     * must not lead to {@code onNext} on another thread while {@code onSubscribe} still runs. The subscriber
     * requests, then keeps {@code onSubscribe} open for a moment, watching for a signal from another thread (a
     * signal on the same thread, nested in {@code request}, is allowed by rule 3.10). A correct publisher never
     * trips it, whatever the timing; the window only gives a wrong one the chance to show.
     */
    static void spec103_requestInsideOnSubscribeMustNotOverlapIt(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws InterruptedException {
        for (int run = 0; run < 3; run++) {
            AtomicReference<Thread> inOnSubscribe = new AtomicReference<>();
            CountDownLatch signalled = new CountDownLatch(1);
            CountDownLatch terminated = new CountDownLatch(1);
            Publisher<Long> pub = pubs.apply(1);
            pub.subscribe(new Subscriber<Long>() {
                @Override
                public void onSubscribe(Subscription s) {
                    inOnSubscribe.set(Thread.currentThread());
                    try {
                        s.request(1);
                        if (signalled.await(ON_SUBSCRIBE_WINDOW_MILLIS, TimeUnit.MILLISECONDS)) {
                            env.flop("Publisher " + pub + " signalled from another thread while onSubscribe, which "
                                    + "requested, had not returned yet (rule 1.3: signals must be serial)");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inOnSubscribe.set(null);
                    }
                }

                @Override
                public void onNext(Long item) {
                    check("onNext(" + item + ")");
                }

                @Override
                public void onError(Throwable t) {
                    check("onError(" + t + ")");
                    env.flop(t, "Publisher " + pub + " failed: " + t);
                    terminated.countDown();
                }

                @Override
                public void onComplete() {
                    check("onComplete()");
                    terminated.countDown();
                }

                private void check(String signal) {
                    Thread open = inOnSubscribe.get();
                    if (open != null && open != Thread.currentThread()) {
                        signalled.countDown();
                    }
                }
            });
            if (!terminated.await(env.defaultTimeoutMillis() + ON_SUBSCRIBE_WINDOW_MILLIS, TimeUnit.MILLISECONDS)) {
                env.flop("Publisher " + pub + " did not complete after request(1) from onSubscribe");
            }
            env.verifyNoAsyncErrorsNoDelay();
        }
    }

    /** Rule 3.2 (the TCK's required_spec302, which needs 6 items): request from onSubscribe and onNext. */
    static void spec302_mustAllowSynchronousRequestCallsFromOnNextAndOnSubscribe(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws InterruptedException {
        Publisher<Long> pub = pubs.apply(1);
        ManualSubscriber<Long> sub = new ManualSubscriber<>(env) {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
                s.request(1);
                s.request(1);
            }

            @Override
            public void onNext(Long element) {
                super.onNext(element);
                subscription.request(1);
            }
        };
        pub.subscribe(sub);
        sub.nextElement("Publisher " + pub + " did not emit its value after requests from onSubscribe");
        sub.expectCompletion("Publisher " + pub + " did not complete after its value");
        env.verifyNoAsyncErrors();
    }

    /** Rule 3.6 (the TCK's required_spec306, which needs 3 items): request after cancel is a no-op. */
    static void spec306_afterSubscriptionIsCancelledRequestMustBeNops(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws InterruptedException {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pubs.apply(1));
        sub.cancel();
        sub.request(1);
        sub.request(1);
        sub.request(1);
        sub.expectNone();
        env.verifyNoAsyncErrorsNoDelay();
    }

    /** Rule 3.9 (the TCK's required_spec309, which needs 10 items): request(0) signals IllegalArgumentException. */
    static void spec309_requestZeroMustSignalIllegalArgumentException(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws Exception {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pubs.apply(1));
        sub.request(0);
        sub.expectError(IllegalArgumentException.class);
    }

    /**
     * Rule 3.9 (the TCK's required_ and optional_spec309, which need 10 items): a negative request signals an
     * IllegalArgumentException whose message names the rule.
     */
    static void spec309_requestNegativeNumberMustSignalIllegalArgumentExceptionNamingTheRule(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws Exception {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pubs.apply(1));
        sub.request(-42);
        sub.expectErrorWithMessage(IllegalArgumentException.class, "3.9");
    }

    /**
     * Rule 3.13 (the TCK's required_spec313, which needs 3 items): once cancelled, the publisher drops its
     * reference to the subscriber. Cancelled before any request, so the value can never reach it.
     */
    static void spec313_cancelMustMakeThePublisherDropAllReferencesToTheSubscriber(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws InterruptedException {
        Publisher<Long> pub = pubs.apply(1);
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> ref = subscribeAndCancel(env, pub, queue);
        // Cancel may finish on the loop a little later: collect until the reference is enqueued, up to 20 times.
        TckRepairs.spec313_awaitDropped(env, pub, ref, queue);
    }

    private static WeakReference<Object> subscribeAndCancel(TestEnvironment env, Publisher<Long> pub,
            ReferenceQueue<Object> queue) throws InterruptedException {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pub);
        sub.cancel();
        return new WeakReference<>(sub, queue);
    }

    /** Rule 3.17 (the TCK's required_spec317, which needs 3 items): a demand of Long.MAX_VALUE. */
    static void spec317_mustSupportAPendingElementCountUpToLongMaxValue(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws InterruptedException {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pubs.apply(1));
        sub.request(Long.MAX_VALUE);
        sub.nextElement();
        sub.expectCompletion();
        env.verifyNoAsyncErrorsNoDelay();
    }

    /** Rule 3.17 (the TCK's required_spec317 cumulative variant, which needs 3 items): demand adding up past it. */
    static void spec317_mustSupportACumulativePendingElementCountUpToLongMaxValue(TestEnvironment env,
            LongFunction<Publisher<Long>> pubs) throws InterruptedException {
        ManualSubscriber<Long> sub = env.newManualSubscriber(pubs.apply(1));
        sub.request(Long.MAX_VALUE / 2);
        sub.request(Long.MAX_VALUE / 2);
        sub.request(1);
        sub.request(Long.MAX_VALUE); // above Long.MAX_VALUE in total: still no error (rule 3.17)
        sub.nextElement();
        sub.expectCompletion();
        env.verifyNoAsyncErrorsNoDelay();
    }
}
