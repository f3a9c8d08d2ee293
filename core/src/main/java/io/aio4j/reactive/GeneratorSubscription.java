package io.aio4j.reactive;

import io.aio4j.Async;
import io.aio4j.AsyncGenerator;
import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.Future;
import io.aio4j.Task;
import io.aio4j.internal.LoopHop;
import io.aio4j.internal.Wakeup;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One run of a generator body for one subscriber. The body runs as a task; {@link #emit} hands an item straight to
 * {@code onNext} while there is demand and suspends the task while there is none, until {@code request} (from any
 * thread) wakes it through the loop. Signals are all sent from that task or from the loop, so they are serial.
 *
 * <p>Demand is an {@link AtomicLong} written by any thread and consumed by the body; the body is woken only when
 * demand goes from zero to positive, so a subscriber that keeps ahead of the body costs no loop round trip per
 * item. Cancelling stops the body at its next {@code emit} (which throws {@link CancellationException}) or, if it
 * is suspended elsewhere, by cancelling its task.
 */
final class GeneratorSubscription<T> implements Subscription, AsyncGenerator.Emitter<T> {
    private final EventLoop loop;
    private final AsyncGenerator.Body<T> body;
    private final AtomicLong demand = new AtomicLong();
    /** Cleared by the terminal signal or by cancel, so the subscriber is not retained (rule 3.13). */
    private volatile Subscriber<? super T> subscriber;
    private volatile boolean cancelled;
    /** Loop side: the task running the body, once started. */
    private Task<Void> producer;
    /** Loop side: what the body awaits while demand is zero. */
    private Future<Void> waiting;

    GeneratorSubscription(EventLoop loop, AsyncGenerator.Body<T> body, Subscriber<? super T> subscriber) {
        this.loop = loop;
        this.body = body;
        this.subscriber = subscriber;
    }

    // ------------------------------------------------------------------ Subscription: any thread

    @Override
    public void request(long n) {
        if (cancelled) {
            return;
        }
        if (n <= 0) {
            cancelled = true;
            IllegalArgumentException error = new IllegalArgumentException("request(" + n + ") on " + this
                    + ": demand must be positive (Reactive Streams rule 3.9)");
            if (!LoopHop.run(loop, () -> stopWithError(error))) {
                terminate(error);
            }
            return;
        }
        long before = demand.getAndAccumulate(n, GeneratorSubscription::addCapped);
        if (before == 0 && !LoopHop.run(loop, this::resume)) {
            terminate(new IllegalStateException("the generator cannot run: its loop " + loop + " is closed"));
        }
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        subscriber = null;
        LoopHop.run(loop, () -> {
            if (producer != null && !producer.done()) {
                producer.cancel("the subscription to this generator was cancelled");
            }
        });
    }

    private static long addCapped(long current, long n) {
        long sum = current + n;
        return sum < 0 ? Long.MAX_VALUE : sum; // demand saturates at "unbounded" (rule 3.17)
    }

    // ------------------------------------------------------------------ on the loop

    /** Starts the body, right after onSubscribe returned (unless it cancelled). */
    void start() {
        if (!cancelled && producer == null) {
            producer = loop.createTask(this::produce, "GeneratorPublisher-" + Integer.toHexString(hashCode()));
        }
    }

    /** The loop closed before the body could start: rule 1.9, onError right after onSubscribe. */
    void loopClosed() {
        terminate(new IllegalStateException("the generator cannot run: its loop " + loop + " is closed"));
    }

    /** Wakes the body when demand comes back. */
    private void resume() {
        if (cancelled || producer == null) {
            return; // not started yet: start() comes next, and the body will find the demand
        }
        Wakeup.wake(waiting);
        waiting = null;
    }

    private Void produce() {
        try {
            body.run(this);
        } catch (CancellationException c) {
            if (!cancelled) {
                terminate(c); // cancelled by someone else (its loop closing): the subscriber must hear of it
            }
            throw c;
        } catch (Throwable t) {
            if (cancelled) {
                // Nobody listens any more (DESIGN §5: never silent): e.g. a finally block that failed while the
                // body unwound from the cancellation.
                loop.callExceptionHandler(new ExceptionContext("A generator body failed after its subscription "
                        + "was cancelled", t, producer, null));
            } else {
                terminate(t); // the subscriber receives it: the task itself ends normally, with nothing to report
            }
            return null;
        }
        terminate(null);
        return null;
    }

    /**
     * {@link AsyncGenerator.Emitter#emit}: waits for demand, then sends {@code item} downstream.
     *
     * @throws CancellationException if the subscription was cancelled
     */
    @Override
    public void emit(T item) {
        if (Async.currentTask() != producer) {
            throw new IllegalStateException("Emitter.emit() called outside the generator's body; emit only from "
                    + "the body (not from a task it created)");
        }
        if (item == null) {
            throw new NullPointerException("emit(null): a generator turned into a publisher cannot emit null "
                    + "(Reactive Streams rule 2.13); emit a sentinel or an Optional instead");
        }
        while (demand.get() == 0) {
            if (cancelled) {
                throw new CancellationException("the subscription to this generator was cancelled");
            }
            Future<Void> w = loop.createFuture();
            waiting = w;
            w.await();
        }
        Subscriber<? super T> s = subscriber;
        if (cancelled || s == null) {
            throw new CancellationException("the subscription to this generator was cancelled");
        }
        if (demand.get() != Long.MAX_VALUE) {
            demand.decrementAndGet();
        }
        s.onNext(item);
    }

    private void stopWithError(Throwable error) {
        if (producer != null && !producer.done()) {
            producer.cancel("request(n <= 0) on the subscription to this generator");
        }
        terminate(error);
    }

    /** Sends onComplete (error null) or onError, at most once. */
    private void terminate(Throwable error) {
        Subscriber<? super T> s = subscriber;
        subscriber = null;
        if (s == null) {
            return;
        }
        if (error == null) {
            s.onComplete();
        } else {
            s.onError(error);
        }
    }

    @Override
    public String toString() {
        return "GeneratorSubscription[demand=" + demand.get() + (cancelled ? ", cancelled" : "")
                + (producer != null ? ", " + producer : ", not started") + "]";
    }
}
