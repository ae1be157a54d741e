package io.healthscore.stack;

import io.healthscore.schemas.SampleRecords;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileLogInputStream;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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

    /**
     * A Node consumer with only kafkajs and @kafkajs/confluent-schema-registry ({@code src/test/kafkajs-check}) reads
     * and decodes every output topic, written as scoring writes them: lz4, Confluent wire format, Avro. Runs where
     * {@code node} and {@code npm} are on the PATH (installing the two packages once), and is skipped elsewhere.
     */
    @Test
    void aNodeConsumerWithOnlyKafkajsAndTheRegistryClientReadsEveryOutputTopic(LocalStack stack) throws Exception {
        Path check = Path.of("src/test/kafkajs-check").toAbsolutePath();
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not on the PATH");
        if (!Files.isDirectory(check.resolve("node_modules"))) {
            assertThat(run(check, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund").exitCode())
                    .as("npm ci in " + check).isZero();
        }
        stack.provision();
        Topics topics = Topics.create(TopicNames.defaults(), stack.registryClient(), false);
        Map<Topic<String, ?>, Object> samples = new LinkedHashMap<>();
        samples.put(topics.healthScores(), SampleRecords.fullHealthScore());
        samples.put(topics.healthScoresLatest(), SampleRecords.fullHealthScore());
        samples.put(topics.levelTransitions(), SampleRecords.fullLevelTransition());
        samples.put(topics.churnRiskAlerts(), SampleRecords.fullChurnRiskAlert());
        samples.put(topics.expansionOpportunities(), SampleRecords.fullExpansionOpportunity());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<Topic<String, ?>, Object> sample : samples.entrySet()) {
                producer.send(new ProducerRecord<>(sample.getKey().name(), "acct-kafkajs".getBytes(StandardCharsets.UTF_8),
                        serialize(sample.getKey(), sample.getValue()))).get();
            }
        }
        List<String> command = new java.util.ArrayList<>(List.of("node", "check.mjs", stack.kafka().bootstrapServers(),
                stack.registry().confluentUrl(), "1", "acct-kafkajs"));
        samples.keySet().forEach(t -> command.add(t.name()));
        Ran ran = run(check, Duration.ofMinutes(2), command.toArray(String[]::new));

        assertThat(ran.exitCode()).as(ran.output()).isZero();
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ran.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertThat(result.path("errors")).as(ran.output()).isEmpty();
        for (Topic<String, ?> topic : samples.keySet()) {
            assertThat(result.path("topics").path(topic.name()).path("records").asInt()).as(topic.name()).isPositive();
        }
        assertThat(result.path("topics").path(topics.healthScores().name()).path("first").path("value")
                .path("accountId").asText()).isEqualTo(SampleRecords.fullHealthScore().getAccountId());
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] serialize(Topic<String, V> topic, Object value) {
        return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
    }

    private record Ran(int exitCode, String output) {
    }

    /** Runs a command in {@code dir}, bounded in time, with its output. */
    private static Ran run(Path dir, Duration bound, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return new Ran(-1, "timed out after " + bound + ": " + String.join(" ", command));
        }
        return new Ran(process.exitValue(), output.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
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
