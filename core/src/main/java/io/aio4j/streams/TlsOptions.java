package io.aio4j.streams;

import io.aio4j.internal.Checks;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * TLS for a stream connection: asyncio's {@code ssl=}, {@code server_hostname=}, {@code ssl_handshake_timeout=} and
 * {@code ssl_shutdown_timeout=} keyword arguments, plus the hostname check that Python keeps on its
 * {@code SSLContext} ({@code check_hostname}) and Java keeps on each engine's {@code SSLParameters}.
 * {@snippet :
 * Connection c = Streams.openConnection("example.org", 443, TlsOptions.of(SSLContext.getDefault()));
 * Server s = Streams.startServer(handler, "0.0.0.0", 8443, TlsOptions.of(serverContext));
 * writer.startTls(TlsOptions.of(clientContext).withServerHostname("mail.example.org"));
 * }
 *
 * <p>The {@link SSLContext} carries the keys and the trust: a server's context needs a key manager with its
 * certificate; a client's context decides which certificates it trusts ({@code SSLContext.getDefault()} trusts the
 * JDK's CA certificates). A client checks by default that the server's certificate names the host it connects to
 * (endpoint identification {@code "HTTPS"}, asyncio's default context); {@link #withoutHostnameCheck()} turns that
 * off (for tests with a certificate made for another name; the chain is still verified).
 *
 * @param context          the TLS context (asyncio's {@code ssl=})
 * @param serverHostname   the name a client expects in the server's certificate and sends as SNI; null means the
 *                         host given to {@link Streams#openConnection(String, int, TlsOptions)} (asyncio's default);
 *                         a client option only
 * @param checkHostname    whether a client verifies that the certificate names {@code serverHostname} (asyncio's
 *                         {@code SSLContext.check_hostname}, default true); ignored by servers
 * @param handshakeTimeout how long the handshake may take before the connection is aborted (asyncio's
 *                         {@code ssl_handshake_timeout}, default 60 s)
 * @param shutdownTimeout  how long closing waits for the peer's {@code close_notify} before aborting the connection
 *                         (asyncio's {@code ssl_shutdown_timeout}, default 30 s)
 */
public record TlsOptions(SSLContext context, String serverHostname, boolean checkHostname, Duration handshakeTimeout,
        Duration shutdownTimeout) {
    /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}: 60 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}: 30 s. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks the values.
     *
     * @param context          the TLS context
     * @param serverHostname   the expected server name, or null for the host connected to
     * @param checkHostname    whether a client checks the name in the certificate
     * @param handshakeTimeout the handshake timeout, > 0
     * @param shutdownTimeout  the shutdown timeout, > 0
     * @throws NullPointerException     if {@code context} or a timeout is null
     * @throws IllegalArgumentException if a timeout is not positive, or {@code serverHostname} is empty
     */
    public TlsOptions {
        Checks.notNull(context, "context");
        Checks.notNull(handshakeTimeout, "handshakeTimeout");
        Checks.notNull(shutdownTimeout, "shutdownTimeout");
        positive(handshakeTimeout, "handshakeTimeout");
        positive(shutdownTimeout, "shutdownTimeout");
        if (serverHostname != null && serverHostname.isEmpty()) {
            throw new IllegalArgumentException("serverHostname must not be empty; use null for the host connected to");
        }
    }

    private static void positive(Duration timeout, String name) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0 but was " + timeout);
        }
    }

    /**
     * TLS with {@code context} and asyncio's defaults: the server name is the host connected to, checked; a 60 s
     * handshake timeout and a 30 s shutdown timeout.
     * <dl><dt>asyncio</dt><dd>{@code ssl=context}.</dd></dl>
     *
     * @param context the TLS context
     * @return the options
     * @throws NullPointerException if {@code context} is null
     */
    public static TlsOptions of(SSLContext context) {
        return new TlsOptions(context, null, true, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * These options with the name a client expects in the server's certificate (and sends as SNI).
     * <dl><dt>asyncio</dt><dd>{@code server_hostname=name}.</dd></dl>
     *
     * @param name the server name
     * @return the options
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public TlsOptions withServerHostname(String name) {
        Checks.notNull(name, "name");
        return new TlsOptions(context, name, checkHostname, handshakeTimeout, shutdownTimeout);
    }

    /**
     * These options without the client's hostname check: any certificate the context trusts is accepted, whatever
     * name it is for. Meant for tests; the certificate chain is still verified.
     * <dl><dt>asyncio</dt><dd>{@code context.check_hostname = False}.</dd></dl>
     *
     * @return the options
     */
    public TlsOptions withoutHostnameCheck() {
        return new TlsOptions(context, serverHostname, false, handshakeTimeout, shutdownTimeout);
    }

    /**
     * These options with another handshake timeout.
     * <dl><dt>asyncio</dt><dd>{@code ssl_handshake_timeout=timeout}.</dd></dl>
     *
     * @param timeout the timeout, > 0
     * @return the options
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        Checks.notNull(timeout, "timeout");
        return new TlsOptions(context, serverHostname, checkHostname, timeout, shutdownTimeout);
    }

    /**
     * These options with another shutdown timeout.
     * <dl><dt>asyncio</dt><dd>{@code ssl_shutdown_timeout=timeout}.</dd></dl>
     *
     * @param timeout the timeout, > 0
     * @return the options
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public TlsOptions withShutdownTimeout(Duration timeout) {
        Checks.notNull(timeout, "timeout");
        return new TlsOptions(context, serverHostname, checkHostname, handshakeTimeout, timeout);
    }
}
