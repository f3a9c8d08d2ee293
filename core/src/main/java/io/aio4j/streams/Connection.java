package io.aio4j.streams;

/**
 * What {@link Streams#openConnection} returns: the two halves of one connection. Closing it closes the writer
 * (which closes the connection).
 * <dl><dt>asyncio</dt><dd>the {@code (reader, writer)} pair of {@code asyncio.open_connection}.</dd></dl>
 *
 * @param reader the reading half
 * @param writer the writing half
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AutoCloseable {
    /**
     * Closes the connection: {@code writer().close()}.
     * <dl><dt>asyncio</dt><dd>{@code writer.close()}.</dd></dl>
     */
    @Override
    public void close() {
        writer.close();
    }
}
