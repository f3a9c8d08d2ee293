package io.aio4j;

/**
 * A callback with someone waiting for it on another thread, who must hear if the loop closes before running it:
 * {@link EventLoop#close()} drops what is still queued (as asyncio's does), and a dropped callback that is the
 * only way to complete a {@link java.util.concurrent.CompletableFuture} would otherwise leave that future pending
 * forever.
 */
interface DroppedAtClose {
    /** The loop closed with this callback still queued; it will never run. Called on the closing thread. */
    void droppedAtClose(EventLoop loop);
}
