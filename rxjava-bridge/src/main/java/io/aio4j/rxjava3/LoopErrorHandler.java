package io.aio4j.rxjava3;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import io.aio4j.internal.LoopHop;
import io.reactivex.rxjava3.exceptions.UndeliverableException;
import io.reactivex.rxjava3.functions.Consumer;
import java.util.concurrent.CancellationException;

/**
 * {@link AioRx#errorHandler}: RxJava's undeliverable errors to a loop's exception handler, reported on the loop
 * (or at once if it is closed), never a cancellation.
 */
final class LoopErrorHandler implements Consumer<Throwable> {
    private final EventLoop loop;

    LoopErrorHandler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void accept(Throwable error) {
        if (error == null || isCancellation(error)) {
            return;
        }
        ExceptionContext report = ExceptionContext.of("RxJava could not deliver an error (RxJavaPlugins.onError): "
                + "its subscriber was already disposed or terminated", error);
        if (!LoopHop.run(loop, () -> loop.callExceptionHandler(report))) {
            loop.callExceptionHandler(report); // closed: nothing runs on it any more, report here
        }
    }

    private static boolean isCancellation(Throwable error) {
        return error instanceof CancellationException
                || error instanceof UndeliverableException && error.getCause() instanceof CancellationException;
    }

    @Override
    public String toString() {
        return "AioRx.errorHandler(" + loop + ")";
    }
}
