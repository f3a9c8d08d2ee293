package io.aio4j.streams;

/**
 * Options of {@link Streams#openConnection(String, int, StreamOptions)} and
 * {@link Streams#startServer(ClientConnectedCallback, String, int, StreamOptions)}: asyncio's keyword arguments.
 * {@snippet :
 * Streams.openConnection(host, port, StreamOptions.DEFAULT.withLimit(1 << 20));
 * }
 *
 * @param limit   the {@link StreamReader} buffer limit (asyncio's {@code limit=}, default 64 KiB)
 * @param backlog the server's listen backlog, also the most connections accepted per readiness event
 *                (asyncio's {@code backlog=}, default 100); ignored by {@code openConnection}
 */
public record StreamOptions(int limit, int backlog) {
    /** asyncio's defaults: a 64 KiB limit, a backlog of 100. */
    public static final StreamOptions DEFAULT = new StreamOptions(StreamReader.DEFAULT_LIMIT, 100);

    /**
     * Checks the values.
     *
     * @param limit   the reader limit, > 0
     * @param backlog the backlog, > 0
     * @throws IllegalArgumentException if a value is not positive
     */
    public StreamOptions {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0 but was " + limit);
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be > 0 but was " + backlog);
        }
    }

    /**
     * These options with another reader limit.
     *
     * @param newLimit the limit, > 0
     * @return the options
     * @throws IllegalArgumentException if {@code newLimit} is not positive
     */
    public StreamOptions withLimit(int newLimit) {
        return new StreamOptions(newLimit, backlog);
    }

    /**
     * These options with another backlog.
     *
     * @param newBacklog the backlog, > 0
     * @return the options
     * @throws IllegalArgumentException if {@code newBacklog} is not positive
     */
    public StreamOptions withBacklog(int newBacklog) {
        return new StreamOptions(limit, newBacklog);
    }
}
