package io.healthscore.scoring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the query API listens and with which token by default, and where the token may come from. */
class ScoringSettingsTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultTheQueriesListenOnLoopbackOnlyAndNoTokenIsConfigured() {
        ScoringSettings settings = ScoringSettings.from(Map.of());

        assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
        assertThat(settings.httpPort()).hasValue(8091);
        assertThat(settings.httpToken().configured()).isFalse();
    }

    @Test
    void theTokenComesFromTheFileThenTheEnvironmentThenSystemProperties() throws IOException {
        Path file = dir.resolve("scoring.properties");
        Files.writeString(file, "scoring.http.token=from-file\n");
        Properties none = new Properties();
        Properties system = new Properties();
        system.setProperty("scoring.http.token", "from-system");

        assertThat(ScoringApplication.configuration(file, Map.of(), none)).containsEntry("scoring.http.token", "from-file");
        assertThat(ScoringApplication.configuration(file, Map.of("SCORING_HTTP_TOKEN", "from-env"), none))
                .containsEntry("scoring.http.token", "from-env");
        assertThat(ScoringApplication.configuration(file, Map.of("SCORING_HTTP_TOKEN", "from-env"), system))
                .containsEntry("scoring.http.token", "from-system");
        assertThat(ScoringApplication.configuration(null, Map.of("OTHER", "x"), none)).isEmpty();
    }

    @Test
    void thePeerTokenComesFromTheFileOrTheEnvironmentAndHasNoDefault() throws IOException {
        Path file = dir.resolve("scoring.properties");
        Files.writeString(file, "scoring.http.peer-token=peer-from-file\n");

        assertThat(ScoringSettings.from(Map.of()).peerToken().configured()).isFalse();
        assertThat(ScoringApplication.configuration(file, Map.of(), new Properties()))
                .containsEntry("scoring.http.peer-token", "peer-from-file");
        assertThat(ScoringApplication.configuration(file, Map.of("SCORING_HTTP_PEER_TOKEN", "peer-from-env"),
                new Properties())).containsEntry("scoring.http.peer-token", "peer-from-env");
    }

    @Test
    void aPeerTokenEqualToTheQueryTokenStopsStartUp() {
        assertThatThrownBy(() -> ScoringSettings.from(Map.of("scoring.http.token", "same-secret",
                "scoring.http.peer-token", " same-secret ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scoring.http.peer-token must differ from scoring.http.token: with the same value every "
                        + "caller could ask on the forwarding paths as an instance");
    }

    @Test
    void theSettingsShowNoSecretWhenPrinted() {
        ScoringSettings settings = ScoringSettings.from(Map.of("scoring.http.token", "secret-token-value",
                "scoring.http.peer-token", "secret-peer-value",
                "schema.registry.basic.auth.user.info", "user:registry-secret"));

        assertThat(settings.httpToken().allows("Bearer secret-token-value")).isTrue();
        assertThat(settings.toString()).doesNotContain("secret-token-value", "secret-peer-value", "registry-secret");
    }
}
