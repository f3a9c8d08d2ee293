package io.aio4j.reactor;

import io.aio4j.Future;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;

/**
 * {@link AioReactor#mono(Future)}: a Mono that subscribes each subscriber to the future itself (the future is the
 * Reactive Streams publisher; {@code io.aio4j.internal.FutureSubscription} does the work), as Reactor's
 * {@code Mono.fromDirect(future)} would. It is a class of its own so that {@link MonoAwaiter} can recognise it: a
 * task of the future's loop awaiting it as it is awaits the future, without subscribing.
 */
final class FutureToMono<T> extends Mono<T> implements Scannable {
    private final Future<T> future;

    private FutureToMono(Future<T> future) {
        this.future = future;
    }

    /**
     * The Mono of {@code future}, assembled as {@code Mono.fromDirect(future)} is: Reactor's assembly hooks apply
     * and, with Reactor's automatic context propagation on, the thread-local restoring wrapper it puts around a
     * publisher that is not its own (a wrapped Mono simply never fuses).
     */
    static <T> Mono<T> of(Future<T> future) {
        FutureToMono<T> mono = new FutureToMono<>(future);
        Mono<T> direct = Mono.fromDirect(mono); // the wrapper if propagation is on (then assembled); else mono itself
        return direct == mono ? onAssembly(mono) : direct;
    }

    /** The future this is the Mono of. */
    Future<T> future() {
        return future;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        future.subscribe(actual);
    }

    @Override
    public Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return future;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    @Override
    public String toString() {
        return "AioReactor.mono(" + future + ")";
    }
}
