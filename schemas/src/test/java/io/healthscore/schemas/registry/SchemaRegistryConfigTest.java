package io.healthscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

    @Test
    void ofUsesTheDocumentedDefaults() {
        // When
        SchemaRegistryConfig config = SchemaRegistryConfig.of("http://127.0.0.1:8081");

        // Then
        assertThat(config.urls()).containsExactly(URI.create("http://127.0.0.1:8081"));
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.tls()).isEmpty();
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void readsEveryConfluentAndOwnKey() {
        // Given
        Map<String, Object> properties = Map.of(
                "schema.registry.url", "https://a.example:8081, https://b.example:8081/apis/ccompat/v7",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:secret",
                "schema.registry.ssl.truststore.location", "/etc/registry/truststore.p12",
                "schema.registry.ssl.truststore.password", "trustpass",
                "schema.registry.ssl.truststore.type", "PKCS12",
                "schema.registry.request.timeout.ms", "2500",
                "schema.registry.max.retries", 5,
                "schema.registry.retry.backoff.ms", "50",
                "schema.registry.retry.backoff.max.ms", 800L);

        // When
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(properties);

        // Then
        assertThat(config.urls()).containsExactly(URI.create("https://a.example:8081"),
                URI.create("https://b.example:8081/apis/ccompat/v7"));
        assertThat(config.basicAuthUserInfo()).contains("svc:secret");
        assertThat(config.tls()).contains(
                new TlsSettings(Path.of("/etc/registry/truststore.p12"), Optional.of("trustpass"), "PKCS12"));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aMissingUrlIsReportedByItsKey() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of("basic.auth.user.info", "a:b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void readsTheCredentialsUnderTheSchemaRegistryPrefixToo() {
        // When
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://r:8081",
                "schema.registry.basic.auth.credentials.source", "USER_INFO",
                "schema.registry.basic.auth.user.info", "svc:secret"));

        // Then
        assertThat(config.basicAuthUserInfo()).contains("svc:secret");
    }

    @Test
    void userInfoIsRequiredWhenItIsTheCredentialsSource() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://r:8081", "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void anUnsupportedCredentialsSourceIsRejected() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://r:8081", "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basic.auth.credentials.source");
    }

    @Test
    void aNumberThatIsNotANumberIsReportedByItsKey() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://r:8081", "schema.registry.max.retries", "three")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.max.retries");
    }

    @Test
    void aNegativeRetryCountIsRejected() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://r:8081", "schema.registry.max.retries", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.max.retries");
    }

    @Test
    void anUnsupportedSchemeIsRejected() {
        // When / Then
        assertThatThrownBy(() -> SchemaRegistryConfig.of("ftp://r:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageContaining("http, https or mem");
    }

    @Test
    void credentialsInTheUrlAreMovedOutOfIt() {
        // When
        SchemaRegistryConfig config = SchemaRegistryConfig.of("http://svc:pa%2Bss@registry.example:8081/prefix");

        // Then
        assertThat(config.urls()).containsExactly(URI.create("http://registry.example:8081/prefix"));
        assertThat(config.basicAuthUserInfo()).contains("svc:pa+ss");
    }

    @Test
    void toStringMasksTheCredentialsAndTheTrustStorePassword() {
        // Given
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", "http://registry.example:8081",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc-user:hunter2",
                "schema.registry.ssl.truststore.location", "/tmp/t.p12",
                "schema.registry.ssl.truststore.password", "trustme"));

        // When
        String text = config.toString();

        // Then
        assertThat(text).contains("http://registry.example:8081").contains("[hidden]")
                .doesNotContain("hunter2").doesNotContain("svc-user").doesNotContain("trustme");
    }

    @Test
    void aMemUrlNamesTheInMemoryRegistryOfItsScope() {
        // Given
        SchemaRegistryConfig config = SchemaRegistryConfig.of("mem://config-test");

        // When
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) {

            // Then
            assertThat(config.inMemory()).isTrue();
            assertThat(client).isSameAs(InMemorySchemaRegistryClient.forScope("config-test"));
        } finally {
            InMemorySchemaRegistryClient.dropScope("config-test");
        }
    }

    @Test
    void anHttpUrlGivesAnHttpClient() {
        // When
        try (SchemaRegistryClient client = SchemaRegistryClient.create(SchemaRegistryConfig.of("http://127.0.0.1:1"))) {

            // Then
            assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        }
    }

    @Test
    void urlsMayBeGivenAsAList() {
        // When
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", List.of("http://a:8081", "http://b:8081")));

        // Then
        assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
    }
}
