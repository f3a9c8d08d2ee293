package io.aio4j.streams;

/**
 * Whether a TLS server asks its clients for a certificate (mutual TLS), set with
 * {@link TlsOptions#withClientAuth(ClientAuth)}.
 *
 * <p>Python keeps this on the server's {@code SSLContext} ({@code verify_mode}); Java keeps it on each
 * {@link javax.net.ssl.SSLEngine} ({@code setNeedClientAuth}, {@code setWantClientAuth}), which is why it is a
 * {@link TlsOptions} value here. Which client certificates are trusted is still the server context's business: its
 * trust managers (asyncio: {@code load_verify_locations} on the server's context); a context initialised with
 * {@code null} trust managers trusts the JDK's CA certificates. A client presents its certificate through the key
 * managers of its own {@code SSLContext} (asyncio: {@code load_cert_chain} on the client's context); whatever it
 * presents is verified, so an untrusted certificate fails the handshake even under {@link #REQUESTED}.
 * <dl>
 *   <dt>asyncio</dt><dd>{@code ssl.VerifyMode} on a server context: {@code CERT_NONE}, {@code CERT_OPTIONAL},
 *   {@code CERT_REQUIRED}.</dd>
 * </dl>
 */
public enum ClientAuth {
    /** The server does not ask for a client certificate (the default; asyncio's {@code CERT_NONE}). */
    NONE,
    /**
     * The server asks for a client certificate but accepts a client that sends none; a certificate that is sent must
     * be trusted (asyncio's {@code CERT_OPTIONAL}; {@code SSLEngine.setWantClientAuth(true)}).
     */
    REQUESTED,
    /**
     * The server requires a trusted client certificate; the handshake fails without one (asyncio's
     * {@code CERT_REQUIRED}; {@code SSLEngine.setNeedClientAuth(true)}).
     */
    REQUIRED
}
