package io.healthscore.ingest.cors;

import io.healthscore.ingest.config.SourceSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrowserOriginsTest {

    private static SourceSettings source(String name, String... origins) {
        SourceSettings s = new SourceSettings(name);
        s.setAllowedOrigins(List.of(origins));
        return s;
    }

    @Test
    void originsAreComparedExactlyAfterLowerCasingSchemeAndHostAndPerSource() {
        BrowserOrigins origins = new BrowserOrigins(List.of(source("web", "https://App.Example.com", "http://localhost:3000"),
                source("crm", "https://crm.example.com")));

        assertThat(origins.allows("web", "https://app.example.com")).isTrue();
        assertThat(origins.allows("web", "HTTPS://APP.EXAMPLE.COM")).isTrue();
        assertThat(origins.allows("web", "http://localhost:3000")).isTrue();
        assertThat(origins.allows("web", "http://localhost:3001")).isFalse();
        assertThat(origins.allows("web", "http://app.example.com")).isFalse();
        assertThat(origins.allows("web", "https://app.example.com.evil.example")).isFalse();
        assertThat(origins.allows("web", "https://evil.example/https://app.example.com")).isFalse();
        assertThat(origins.allows("web", "https://crm.example.com")).isFalse();
        assertThat(origins.allows("crm", "https://crm.example.com")).isTrue();
        assertThat(origins.allows("nobody", "https://crm.example.com")).isFalse();
        assertThat(origins.anyAllows("https://crm.example.com")).isTrue();
        for (String hostile : new String[] {null, "", "null", "*", "https://*.example.com", "file://x", "https://a b",
                "https://user@app.example.com", "https://app.example.com/", "https://app.example.com?x", "x".repeat(300)}) {
            assertThat(origins.anyAllows(hostile)).as(String.valueOf(hostile)).isFalse();
        }
    }

    @Test
    void anOriginThatIsNotOneStopsTheServiceNamingTheSource() {
        for (String bad : new String[] {"*", "app.example.com", "https://app.example.com/path", "https://*.example.com",
                "ftp://app.example.com"}) {
            assertThatThrownBy(() -> new BrowserOrigins(List.of(source("web", bad))))
                    .as(bad).hasMessageContaining("ingest.sources.web.allowed-origins").hasMessageContaining("scheme://host");
        }
    }
}
