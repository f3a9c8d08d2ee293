package io.aio4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Self-signed certificates, made once per test run by the JDK's own {@code keytool} in a temporary directory, so
 * that no private key is committed (the JDK has no public API to make a certificate): the server's, for
 * {@code localhost} and {@code 127.0.0.1}; a client's, which the server trusts (mutual TLS); and another client's,
 * which nobody trusts. Elliptic-curve keys: generating one takes milliseconds; the three {@code keytool} runs go in
 * parallel.
 */
final class TestCertificates {
    private static final char[] PASSWORD = "test-only".toCharArray();
    /** The subject of the client certificate the server trusts. */
    static final String CLIENT_SUBJECT = "CN=aio4j test client";
    /** The subject of the client certificate nobody trusts. */
    static final String UNTRUSTED_CLIENT_SUBJECT = "CN=untrusted test client";

    /** The server's key and certificate; it trusts exactly the client certificate (for mutual TLS). */
    final SSLContext serverContext;
    /** A client trusting exactly the server's certificate, with no certificate of its own. */
    final SSLContext clientContext;
    /** The same client, offering TLS 1.2 at most (whose close_notify rules differ from 1.3's). */
    final SSLContext tls12ClientContext;
    /** A client trusting the server, presenting the certificate the server trusts ({@link #CLIENT_SUBJECT}). */
    final SSLContext certifiedClientContext;
    /** A client trusting the server, presenting a certificate the server does not trust, to any server. */
    final SSLContext untrustedClientContext;

    private static TestCertificates instance;

    private TestCertificates(SSLContext server, SSLContext client, SSLContext tls12Client, SSLContext certified,
            SSLContext untrusted) {
        this.serverContext = server;
        this.clientContext = client;
        this.tls12ClientContext = tls12Client;
        this.certifiedClientContext = certified;
        this.untrustedClientContext = untrusted;
    }

    /** The certificates of this test run, made on first use. */
    static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                instance = generate();
            } catch (IOException | GeneralSecurityException | InterruptedException e) {
                throw new AssertionError("could not make the test certificates with keytool", e);
            }
        }
        return instance;
    }

    private static TestCertificates generate() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("aio4j-tls-test");
        List<Path> files = new ArrayList<>();
        try {
            Path serverStore = dir.resolve("server.p12");
            Path clientStore = dir.resolve("client.p12");
            Path untrustedStore = dir.resolve("untrusted.p12");
            files.addAll(List.of(serverStore, clientStore, untrustedStore));
            List<Process> keytools = List.of(
                    keytool(serverStore, "server", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1"),
                    keytool(clientStore, "client", CLIENT_SUBJECT),
                    keytool(untrustedStore, "untrusted", UNTRUSTED_CLIENT_SUBJECT));
            for (Process p : keytools) {
                String output;
                try (InputStream out = p.getInputStream()) {
                    output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("keytool failed: " + output);
                }
            }
            KeyStore serverKeys = load(serverStore);
            KeyStore clientKeys = load(clientStore);
            KeyStore untrustedKeys = load(untrustedStore);

            TrustManager[] trustServer = trusting(serverKeys.getCertificate("server"));
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers(serverKeys), trusting(clientKeys.getCertificate("client")), null);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trustServer, null);
            SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
            tls12.init(null, trustServer, null);
            SSLContext certified = SSLContext.getInstance("TLS");
            certified.init(keyManagers(clientKeys), trustServer, null);
            SSLContext untrusted = SSLContext.getInstance("TLS");
            untrusted.init(new KeyManager[] {new AlwaysOffered(
                    (X509ExtendedKeyManager) keyManagers(untrustedKeys)[0], "untrusted")}, trustServer, null);
            return new TestCertificates(server, client, tls12, certified, untrusted);
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Starts {@code keytool} making a self-signed EC key pair valid for two days into a new PKCS12 store. */
    private static Process keytool(Path store, String alias, String subject, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", subject, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static KeyManager[] keyManagers(KeyStore keys) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trusting(Certificate cert) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /**
     * A client key manager that presents its one certificate whatever CAs the server says it accepts. The JDK's own
     * keeps back a certificate from another issuer, so without this the "untrusted certificate" case would test
     * "no certificate" instead.
     */
    private static final class AlwaysOffered extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;
        private final String alias;

        AlwaysOffered(X509ExtendedKeyManager keys, String alias) {
            this.keys = keys;
            this.alias = alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return keys.getCertificateChain(name);
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return keys.getPrivateKey(name);
        }
    }
}
