package io.aio4j.streams;

import io.aio4j.EventLoop;
import io.aio4j.ExceptionContext;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * Unix-domain stream sockets for {@link Streams#openUnixConnection} and {@link Streams#startUnixServer}: asyncio's
 * {@code create_unix_connection} and {@code create_unix_server} (unix_events.py). The sockets are NIO channels of
 * {@link StandardProtocolFamily#UNIX}, which the loop's selector watches like TCP ones, so the connection and the
 * server are the TCP ones ({@link SocketTransport}, {@link Server}, and for TLS {@link ClientStreams} and
 * {@link TlsProtocol}); only opening, binding and the socket file's lifecycle differ, and live here.
 *
 * <p>The socket file, as in asyncio 3.13: binding removes a stale socket file left at the path (a file of any other
 * kind is left alone, and the bind fails); closing the server removes the file it made, unless another file has
 * replaced it since. Loop only.
 */
final class UnixSockets {
    /** The {@code st_mode} file-type bits and the value that means "socket" (POSIX {@code S_IFMT}/{@code S_IFSOCK}). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSockets() {}

    /**
     * A connected, non-blocking channel to the server listening on {@code path}; every failure is a
     * {@link ConnectException} naming it, and closes the channel again (as a cancellation does).
     */
    static java.nio.channels.SocketChannel connect(EventLoop loop, Path path) throws IOException {
        // Linux completes a Unix-domain connect at once or fails at once (EAGAIN when the server's backlog is full,
        // which the JDK reports as an exception); other systems may report it in progress.
        return ClientStreams.connect(loop, java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX),
                UnixDomainSocketAddress.of(path), path, false, failed -> hint(path, failed));
    }

    /** What the OS's terse message leaves out, for the failures a caller can fix. */
    private static String hint(Path path, IOException failed) {
        String os = Objects.toString(failed.getMessage(), "");
        if (os.contains("too long")) {
            return " (the path has " + path.toString().length() + " characters; the system limits a socket path to "
                    + "about 100 bytes: use a shorter or relative path)";
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            return " (the directory " + dir + " does not exist)";
        }
        if (os.contains("temporarily unavailable")) {
            return " (the server's accept queue is full: try again later or raise its backlog)";
        }
        return "";
    }

    /**
     * Binds a listening socket at {@code path}, removing a stale socket file first, and starts serving; over TLS
     * unless {@code tls} is null.
     */
    static Server startServer(EventLoop loop, ClientConnectedCallback handler, Path path, StreamOptions options,
            TlsOptions tls) throws IOException {
        removeStaleSocket(path);
        java.nio.channels.ServerSocketChannel listener =
                java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean done = false;
        try {
            try {
                listener.bind(UnixDomainSocketAddress.of(path), options.backlog());
            } catch (IOException e) {
                String why = Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !isSocket(path)
                        ? " (a file that is not a socket is there: remove it or choose another path)" : hint(path, e);
                BindException named = new BindException("error while attempting to bind on address " + path + ": "
                        + e.getMessage() + why);
                named.initCause(e);
                throw named;
            }
            listener.configureBlocking(false);
            Object fileKey = fileKey(path);
            Server server = new Server(loop, List.of(listener), handler, options);
            server.afterClose(() -> removeOwnSocket(loop, path, fileKey, server));
            server.useTls(tls);
            server.startServing();
            done = true;
            return server;
        } finally {
            if (!done) {
                listener.close();
            }
        }
    }

    /** asyncio's start: a socket file at the path is left over from an earlier server; anything else is kept. */
    private static void removeStaleSocket(Path path) throws IOException {
        if (isSocket(path)) {
            Files.deleteIfExists(path);
        }
    }

    /**
     * asyncio 3.13's {@code cleanup_socket}: removes the socket file at close, but only the one this server made
     * (same file key): a later server may have replaced it, and its file is not ours to delete.
     */
    private static void removeOwnSocket(EventLoop loop, Path path, Object fileKey, Server server) {
        try {
            if (fileKey != null && fileKey.equals(fileKey(path))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            loop.callExceptionHandler(new ExceptionContext("Removing the socket file " + path + " of " + server
                    + " failed", e, null, null));
        }
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    /** Whether {@code path} is a socket file (following links, as asyncio's {@code os.stat}). */
    private static boolean isSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            try {
                return Files.readAttributes(path, BasicFileAttributes.class).isOther();
            } catch (IOException gone) {
                return false;
            }
        } catch (IOException gone) {
            return false;
        }
    }

    /** An empty path would bind an unnamed socket nobody can connect to: a caller's mistake, said early. */
    static void checkPath(Path path) {
        if (path.toString().isEmpty()) {
            throw new IllegalArgumentException("path must name a socket file but was empty");
        }
    }
}
