package io.healthscore.schemas;

import io.healthscore.schemas.registry.RegistryUnavailableException;
import io.healthscore.schemas.serde.RegistryUnreachableException;
import io.healthscore.schemas.serde.UnknownMagicByteException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    private static final Instant AT = Instant.parse("2026-11-23T05:00:00Z");

    @Test
    void aRecordReadFromATopicCarriesAllSixHeaders() {
        Headers headers = DeadLetter.headers("bad magic byte", new UnknownMagicByteException("usage-events", (byte) 0x7b),
                "usage-events", 3, 42L, AT);

        assertThat(text(headers)).containsExactly(
                Map.entry("dlq.reason", "bad magic byte"),
                Map.entry("dlq.error.class", UnknownMagicByteException.class.getName()),
                Map.entry("dlq.source.topic", "usage-events"),
                Map.entry("dlq.source.partition", "3"),
                Map.entry("dlq.source.offset", "42"),
                Map.entry("dlq.failed.at", "2026-11-23T05:00:00Z"));
    }

    @Test
    void aRecordThatNeverWasOnATopicHasNoPartitionOffsetOrErrorClass() {
        Headers headers = DeadLetter.headers("missing-account-key", null, "usage-events", AT);

        assertThat(text(headers)).containsOnlyKeys("dlq.reason", "dlq.source.topic", "dlq.failed.at");
    }

    @Test
    void theReasonFallsBackToTheErrorAndIsCappedInLength() {
        assertThat(text(DeadLetter.headers(null, new IllegalStateException("broken"), "t", AT)).get("dlq.reason"))
                .isEqualTo("broken");
        assertThat(text(DeadLetter.headers("x".repeat(5000), null, "t", AT)).get("dlq.reason"))
                .hasSize(DeadLetter.MAX_REASON_CHARS);
    }

    @Test
    void anUnreachableRegistryOrBrokerIsRetriableAndAPoisonRecordIsNot() {
        RegistryUnreachableException registryDown = new RegistryUnreachableException("down",
                new RegistryUnavailableException("http://127.0.0.1:1", -1, -1, null));

        assertThat(DeadLetter.retriable(new RuntimeException("wrapped", registryDown))).isTrue();
        assertThat(DeadLetter.retriable(new TimeoutException("broker"))).isTrue();
        assertThat(DeadLetter.retriable(new UnknownMagicByteException("t", (byte) 1))).isFalse();
        assertThat(DeadLetter.retriable(new IllegalArgumentException("bad field"))).isFalse();
    }

    private static Map<String, String> text(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return map;
    }
}
