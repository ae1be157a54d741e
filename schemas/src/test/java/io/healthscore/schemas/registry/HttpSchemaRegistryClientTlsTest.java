package io.healthscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTlsTest {

    private static final Schema THING = new Schema.Parser().parse("""
            {"type": "record", "name": "Thing", "fields": [{"name": "a", "type": "string"}]}""");

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startHttpsRegistry() throws Exception {
        registry = FakeSchemaRegistry.startHttps(serverContext());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void talksToAnHttpsRegistryTrustedThroughAPkcs12TrustStore() throws Exception {
        // Given
        TlsSettings tls = new TlsSettings(resource("registry-truststore.p12"), Optional.of("changeit"), "PKCS12");

        // When
        int id;
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config(Optional.of(tls)))) {
            id = client.register("things-value", THING);
        }

        // Then
        assertThat(id).isEqualTo(1);
    }

    @Test
    void talksToAnHttpsRegistryTrustedThroughAPemFile() throws Exception {
        // Given
        TlsSettings tls = new TlsSettings(resource("registry-ca.pem"), Optional.empty(), "PEM");

        // When
        List<String> subjects;
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config(Optional.of(tls)))) {
            subjects = client.subjects();
        }

        // Then
        assertThat(subjects).isEmpty();
    }

    @Test
    void refusesAnHttpsRegistryWhoseCertificateIsNotTrusted() {
        // Given the JDK's default trust store, which does not hold the test certificate
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config(Optional.empty()))) {

            // When / Then
            assertThatThrownBy(client::subjects)
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining(registry.url())
                    .hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void aTrustStoreThatCannotBeOpenedIsReportedWithItsLocation() throws Exception {
        // Given
        TlsSettings tls = new TlsSettings(resource("registry-truststore.p12"), Optional.of("wrong"), "PKCS12");

        // When / Then
        assertThatThrownBy(tls::sslContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry-truststore.p12")
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageNotContaining("wrong");
    }

    private SchemaRegistryConfig config(Optional<TlsSettings> tls) {
        return new SchemaRegistryConfig(List.of(registry.uri()), Optional.empty(), tls, Duration.ofSeconds(5), 0,
                Duration.ZERO, Duration.ZERO);
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = HttpSchemaRegistryClientTlsTest.class.getResourceAsStream("/tls/registry-server.p12")) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(HttpSchemaRegistryClientTlsTest.class.getResource("/tls/" + name).toURI());
    }
}
