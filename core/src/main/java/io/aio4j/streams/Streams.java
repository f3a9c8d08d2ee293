package io.aio4j.streams;

import io.aio4j.Async;
import io.aio4j.EventLoop;
import io.aio4j.internal.Checks;
import io.aio4j.internal.CurrentTask;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

/**
 * asyncio's stream functions: open a TCP connection as a {@link StreamReader}/{@link StreamWriter} pair, or start
 * a server that hands each client's pair to a callback running as a task. {@link Async#openConnection} and
 * {@link Async#startServer} are the same functions where an asyncio reader looks first.
 * {@snippet :
 * Server server = Streams.startServer((reader, writer) -> {
 *     byte[] line = reader.readline();
 *     writer.write(line);
 *     writer.drain();
 *     writer.close();
 * }, "127.0.0.1", 0);
 * Connection c = Streams.openConnection("127.0.0.1", server.port());
 * }
 * <p>All I/O runs on the loop with non-blocking sockets watched by the loop's selector
 * ({@link EventLoop#addReader}); host names other than IP literals are resolved on a thread
 * ({@link Async#toThread}), as asyncio resolves them in its executor.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code asyncio.open_connection}, {@code asyncio.start_server} (streams.py).</dd>
 *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it.</dd>
 * </dl>
 */
public final class Streams {
    private Streams() {}

    /**
     * Connects to {@code host:port} over TCP, trying each address the host resolves to in turn.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code reader, writer = await asyncio.open_connection(host, port)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it connects closes the half-made socket (it owns
     *   nothing else) and ends with the cancellation; the loop is unaffected.</dd>
     * </dl>
     *
     * @param host a host name or IP literal
     * @param port the port, 0-65535
     * @return the connection's reader and writer
     * @throws ConnectException         if the connection was refused (asyncio's {@code ConnectionRefusedError})
     *                                  or reset while being made; the message names the address, the cause is the
     *                                  socket's own error
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures; with several addresses, the one failure, or an
     *                                  {@code IOException} listing them all as suppressed
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws NullPointerException     if {@code host} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, StreamOptions.DEFAULT);
    }

    /**
     * Like {@link #openConnection(String, int)}, with options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.open_connection(host, port, limit=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #openConnection(String, int)}.</dd>
     * </dl>
     *
     * @param host    a host name or IP literal
     * @param port    the port, 0-65535
     * @param options the reader's limit
     * @return the connection's reader and writer
     * @throws ConnectException         if the connection was refused
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws NullPointerException     if {@code host} or {@code options} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openConnection(String host, int port, StreamOptions options) throws IOException {
        return open(host, port, options, null);
    }

    /**
     * Connects to {@code host:port} over TLS: connects as {@link #openConnection(String, int)} does, then performs
     * the TLS handshake, and returns streams that read and write plaintext. The server's certificate must be
     * trusted by {@code tls.context()} and, unless {@link TlsOptions#withoutHostnameCheck()}, name
     * {@link TlsOptions#serverHostname()} (by default {@code host}). A server that asks for a client certificate
     * (mutual TLS) gets the one the key managers of {@code tls.context()} choose, if any. TLS has no half-close:
     * {@link StreamWriter#writeEof()} throws; {@link StreamWriter#close()} sends {@code close_notify}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.open_connection(host, port, ssl=context, server_hostname=...,
     *   ssl_handshake_timeout=..., ssl_shutdown_timeout=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting and during the
     *   handshake.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it connects or during the handshake closes the socket
     *   (it owns nothing else) and ends with the cancellation; the loop is unaffected.</dd>
     * </dl>
     *
     * @param host a host name or IP literal
     * @param port the port, 0-65535
     * @param tls  the TLS context and options
     * @return the connection's reader and writer, over TLS
     * @throws javax.net.ssl.SSLHandshakeException if the handshake failed (untrusted certificate, wrong name, no
     *                                  common protocol), timed out ({@link TlsOptions#handshakeTimeout()}), or the
     *                                  server closed the connection during it; the socket is closed by then
     * @throws ConnectException         if the connection was refused
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range, or {@code tls} asks for client certificates
     *                                  ({@link TlsOptions#withClientAuth}, a server option)
     * @throws NullPointerException     if {@code host} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openConnection(String host, int port, TlsOptions tls) throws IOException {
        return openConnection(host, port, StreamOptions.DEFAULT, tls);
    }

    /**
     * Like {@link #openConnection(String, int, TlsOptions)}, with stream options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.open_connection(host, port, limit=..., ssl=context, ...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #openConnection(String, int, TlsOptions)}.</dd>
     * </dl>
     *
     * @param host    a host name or IP literal
     * @param port    the port, 0-65535
     * @param options the reader's limit
     * @param tls     the TLS context and options
     * @return the connection's reader and writer, over TLS
     * @throws javax.net.ssl.SSLHandshakeException if the handshake failed or timed out
     * @throws ConnectException         if the connection was refused
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range, or {@code tls} asks for client certificates
     * @throws NullPointerException     if {@code host}, {@code options} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openConnection(String host, int port, StreamOptions options, TlsOptions tls)
            throws IOException {
        Checks.notNull(tls, "tls");
        tls.checkClientSide("openConnection()"); // before connecting: a mistake, not a network failure
        return open(host, port, options, tls);
    }

    private static Connection open(String host, int port, StreamOptions options, TlsOptions tls) throws IOException {
        Checks.notNull(host, "host");
        Checks.notNull(options, "options");
        TcpSockets.checkPort(port);
        CurrentTask.require("openConnection()");
        String serverHostname = tls == null ? null : tls.clientHostname("openConnection()", host);
        EventLoop loop = Async.getRunningLoop();
        SocketChannel channel = TcpSockets.connect(loop, host, port);
        return ClientStreams.over(loop, channel, options, tls, serverHostname, port, "openConnection()");
    }

    /**
     * Starts a TCP server on {@code host:port}; each accepted connection runs {@code handler} as a new task.
     * The server serves at once; {@link Server#serveForever()} just waits.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code server = await asyncio.start_server(client_connected_cb, host, port)}
     *   (with {@code reuse_address=True}, as asyncio's default on Unix).</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while resolving the host.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param host    the address to listen on, a host name (each address it resolves to gets a socket), or null
     *                or {@code ""} for every interface
     * @param port    the port, 0 for one the system picks ({@link Server#port()})
     * @return the serving server
     * @throws BindException            if an address is in use or unavailable; the message names it
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws NullPointerException     if {@code handler} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startServer(ClientConnectedCallback handler, String host, int port) throws IOException {
        return startServer(handler, host, port, StreamOptions.DEFAULT);
    }

    /**
     * Like {@link #startServer(ClientConnectedCallback, String, int)}, with options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.start_server(cb, host, port, limit=..., backlog=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while resolving the host.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param host    the address to listen on, or null or {@code ""} for every interface
     * @param port    the port, 0 for one the system picks
     * @param options the readers' limit and the backlog
     * @return the serving server
     * @throws BindException            if an address is in use or unavailable
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws NullPointerException     if {@code handler} or {@code options} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startServer(ClientConnectedCallback handler, String host, int port, StreamOptions options)
            throws IOException {
        return listen(handler, host, port, options, null);
    }

    /**
     * Starts a TLS server on {@code host:port}: each accepted connection first completes the TLS handshake (within
     * {@link TlsOptions#handshakeTimeout()}), then runs {@code handler} as a new task with streams that read and
     * write plaintext. {@code tls.context()} must hold the server's key and certificate. With
     * {@link TlsOptions#withClientAuth} the server asks its clients for a certificate (mutual TLS), which the trust
     * managers of {@code tls.context()} must trust; the handler reads it with {@link StreamWriter#peerCertificates()}.
     * A client whose handshake fails (for instance without a required certificate) never reaches the handler: its
     * connection is closed and the failure logged at DEBUG level on the {@code io.aio4j} logger (asyncio logs it in
     * debug mode).
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.start_server(cb, host, port, ssl=context,
     *   ssl_handshake_timeout=..., ssl_shutdown_timeout=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while resolving the host.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param host    the address to listen on, or null or {@code ""} for every interface
     * @param port    the port, 0 for one the system picks
     * @param tls     the server's TLS context and options
     * @return the serving server
     * @throws BindException            if an address is in use or unavailable
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range, or {@code tls} names a server hostname
     *                                  (a client option)
     * @throws NullPointerException     if {@code handler} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startServer(ClientConnectedCallback handler, String host, int port, TlsOptions tls)
            throws IOException {
        return startServer(handler, host, port, StreamOptions.DEFAULT, tls);
    }

    /**
     * Like {@link #startServer(ClientConnectedCallback, String, int, TlsOptions)}, with stream options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.start_server(cb, host, port, limit=..., backlog=..., ssl=context)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while resolving the host.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param host    the address to listen on, or null or {@code ""} for every interface
     * @param port    the port, 0 for one the system picks
     * @param options the readers' limit and the backlog
     * @param tls     the server's TLS context and options
     * @return the serving server
     * @throws BindException            if an address is in use or unavailable
     * @throws UnknownHostException     if the host does not resolve
     * @throws IOException              for other socket failures
     * @throws IllegalArgumentException if {@code port} is out of range, or {@code tls} names a server hostname
     * @throws NullPointerException     if {@code handler}, {@code options} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startServer(ClientConnectedCallback handler, String host, int port, StreamOptions options,
            TlsOptions tls) throws IOException {
        Checks.notNull(tls, "tls");
        tls.checkServerSide("startServer()");
        return listen(handler, host, port, options, tls);
    }

    private static Server listen(ClientConnectedCallback handler, String host, int port, StreamOptions options,
            TlsOptions tls) throws IOException {
        Checks.notNull(handler, "handler");
        Checks.notNull(options, "options");
        TcpSockets.checkPort(port);
        CurrentTask.require("startServer()");
        return TcpSockets.listen(Async.getRunningLoop(), handler, host, port, options, tls);
    }

    /**
     * Connects to the Unix-domain stream socket at {@code path}.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code reader, writer = await asyncio.open_unix_connection(path)}. Differences: a
     *   missing socket file is a {@link ConnectException} like any other failure to connect (asyncio raises
     *   {@code FileNotFoundError}); so is a server whose accept queue is full (Linux fails such a connect at once).
     *   </dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while connecting.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #openConnection(String, int)}: only the half-made socket is closed.</dd>
     * </dl>
     *
     * @param path the socket file a server listens on
     * @return the connection's reader and writer
     * @throws ConnectException         if connecting failed: nothing listens there (refused), no such file, a path
     *                                  longer than the system allows, a full accept queue; the message names the
     *                                  path and what to fix, the cause is the socket's own error
     * @throws IOException              if the socket could not be opened
     * @throws IllegalArgumentException if {@code path} is empty
     * @throws NullPointerException     if {@code path} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openUnixConnection(java.nio.file.Path path) throws IOException {
        return openUnixConnection(path, StreamOptions.DEFAULT);
    }

    /**
     * Like {@link #openUnixConnection(java.nio.file.Path)}, with options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.open_unix_connection(path, limit=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; may suspend it while connecting.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #openConnection(String, int)}.</dd>
     * </dl>
     *
     * @param path    the socket file a server listens on
     * @param options the reader's limit
     * @return the connection's reader and writer
     * @throws ConnectException         if connecting failed (see {@link #openUnixConnection(java.nio.file.Path)})
     * @throws IOException              if the socket could not be opened
     * @throws IllegalArgumentException if {@code path} is empty
     * @throws NullPointerException     if {@code path} or {@code options} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openUnixConnection(java.nio.file.Path path, StreamOptions options) throws IOException {
        return openUnix(path, options, null);
    }

    /**
     * Connects to the Unix-domain stream socket at {@code path} over TLS: connects as
     * {@link #openUnixConnection(java.nio.file.Path)} does, then performs the TLS handshake as
     * {@link #openConnection(String, int, TlsOptions)} does, and returns streams that read and write plaintext.
     * A Unix socket has no host name to check the server's certificate against, so with the hostname check on
     * (the default) {@link TlsOptions#withServerHostname(String)} must say which name the certificate must show
     * (also sent as SNI); without it the call fails at once, before connecting. {@link TlsOptions#withoutHostnameCheck()}
     * alone accepts any certificate the context trusts and sends no SNI. Everything else (mutual TLS through the
     * context's key managers, timeouts, no half-close, the errors) is as over TCP.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.open_unix_connection(path, ssl=context, server_hostname=...,
     *   ssl_handshake_timeout=..., ssl_shutdown_timeout=...)}. Differences: asyncio requires
     *   {@code server_hostname} whenever {@code ssl} is given (an empty one turns the name check and SNI off); here
     *   it is required only while the hostname check is on, and {@code withoutHostnameCheck()} is the empty
     *   name.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it while connecting and during the
     *   handshake.</dd>
     *   <dt>Cancellation</dt><dd>Cancelling the task while it connects or during the handshake closes the socket
     *   (it owns nothing else) and ends with the cancellation; the loop is unaffected.</dd>
     * </dl>
     * {@snippet :
     * Connection c = Streams.openUnixConnection(Path.of("/run/app/api.sock"),
     *         TlsOptions.of(clientContext).withServerHostname("api.internal"));
     * }
     *
     * @param path the socket file a server listens on
     * @param tls  the TLS context and options, with the server's name unless the hostname check is off
     * @return the connection's reader and writer, over TLS
     * @throws javax.net.ssl.SSLHandshakeException if the handshake failed (untrusted certificate, wrong name, no
     *                                  common protocol), timed out ({@link TlsOptions#handshakeTimeout()}), or the
     *                                  server closed the connection during it; the socket is closed by then
     * @throws ConnectException         if connecting failed (see {@link #openUnixConnection(java.nio.file.Path)})
     * @throws IOException              if the socket could not be opened, or for other socket failures
     * @throws IllegalArgumentException if {@code path} is empty; if {@code tls} checks the hostname but has no
     *                                  {@link TlsOptions#serverHostname()}, or asks for client certificates
     *                                  ({@link TlsOptions#withClientAuth}, a server option); the message names the
     *                                  fix
     * @throws NullPointerException     if {@code path} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openUnixConnection(java.nio.file.Path path, TlsOptions tls) throws IOException {
        return openUnixConnection(path, StreamOptions.DEFAULT, tls);
    }

    /**
     * Like {@link #openUnixConnection(java.nio.file.Path, TlsOptions)}, with stream options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.open_unix_connection(path, limit=..., ssl=context,
     *   server_hostname=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop; suspends it.</dd>
     *   <dt>Cancellation</dt><dd>As {@link #openUnixConnection(java.nio.file.Path, TlsOptions)}.</dd>
     * </dl>
     *
     * @param path    the socket file a server listens on
     * @param options the reader's limit
     * @param tls     the TLS context and options, with the server's name unless the hostname check is off
     * @return the connection's reader and writer, over TLS
     * @throws javax.net.ssl.SSLHandshakeException if the handshake failed or timed out
     * @throws ConnectException         if connecting failed
     * @throws IOException              if the socket could not be opened, or for other socket failures
     * @throws IllegalArgumentException if {@code path} is empty; if {@code tls} checks the hostname but has no
     *                                  {@link TlsOptions#serverHostname()}, or asks for client certificates
     * @throws NullPointerException     if {@code path}, {@code options} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     * @throws java.util.concurrent.CancellationException if the calling task was cancelled
     */
    public static Connection openUnixConnection(java.nio.file.Path path, StreamOptions options, TlsOptions tls)
            throws IOException {
        Checks.notNull(tls, "tls");
        tls.checkClientSide("openUnixConnection()"); // before connecting: a mistake, not a network failure
        return openUnix(path, options, tls);
    }

    private static Connection openUnix(java.nio.file.Path path, StreamOptions options, TlsOptions tls)
            throws IOException {
        Checks.notNull(path, "path");
        Checks.notNull(options, "options");
        UnixSockets.checkPath(path);
        CurrentTask.require("openUnixConnection()");
        // A Unix socket has no host name: the name to check comes from the options or not at all (said before
        // connecting, as asyncio does).
        String serverHostname = tls == null ? null : tls.clientHostname("openUnixConnection()", null);
        EventLoop loop = Async.getRunningLoop();
        SocketChannel channel = UnixSockets.connect(loop, path);
        return ClientStreams.over(loop, channel, options, tls, serverHostname, -1, "openUnixConnection()");
    }

    /**
     * Starts a Unix-domain stream server listening on the socket file {@code path}; each accepted connection runs
     * {@code handler} as a new task. A socket file already at {@code path} (left by a server that did not clean
     * up) is removed first; any other kind of file is left alone and the bind fails. Closing the server removes
     * the socket file it made, unless another file has replaced it since.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code server = await asyncio.start_unix_server(client_connected_cb, path)}, with
     *   3.13's {@code cleanup_socket=True}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param path    the socket file to create
     * @return the serving server; its {@link Server#addresses()} holds the {@link java.net.UnixDomainSocketAddress}
     *         and it has no {@link Server#port()}
     * @throws BindException            if binding failed: a file that is not a socket at the path, a missing
     *                                  directory, a path longer than the system allows, no permission; the message
     *                                  names the path and what to fix
     * @throws IOException              if the socket could not be opened or a stale socket file not removed
     * @throws IllegalArgumentException if {@code path} is empty
     * @throws NullPointerException     if {@code handler} or {@code path} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startUnixServer(ClientConnectedCallback handler, java.nio.file.Path path)
            throws IOException {
        return startUnixServer(handler, path, StreamOptions.DEFAULT);
    }

    /**
     * Like {@link #startUnixServer(ClientConnectedCallback, java.nio.file.Path)}, with options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.start_unix_server(cb, path, limit=..., backlog=...)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param path    the socket file to create
     * @param options the readers' limit and the backlog
     * @return the serving server
     * @throws BindException            if binding failed (see
     *                                  {@link #startUnixServer(ClientConnectedCallback, java.nio.file.Path)})
     * @throws IOException              if the socket could not be opened or a stale socket file not removed
     * @throws IllegalArgumentException if {@code path} is empty
     * @throws NullPointerException     if {@code handler}, {@code path} or {@code options} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startUnixServer(ClientConnectedCallback handler, java.nio.file.Path path,
            StreamOptions options) throws IOException {
        return listenUnix(handler, path, options, null);
    }

    /**
     * Starts a Unix-domain TLS server on the socket file {@code path}: the socket file as
     * {@link #startUnixServer(ClientConnectedCallback, java.nio.file.Path)}, and TLS as
     * {@link #startServer(ClientConnectedCallback, String, int, TlsOptions)}: each accepted connection first
     * completes the TLS handshake (within {@link TlsOptions#handshakeTimeout()}), then runs {@code handler} as a new
     * task with streams that read and write plaintext. {@code tls.context()} must hold the server's key and
     * certificate; with {@link TlsOptions#withClientAuth} the server asks its clients for a certificate (mutual TLS),
     * which the handler reads with {@link StreamWriter#peerCertificates()}. A client whose handshake fails never
     * reaches the handler: its connection is closed and the failure logged at DEBUG level on the {@code io.aio4j}
     * logger; the server goes on serving.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.start_unix_server(cb, path, ssl=context, ssl_handshake_timeout=...,
     *   ssl_shutdown_timeout=...)}, with 3.13's {@code cleanup_socket=True}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param path    the socket file to create
     * @param tls     the server's TLS context and options
     * @return the serving server
     * @throws BindException            if binding failed (see
     *                                  {@link #startUnixServer(ClientConnectedCallback, java.nio.file.Path)})
     * @throws IOException              if the socket could not be opened or a stale socket file not removed
     * @throws IllegalArgumentException if {@code path} is empty, or {@code tls} names a server hostname (a client
     *                                  option)
     * @throws NullPointerException     if {@code handler}, {@code path} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startUnixServer(ClientConnectedCallback handler, java.nio.file.Path path, TlsOptions tls)
            throws IOException {
        return startUnixServer(handler, path, StreamOptions.DEFAULT, tls);
    }

    /**
     * Like {@link #startUnixServer(ClientConnectedCallback, java.nio.file.Path, TlsOptions)}, with stream options.
     * <dl>
     *   <dt>asyncio</dt><dd>{@code asyncio.start_unix_server(cb, path, limit=..., backlog=..., ssl=context)}.</dd>
     *   <dt>Threading</dt><dd>Only from a task of a running loop.</dd>
     * </dl>
     *
     * @param handler what serves each client
     * @param path    the socket file to create
     * @param options the readers' limit and the backlog
     * @param tls     the server's TLS context and options
     * @return the serving server
     * @throws BindException            if binding failed
     * @throws IOException              if the socket could not be opened or a stale socket file not removed
     * @throws IllegalArgumentException if {@code path} is empty, or {@code tls} names a server hostname
     * @throws NullPointerException     if {@code handler}, {@code path}, {@code options} or {@code tls} is null
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static Server startUnixServer(ClientConnectedCallback handler, java.nio.file.Path path,
            StreamOptions options, TlsOptions tls) throws IOException {
        Checks.notNull(tls, "tls");
        tls.checkServerSide("startUnixServer()");
        return listenUnix(handler, path, options, tls);
    }

    private static Server listenUnix(ClientConnectedCallback handler, java.nio.file.Path path, StreamOptions options,
            TlsOptions tls) throws IOException {
        Checks.notNull(handler, "handler");
        Checks.notNull(path, "path");
        Checks.notNull(options, "options");
        UnixSockets.checkPath(path);
        CurrentTask.require("startUnixServer()");
        return UnixSockets.startServer(Async.getRunningLoop(), handler, path, options, tls);
    }
}
