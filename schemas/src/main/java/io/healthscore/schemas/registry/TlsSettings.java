package io.healthscore.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust store used to verify an HTTPS schema registry, as Confluent configures it
 * ({@code schema.registry.ssl.truststore.*}). Types are anything {@link KeyStore} loads (JKS, PKCS12) plus
 * PEM, a file of X.509 certificates. {@link #toString()} never shows the password.
 */
public record TlsSettings(Path truststoreLocation, Optional<String> truststorePassword, String truststoreType) {

    /** Confluent's default for {@code schema.registry.ssl.truststore.type}. */
    public static final String DEFAULT_TYPE = "JKS";

    public TlsSettings {
        Objects.requireNonNull(truststoreLocation, "truststoreLocation");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        truststoreType = truststoreType == null || truststoreType.isBlank() ? DEFAULT_TYPE : truststoreType.trim();
    }

    /** Builds a TLS context that trusts exactly the certificates of the trust store. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(loadTrustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load the schema registry trust store " + truststoreLocation
                    + " (type " + truststoreType + ", from schema.registry.ssl.truststore.location): " + e.getMessage(), e);
        }
    }

    private KeyStore loadTrustStore() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(truststoreLocation)) {
            if ("PEM".equalsIgnoreCase(truststoreType)) {
                return pemTrustStore(in);
            }
            KeyStore store = KeyStore.getInstance(truststoreType);
            store.load(in, truststorePassword.map(String::toCharArray).orElse(null));
            return store;
        }
    }

    private static KeyStore pemTrustStore(InputStream in) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        if (index == 0) {
            throw new GeneralSecurityException("the PEM file holds no certificate");
        }
        return store;
    }

    @Override
    public String toString() {
        return "TlsSettings[truststoreLocation=" + truststoreLocation
                + ", truststorePassword=" + (truststorePassword.isPresent() ? "[hidden]" : "none")
                + ", truststoreType=" + truststoreType + "]";
    }
}
