package io.healthscore.stack;

import io.healthscore.schemas.TopicNames;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileLogInputStream;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The output topics that other tools read (scores, latest scores, transitions, alerts, expansion signals) are
 * provisioned with {@code compression.type=gzip}: whatever codec a producer (scoring's lz4) uses, the broker stores,
 * and consumers fetch, gzip, which every common client reads without plugins (kafkajs has no lz4 of its own). Checked
 * on the bytes in the broker's log segments; an input topic keeps the producer's codec.
 */
@ExtendWith(LocalStackExtension.class)
class OutputCompressionIT {

    @Test
    void recordsProducedWithLz4AreStoredGzipOnOutputTopicsAndAsSentOnInputTopics(LocalStack stack) throws Exception {
        stack.provision();
        TopicNames names = TopicNames.defaults();
        List<String> outputs = List.of(names.healthScores(), names.healthScoresLatest(), names.levelTransitions(),
                names.churnRiskAlerts(), names.expansionOpportunities());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : Stream.concat(outputs.stream(), Stream.of(names.usageEvents())).toList()) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(topic, ("compression-it-" + i).getBytes(StandardCharsets.UTF_8),
                            "x".repeat(200).getBytes(StandardCharsets.UTF_8))).get();
                }
            }
        }
        for (String topic : outputs) {
            assertThat(codecs(stack.kafka().logDir(), topic)).as(topic).containsExactly(CompressionType.GZIP);
        }
        assertThat(codecs(stack.kafka().logDir(), names.usageEvents())).as("an input topic").contains(CompressionType.LZ4);
    }

    /** The codecs of every batch in the topic's log segments. */
    private static Set<CompressionType> codecs(Path logDir, String topic) throws IOException {
        Set<CompressionType> found = EnumSet.noneOf(CompressionType.class);
        try (Stream<Path> dirs = Files.list(logDir)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(topic)
                    + "-\\d+")).toList()) {
                try (Stream<Path> segments = Files.list(dir)) {
                    for (Path segment : segments.filter(f -> f.toString().endsWith(".log")).toList()) {
                        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                            for (FileLogInputStream.FileChannelRecordBatch batch : records.batches()) {
                                if (!batch.isControlBatch()) {
                                    found.add(batch.compressionType());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(found).as("batches in " + topic).isNotEmpty();
        return found;
    }
}
