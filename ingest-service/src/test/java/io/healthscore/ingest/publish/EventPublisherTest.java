package io.healthscore.ingest.publish;

import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.config.PublishSettings;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.schemas.serde.RegistryUnreachableException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPublisherTest {

    private static final String SCOPE = "event-publisher-test";
    private static final PublishSettings SETTINGS = new PublishSettings(Duration.ofMillis(300), Duration.ofSeconds(5), 0);

    private final SchemaRegistryClient registry = SchemaRegistryClient.create(SchemaRegistryConfig.of("mem://" + SCOPE));
    private final Topics topics = Topics.create(TopicNames.defaults(), registry, true);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(SCOPE);
    }

    @Test
    void everyRecordIsSentInOrderWithItsKeyAndHeaders() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(producer, SETTINGS);

        publisher.publish(List.of(record("m-1", "acct-1"),
                new OutgoingRecord<>(topics.dlqOf(topics.usageEvents()), "u".getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8), Map.of("dlq.reason", "why")),
                record("m-2", "acct-2")));

        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly("usage-events", "usage-events-dlq", "usage-events");
        assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8)).isEqualTo("acct-1");
        assertThat(producer.history().get(0).value()[0]).as("Confluent magic byte").isEqualTo((byte) 0);
        assertThat(new String(producer.history().get(1).headers().lastHeader("dlq.reason").value(),
                StandardCharsets.UTF_8)).isEqualTo("why");
    }

    @Test
    void aRecordThatCannotBeSerializedLeavesNothingOfItsRequestWritten() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(producer, SETTINGS);
        Topic<String, UsageEvent> unreachable = new Topic<>("usage-events", Serdes.String(), failingSerde(),
                UsageEvent.getClassSchema(), false);

        assertThatThrownBy(() -> publisher.publish(List.of(record("m-1", "acct-1"),
                new OutgoingRecord<>(unreachable, "acct-2", event("m-2", "acct-2")))))
                .isInstanceOf(PublishUnavailableException.class)
                .hasMessageContaining("schema registry");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aRefusedSendIsReportedAsUnavailable() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
                return CompletableFuture.failedFuture(new NotEnoughReplicasException("not enough in-sync replicas"));
            }
        };
        EventPublisher publisher = new EventPublisher(producer, SETTINGS);

        assertThatThrownBy(() -> publisher.publish(List.of(record("m-1", "acct-1"))))
                .isInstanceOf(PublishUnavailableException.class)
                .hasMessageContaining("NotEnoughReplicasException");
    }

    @Test
    void anUnacknowledgedSendTimesOutWithinTheBound() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(producer, SETTINGS);

        long started = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish(List.of(record("m-1", "acct-1"))))
                .isInstanceOf(PublishUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    @Test
    void aSendThatWaitedForMetadataInVainStopsTheRequestInsteadOfWaitingAgainForEachRecord() {
        // KafkaProducer.send() waits up to max.block.ms (= the bound) for metadata and then returns an already
        // failed future rather than throwing; each further record of the request would wait the same again.
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException(
                        "Topic usage-events not present in metadata after 250 ms."));
            }
        };
        EventPublisher publisher = new EventPublisher(producer, SETTINGS);

        long started = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish(List.of(record("m-1", "acct-1"), record("m-2", "acct-2"),
                record("m-3", "acct-3"), record("m-4", "acct-4"))))
                .isInstanceOf(PublishUnavailableException.class)
                .hasMessageContaining("TimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(450));
    }

    private OutgoingRecord<String, UsageEvent> record(String id, String account) {
        return new OutgoingRecord<>(topics.usageEvents(), account, event(id, account));
    }

    private static UsageEvent event(String id, String account) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return UsageEvent.newBuilder().setMessageId(id).setAccountId(account).setType(UsageEventType.LOGIN)
                .setOccurredAt(now).setReceivedAt(now).setSource("web").build();
    }

    private static Serde<UsageEvent> failingSerde() {
        return Serdes.serdeFrom((topic, value) -> {
            throw new RegistryUnreachableException("registry down", null);
        }, (topic, bytes) -> null);
    }
}
