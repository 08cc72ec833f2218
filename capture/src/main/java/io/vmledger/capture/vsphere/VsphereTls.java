package io.vmledger.capture.vsphere;

import io.vmledger.api.settings.VcenterEndpoint;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * TLS settings of one vCenter connection. Unlike yavijava's own helpers, nothing here touches JVM-wide defaults
 * (yavijava's "ignore certificates" mode installs a global host-name verifier, and its trust-manager mode caches
 * the first SSL context for every later connection), so each vCenter keeps its own trust decision.
 *
 * @param socketFactory the socket factory of the connection, or null for the JVM's default trust
 * @param hostnames     the host-name verifier, or null for the default one
 */
record VsphereTls(SSLSocketFactory socketFactory, HostnameVerifier hostnames) {

    /** Builds the TLS settings of an endpoint: {@code insecure}, a {@code truststore}, or the JVM's default trust. */
    static VsphereTls of(VcenterEndpoint endpoint) throws IOException {
        try {
            if (endpoint.insecure()) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustEverything()}, null);
                return new VsphereTls(context.getSocketFactory(), (host, session) -> true);
            }
            if (endpoint.truststore() != null) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(loadTrustStore(Path.of(endpoint.truststore())));
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), null);
                return new VsphereTls(context.getSocketFactory(), HttpsURLConnection.getDefaultHostnameVerifier());
            }
            return new VsphereTls(null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a trust store: a PEM bundle of certificates, or a JKS/PKCS12 store whose certificates are readable
     * without a password.
     *
     * @throws IOException when the file holds no certificate
     */
    static KeyStore loadTrustStore(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        try {
            KeyStore store;
            if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                Collection<? extends Certificate> certificates =
                        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
                int i = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("cert-" + i++, certificate);
                }
            } else {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = new ByteArrayInputStream(bytes)) {
                    store.load(in, null);
                }
            }
            if (store.size() == 0) {
                throw new IOException("no certificate found in " + path);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable trust store " + path + ": " + e.getMessage(), e);
        }
    }

    /** Accepts any server certificate: only for {@code insecure: true}. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
