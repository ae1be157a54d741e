package io.healthscore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.RunningService;
import io.healthscore.ingest.support.TopicReader;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the SDKs really send, replayed byte for byte: the requests the Segment and RudderStack SDKs made in their
 * default configuration, from Node and from a browser page on another origin (captured once by
 * {@code src/test/sdk-capture}, kept in {@code sdk-requests/*.json}), are sent with their own headers and bodies:
 * RudderStack Node's gzip labelled {@code application/x-www-form-urlencoded}, analytics.js's {@code text/plain} to the
 * one-letter paths, and the browsers' CORS preflights, answered for the page's origin. Each call lands on its topic.
 */
@ExtendWith(LocalStackExtension.class)
class SdkRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"segment-node", "rudder-node", "segment-browser", "rudder-browser"})
    void everyCapturedRequestIsAcceptedAndItsCallsAreOnTheTopics(String sdk, LocalStack stack) throws Exception {
        JsonNode fixture = fixture(sdk);
        String account = "acct-sdk-" + sdk;
        List<String> trackIds = new ArrayList<>();
        // The browser captures came from a page on http://localhost:<port>: that is the web source's origin here.
        List<String> origins = new ArrayList<>();
        fixture.path("requests").forEach(r -> {
            String origin = r.path("headers").path("origin").asText(null);
            if (origin != null && !origins.contains(origin)) {
                origins.add(origin);
            }
        });
        Map<String, Object> settings = origins.isEmpty() ? Map.of() : Map.of("ingest.sources.web.allowed-origins", origins);
        try (RunningService service = RunningService.on(stack, settings)) {
            for (JsonNode request : fixture.path("requests")) {
                byte[] body = Base64.getDecoder().decode(request.path("body").asText());
                Map<String, String> headers = new LinkedHashMap<>();
                request.path("headers").properties().forEach(h -> {
                    // java.net.http sets these itself and refuses them from callers.
                    if (!Set.of("expect", "upgrade").contains(h.getKey())) {
                        headers.put(h.getKey(), h.getValue().asText());
                    }
                });
                String method = request.path("method").asText();
                HttpResponse<String> response = service.http().send(method, request.path("path").asText(), body, headers);
                assertThat(response.statusCode()).as(sdk + " " + method + " " + request.path("path").asText() + " "
                        + headers + ": " + response.body()).isEqualTo(method.equals("OPTIONS") ? 204 : 200);
                if (headers.containsKey("origin")) {
                    assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                            .hasValue(headers.get("origin"));
                }
                if (method.equals("OPTIONS")) {
                    continue;
                }
                JsonNode sent = JSON.readTree(plain(body, headers));
                for (JsonNode call : sent.has("batch") ? sent.path("batch") : List.of(sent)) {
                    if (call.path("type").asText().equals("track")) {
                        trackIds.add(call.path("messageId").asText());
                    }
                }
            }
        }
        assertThat(trackIds).as("the fixture's track calls").hasSize(1);

        try (SchemaRegistryClient registry = SchemaRegistryClient.create(
                SchemaRegistryConfig.of(stack.registry().confluentUrl()))) {
            Topics topics = Topics.create(TopicNames.defaults(), registry, false);
            UsageEvent event = TopicReader.readIds(stack.kafka().bootstrapServers(), topics.usageEvents(),
                    UsageEvent::getMessageId, Set.copyOf(trackIds), Duration.ofSeconds(30)).get(trackIds.get(0)).value();
            assertThat(event.getAccountId()).isEqualTo(account);
            assertThat(event.getType()).isEqualTo(UsageEventType.FEATURE_USED);
            assertThat(event.getUserId()).isEqualTo("u-1");
            AccountProfile profile = TopicReader.readIds(stack.kafka().bootstrapServers(), topics.accountProfiles(),
                    AccountProfile::getAccountId, Set.of(account), Duration.ofSeconds(30)).get(account).value();
            assertThat(profile.getName()).isEqualTo("SDK Co");
        }
    }

    private static JsonNode fixture(String sdk) throws IOException {
        try (InputStream in = SdkRequestsIT.class.getResourceAsStream("/sdk-requests/" + sdk + ".json")) {
            assertThat(in).as("fixture " + sdk).isNotNull();
            return JSON.readTree(in);
        }
    }

    private static byte[] plain(byte[] body, Map<String, String> headers) throws IOException {
        if (!"gzip".equalsIgnoreCase(headers.getOrDefault("content-encoding", ""))) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
