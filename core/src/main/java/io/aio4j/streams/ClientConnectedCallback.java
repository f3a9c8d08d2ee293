package io.aio4j.streams;

/**
 * The body that serves one client of a {@link Server}: it runs as a task of its own for each accepted
 * connection, with the connection's reader and writer.
 *
 * <p>If it throws, the error goes to the loop's exception handler ("Unhandled exception in client_connected_cb")
 * and the connection is closed; if its task is cancelled, the connection is closed. If it returns normally, the
 * connection stays as it left it: close the writer when done.
 * <dl><dt>asyncio</dt><dd>the {@code client_connected_cb} coroutine function of {@code asyncio.start_server}.</dd></dl>
 */
@FunctionalInterface
public interface ClientConnectedCallback {
    /**
     * Serves one client.
     *
     * @param reader the connection's reading half
     * @param writer the connection's writing half
     * @throws Exception anything: reported to the loop's exception handler, and the connection is closed
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
