package io.aio4j.reactive;

import io.aio4j.EventLoop;
import io.aio4j.internal.LoopSubscriber;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;

/**
 * The white-box view of a {@link LoopSubscriber}: forwards each signal to it unchanged, then tells the TCK's probe
 * once the subscriber has handled the signal. A {@code LoopSubscriber} handles signals on its loop, in order (at
 * once when they arrive there, else through {@code callSoonThreadsafe}); the probe is told through
 * {@code callSoonThreadsafe} too, so it hears of a signal only after the subscriber's own handling ran.
 *
 * <p>Which signals the probe hears is chosen per subscriber: a {@link ValueSubscriber} reports all four here; the
 * iterator of {@link ReactiveIterable} reports items, completion and errors from the consuming task instead (what
 * its user sees), so only {@code onSubscribe} is reported here.
 *
 * <p>The puppet works the subscriber as core does: on the loop, through its own {@code request(n)} and, unless a
 * different cancel is given (cancelling the iterating task), {@code cancelUpstream()}.
 */
final class ProbedSubscriber<T> implements Subscriber<T> {
    private final EventLoop loop;
    private final LoopSubscriber<T> target;
    private final WhiteboxSubscriberProbe<T> probe;
    private final boolean reportsItemsAndEnd;
    private final SubscriberPuppet puppet;

    /**
     * @param reportsItemsAndEnd whether this wrapper tells the probe of onNext/onError/onComplete (false when the
     *                           consumer of the subscriber does)
     * @param cancel             what the puppet's signalCancel runs on the loop
     */
    ProbedSubscriber(LoopSubscriber<T> target, WhiteboxSubscriberProbe<T> probe, boolean reportsItemsAndEnd,
            Runnable cancel) {
        this.loop = target.loop();
        this.target = target;
        this.probe = probe;
        this.reportsItemsAndEnd = reportsItemsAndEnd;
        this.puppet = new SubscriberPuppet() {
            @Override
            public void triggerRequest(long elements) {
                loop.callSoonThreadsafe(() -> target.request(elements));
            }

            @Override
            public void signalCancel() {
                loop.callSoonThreadsafe(cancel);
            }
        };
    }

    /** A probed {@link ValueSubscriber}: the probe hears every signal; cancel is {@code cancelUpstream()}. */
    static <T> ProbedSubscriber<T> of(LoopSubscriber<T> target, WhiteboxSubscriberProbe<T> probe) {
        return new ProbedSubscriber<>(target, probe, true, target::cancelUpstream);
    }

    @Override
    public void onSubscribe(Subscription s) {
        target.onSubscribe(s); // throws NullPointerException for null (rule 2.13), before the probe hears of it
        // A second subscription is cancelled by the target (rule 2.5); the probe ignores a second registration.
        afterTarget(() -> probe.registerOnSubscribe(puppet));
    }

    @Override
    public void onNext(T item) {
        target.onNext(item);
        if (reportsItemsAndEnd) {
            afterTarget(() -> probe.registerOnNext(item));
        }
    }

    @Override
    public void onError(Throwable error) {
        target.onError(error);
        if (reportsItemsAndEnd) {
            afterTarget(() -> probe.registerOnError(error));
        }
    }

    @Override
    public void onComplete() {
        target.onComplete();
        if (reportsItemsAndEnd) {
            afterTarget(probe::registerOnComplete);
        }
    }

    /** Queued behind the target's own handling of the signal, which was handled already or queued just before. */
    private void afterTarget(Runnable report) {
        loop.callSoonThreadsafe(report);
    }

    @Override
    public String toString() {
        return "Probed[" + target + "]";
    }
}
