package io.healthscore.ingest.auth;

import io.healthscore.ingest.config.SourceSettings;
import io.healthscore.ingest.problem.IngestRejection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteKeyAuthenticatorTest {

    private final WriteKeyAuthenticator authenticator = new WriteKeyAuthenticator(List.of(
            source("web", "04c0218b3c6929c6638fa052827cc353c3e1eb3a432020f686e083aae900d6c4"),
            source("crm", "00AFE8425C882B8D48DBD793BBA6332D93DC0E340883960EE79FE8D724263AF2")));

    @Test
    void basicUserNameWithEmptyPasswordNamesTheSource() {
        assertThat(authenticator.sourceFromHeader(basic("test-write-key:"))).contains("web");
    }

    @Test
    void basicWithoutColonAndBearerAreAcceptedToo() {
        assertThat(authenticator.sourceFromHeader(basic("test-write-key"))).contains("web");
        assertThat(authenticator.sourceFromHeader("Bearer other-source-key")).contains("crm");
    }

    @Test
    void noHeaderIsNoSource() {
        assertThat(authenticator.sourceFromHeader(null)).isEmpty();
        assertThat(authenticator.sourceFromHeader("  ")).isEmpty();
    }

    @Test
    void aWrongKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> authenticator.sourceFromHeader(basic("guessed-key:")))
                .isInstanceOfSatisfying(IngestRejection.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("guessed-key");
                });
    }

    @Test
    void bodyKeysAreCheckedTheSameWay() {
        assertThat(authenticator.sourceOf("other-source-key")).contains("crm");
        assertThat(authenticator.sourceOf("")).isEmpty();
        assertThat(authenticator.sourceOf("x".repeat(100_000))).isEmpty();
    }

    @Test
    void aMalformedDigestInConfigurationFailsAtStartupNamingTheKeyNotTheValue() {
        assertThatThrownBy(() -> new WriteKeyAuthenticator(List.of(source("web", "plain-text-secret"))))
                .hasMessageContaining("ingest.sources.web.write-key-sha256")
                .hasMessageNotContaining("plain-text-secret");
    }

    private static SourceSettings source(String name, String digest) {
        SourceSettings settings = new SourceSettings(name);
        settings.setWriteKeySha256(digest);
        return settings;
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
