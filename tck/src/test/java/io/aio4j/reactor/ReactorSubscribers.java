package io.aio4j.reactor;

import io.aio4j.tck.LoopHarness;
import io.aio4j.tck.SubscriberFactory;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import reactor.util.context.Context;

/**
 * The subscriber the Reactor bridge awaits a Mono with ({@link MonoAwaiter}, behind {@code AioReactor.await(mono)}
 * and its awaitables), as a {@link SubscriberFactory}.
 *
 * <p>Backends: like the core's {@code ValueSubscriber}, a {@code MonoAwaiter} runs no task (it handles the signals
 * on the loop, through {@code callSoonThreadsafe} when they come from another thread, and completes a future
 * only if a task waits), so its verifications run on one backend.
 */
final class ReactorSubscribers {
    private ReactorSubscribers() {}

    /**
     * A {@link MonoAwaiter} made on the loop as {@code AioReactor.await} makes it (with an empty Reactor context:
     * the task's variables play no part in the protocol). Nobody awaits its outcome here; it keeps the outcome in
     * its own fields, so an outcome nobody takes is not reported.
     */
    static SubscriberFactory monoAwaiter() {
        return new SubscriberFactory() {
            @Override
            public Subscriber<Long> create(LoopHarness harness) {
                return newAwaiter(harness);
            }

            @Override
            public Subscriber<Long> createProbed(LoopHarness harness, WhiteboxSubscriberProbe<Long> probe) {
                return new Probed(newAwaiter(harness), probe);
            }

            @Override
            public String toString() {
                return "MonoAwaiter";
            }
        };
    }

    private static MonoAwaiter<Long> newAwaiter(LoopHarness harness) {
        return harness.onLoop(() -> new MonoAwaiter<>(harness.loop(), Context.empty()));
    }

    /**
     * The white-box view of a {@link MonoAwaiter}: forwards each signal to it unchanged, then tells the probe
     * through {@code callSoonThreadsafe}, so that the probe hears of a signal only after the awaiter handled it
     * (at once on the loop, or queued just before). The puppet requests and cancels on the loop, through the
     * awaiter's own {@code request} and {@code cancelUpstream}.
     */
    private static final class Probed implements Subscriber<Long> {
        private final MonoAwaiter<Long> target;
        private final WhiteboxSubscriberProbe<Long> probe;
        private final SubscriberPuppet puppet;

        Probed(MonoAwaiter<Long> target, WhiteboxSubscriberProbe<Long> probe) {
            this.target = target;
            this.probe = probe;
            this.puppet = new SubscriberPuppet() {
                @Override
                public void triggerRequest(long elements) {
                    target.loop().callSoonThreadsafe(() -> target.request(elements));
                }

                @Override
                public void signalCancel() {
                    target.loop().callSoonThreadsafe(target::cancelUpstream);
                }
            };
        }

        @Override
        public void onSubscribe(Subscription s) {
            target.onSubscribe(s); // throws NullPointerException for null (rule 2.13), before the probe hears of it
            afterTarget(() -> probe.registerOnSubscribe(puppet));
        }

        @Override
        public void onNext(Long item) {
            target.onNext(item);
            afterTarget(() -> probe.registerOnNext(item));
        }

        @Override
        public void onError(Throwable error) {
            target.onError(error);
            afterTarget(() -> probe.registerOnError(error));
        }

        @Override
        public void onComplete() {
            target.onComplete();
            afterTarget(probe::registerOnComplete);
        }

        private void afterTarget(Runnable report) {
            target.loop().callSoonThreadsafe(report);
        }

        @Override
        public String toString() {
            return "Probed[" + target + "]";
        }
    }
}
