package io.healthscore.ingest;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class ApplicationTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void healthEndpointAnswersUp() {
        HttpResponse<String> response = client.toBlocking().exchange("/health", String.class);

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }
}
