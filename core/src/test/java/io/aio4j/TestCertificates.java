package io.aio4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made once per test run by the JDK's own
 * {@code keytool} in a temporary directory, so that no private key is committed (the JDK has no public API to make
 * a certificate). Elliptic-curve keys: generating one takes milliseconds.
 */
final class TestCertificates {
    private static final char[] PASSWORD = "test-only".toCharArray();

    /** The server's key and certificate. */
    final SSLContext serverContext;
    /** A client trusting exactly that certificate. */
    final SSLContext clientContext;
    /** The same client, offering TLS 1.2 at most (whose close_notify rules differ from 1.3's). */
    final SSLContext tls12ClientContext;

    private static TestCertificates instance;

    private TestCertificates(SSLContext server, SSLContext client, SSLContext tls12Client) {
        this.serverContext = server;
        this.clientContext = client;
        this.tls12ClientContext = tls12Client;
    }

    /** The certificates of this test run, made on first use. */
    static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                instance = generate();
            } catch (IOException | GeneralSecurityException | InterruptedException e) {
                throw new AssertionError("could not make the test certificate with keytool", e);
            }
        }
        return instance;
    }

    private static TestCertificates generate() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("aio4j-tls-test");
        Path store = dir.resolve("server.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream out = p.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);

            Certificate cert = keys.getCertificate("server");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
            tls12.init(null, tmf.getTrustManagers(), null);
            return new TestCertificates(server, client, tls12);
        } finally {
            for (Path f : List.of(store, dir)) {
                Files.deleteIfExists(f);
            }
        }
    }
}
