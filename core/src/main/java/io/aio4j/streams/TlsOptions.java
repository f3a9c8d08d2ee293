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
 * Server mtls = Streams.startServer(handler, "0.0.0.0", 8443,
 *         TlsOptions.of(serverContext).withClientAuth(ClientAuth.REQUIRED)); // clients need a certificate
 * }
 *
 * <p>The {@link SSLContext} carries the keys and the trust: a server's context needs a key manager with its
 * certificate; a client's context decides which certificates it trusts ({@code SSLContext.getDefault()} trusts the
 * JDK's CA certificates). A client checks by default that the server's certificate names the host it connects to
 * (endpoint identification {@code "HTTPS"}, asyncio's default context); {@link #withoutHostnameCheck()} turns that
 * off (for tests with a certificate made for another name; the chain is still verified).
 *
 * <p>Mutual TLS: a server asks its clients for a certificate with {@link #withClientAuth(ClientAuth)}, and trusts
 * those its context's trust managers trust; a client presents one through the key managers of its context (no
 * option here). Either side reads the peer's verified chain with {@link StreamWriter#peerCertificates()}.
 *
 * @param context          the TLS context (asyncio's {@code ssl=})
 * @param serverHostname   the name a client expects in the server's certificate and sends as SNI; null means the
 *                         host given to {@link Streams#openConnection(String, int, TlsOptions)} (asyncio's default);
 *                         required while {@code checkHostname} is on where there is no host name: over a Unix
 *                         socket ({@link Streams#openUnixConnection(java.nio.file.Path, TlsOptions)}) and in a
 *                         client's {@link StreamWriter#startTls}; a client option only
 * @param checkHostname    whether a client verifies that the certificate names {@code serverHostname} (asyncio's
 *                         {@code SSLContext.check_hostname}, default true); ignored by servers
 * @param handshakeTimeout how long the handshake may take before the connection is aborted (asyncio's
 *                         {@code ssl_handshake_timeout}, default 60 s)
 * @param shutdownTimeout  how long closing waits for the peer's {@code close_notify} before aborting the connection
 *                         (asyncio's {@code ssl_shutdown_timeout}, default 30 s)
 * @param clientAuth       whether a server asks its clients for a certificate (asyncio's {@code verify_mode} on a
 *                         server context, default {@link ClientAuth#NONE}); a server option only
 */
public record TlsOptions(SSLContext context, String serverHostname, boolean checkHostname, Duration handshakeTimeout,
        Duration shutdownTimeout, ClientAuth clientAuth) {
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
     * @param clientAuth       whether a server asks for client certificates
     * @throws NullPointerException     if {@code context}, a timeout or {@code clientAuth} is null
     * @throws IllegalArgumentException if a timeout is not positive, or {@code serverHostname} is empty
     */
    public TlsOptions {
        Checks.notNull(context, "context");
        Checks.notNull(handshakeTimeout, "handshakeTimeout");
        Checks.notNull(shutdownTimeout, "shutdownTimeout");
        Checks.notNull(clientAuth, "clientAuth");
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
     * handshake timeout and a 30 s shutdown timeout; a server asks for no client certificate.
     * <dl><dt>asyncio</dt><dd>{@code ssl=context}.</dd></dl>
     *
     * @param context the TLS context
     * @return the options
     * @throws NullPointerException if {@code context} is null
     */
    public static TlsOptions of(SSLContext context) {
        return new TlsOptions(context, null, true, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT,
                ClientAuth.NONE);
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
        return new TlsOptions(context, name, checkHostname, handshakeTimeout, shutdownTimeout, clientAuth);
    }

    /**
     * These options without the client's hostname check: any certificate the context trusts is accepted, whatever
     * name it is for. Meant for tests; the certificate chain is still verified.
     * <dl><dt>asyncio</dt><dd>{@code context.check_hostname = False}.</dd></dl>
     *
     * @return the options
     */
    public TlsOptions withoutHostnameCheck() {
        return new TlsOptions(context, serverHostname, false, handshakeTimeout, shutdownTimeout, clientAuth);
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
        return new TlsOptions(context, serverHostname, checkHostname, timeout, shutdownTimeout, clientAuth);
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
        return new TlsOptions(context, serverHostname, checkHostname, handshakeTimeout, timeout, clientAuth);
    }

    /**
     * These options with a server asking its clients for a certificate, or requiring one (mutual TLS). Which
     * certificates are accepted is up to the server context's trust managers; the handler reads the client's chain
     * with {@link StreamWriter#peerCertificates()}. A server option: for {@link Streams#startServer},
     * {@link Streams#startUnixServer} and a server-side {@link StreamWriter#startTls}; a client connection refuses it, since a client presents its
     * certificate through the key managers of its {@link SSLContext} instead.
     * <p>A refused client (no certificate, or an untrusted one) gets the server's alert as an
     * {@link javax.net.ssl.SSLHandshakeException} ({@code certificate_required}, {@code certificate_unknown}; TLS 1.2
     * says {@code handshake_failure} for a missing one); the server never starts its handler and logs the failure as
     * for any failed handshake. Under TLS 1.2 the client's {@code openConnection} throws it. Under TLS 1.3 the
     * client finishes its side of the handshake before the server has checked its certificate, so
     * {@code openConnection} returns and the first read or {@code drain()} throws it; OpenSSL, under asyncio, behaves
     * the same.
     * <dl><dt>asyncio</dt><dd>{@code context.verify_mode = ssl.CERT_REQUIRED} (or {@code CERT_OPTIONAL},
     * {@code CERT_NONE}) on the server's context.</dd></dl>
     * {@snippet :
     * Server server = Streams.startServer(handler, "0.0.0.0", 8443,
     *         TlsOptions.of(serverContext).withClientAuth(ClientAuth.REQUIRED));
     * // in the handler: X509Certificate client = writer.peerCertificates().getFirst();
     * }
     *
     * @param clientAuth {@link ClientAuth#REQUIRED}, {@link ClientAuth#REQUESTED} or {@link ClientAuth#NONE}
     * @return the options
     * @throws NullPointerException if {@code clientAuth} is null
     */
    public TlsOptions withClientAuth(ClientAuth clientAuth) {
        Checks.notNull(clientAuth, "clientAuth");
        return new TlsOptions(context, serverHostname, checkHostname, handshakeTimeout, shutdownTimeout, clientAuth);
    }

    /**
     * The name a client connection checks in the server's certificate and sends as SNI: {@link #serverHostname()},
     * else {@code connectedHost}. Null only when the check is off and no name was given (no SNI is sent then).
     *
     * @param method        the public method the user called, for the message
     * @param connectedHost the host connected to, or null where there is none (a Unix socket, {@code startTls})
     * @throws IllegalArgumentException if the hostname check is on and there is no name to check
     */
    String clientHostname(String method, String connectedHost) {
        String name = serverHostname != null ? serverHostname : connectedHost;
        if (name == null && checkHostname) {
            throw new IllegalArgumentException(method + ": the TLS hostname check needs the name the server's "
                    + "certificate must show, and this connection has no host name to use: pass it with "
                    + "TlsOptions.withServerHostname(...), or turn the check off with withoutHostnameCheck() "
                    + "(asyncio: server_hostname is required here)");
        }
        return name;
    }

    /**
     * Refuses client-only settings on a server.
     *
     * @throws IllegalArgumentException if {@link #serverHostname()} is set
     */
    void checkServerSide(String method) {
        if (serverHostname != null) {
            throw new IllegalArgumentException(method + ": serverHostname is a client option (the name a client "
                    + "expects in the certificate); a server's name is in its certificate");
        }
    }

    /**
     * Refuses server-only settings on a client connection: the method the user called, and the fix.
     *
     * @throws IllegalArgumentException if {@link #clientAuth()} is not {@link ClientAuth#NONE}
     */
    void checkClientSide(String method) {
        if (clientAuth != ClientAuth.NONE) {
            throw new IllegalArgumentException(method + ": withClientAuth(" + clientAuth + ") is a server option "
                    + "(whether a server asks its clients for a certificate); a client presents its certificate "
                    + "through the key managers of its SSLContext (SSLContext.init(keyManagers, trustManagers, null); "
                    + "asyncio: load_cert_chain() on the client's context): remove withClientAuth here");
        }
    }
}
