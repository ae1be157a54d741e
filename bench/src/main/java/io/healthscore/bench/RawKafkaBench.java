package io.healthscore.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The yardstick: Kafka's own Java producer and consumer on the same broker, against a topic created with the
 * partitions and configuration of {@code usage-events}, with records of the size ingest writes (a serialized
 * UsageEvent) and keys like ingest's (account ids). The producer runs with ingest's settings: acks=all,
 * idempotence and the same linger; the consumer reads committed records, as scoring does.
 */
public final class RawKafkaBench {

    /** The producer's linger, the same as ingest's default {@code ingest.publish.linger-ms}. */
    static final int LINGER_MS = 5;

    private final String bootstrap;
    private final Admin admin;

    public RawKafkaBench(String bootstrap, Admin admin) {
        this.bootstrap = bootstrap;
        this.admin = admin;
    }

    /** Events per second of each baseline and how many records each one moved. */
    public record Result(double producerEps, long produced, double consumerEps, long consumed) {
    }

    /** Creates {@code topic} like {@code modelTopic}, writes {@code count} records of {@code valueBytes}, reads them. */
    public Result run(String modelTopic, String topic, long count, int valueBytes, int accounts, Duration atMost) {
        createLike(modelTopic, topic);
        long start = System.nanoTime();
        long produced = produce(topic, count, valueBytes, accounts, atMost);
        double producerSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        long consumed = consume(topic, produced, atMost);
        double consumerSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(produced / producerSeconds, produced, consumed / consumerSeconds, consumed);
    }

    private void createLike(String modelTopic, String topic) {
        try {
            TopicDescription model = admin.describeTopics(List.of(modelTopic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(modelTopic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, modelTopic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            Map<String, String> overrides = new HashMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    overrides.put(entry.name(), entry.value());
                }
            }
            admin.createTopics(List.of(new NewTopic(topic, model.partitions().size(), (short) 1).configs(overrides)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + topic + " like " + modelTopic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private long produce(String topic, long count, int valueBytes, int accounts, Duration atMost) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
        SplittableRandom random = new SplittableRandom(7);
        // A pool of distinct values so the broker does not see one repeated byte pattern.
        byte[][] values = new byte[64][valueBytes];
        for (byte[] value : values) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
        }
        Acknowledgements acks = new Acknowledgements();
        long deadline = System.nanoTime() + atMost.toNanos();
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (; sent < count && !acks.failed(); sent++) {
                if ((sent & 0xFFF) == 0 && System.nanoTime() > deadline) {
                    break;
                }
                String key = AccountIds.of(random.nextInt(accounts));
                producer.send(new ProducerRecord<>(topic, key, values[(int) (sent & 63)]), acks);
            }
            producer.flush();
        }
        return acks.require("raw producer");
    }

    private long consume(String topic, long expected, Duration atMost) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-consumer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = System.nanoTime() + atMost.toNanos();
        long consumed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                consumed += records.count();
                if (!records.isEmpty()) {
                    consumer.commitAsync();
                }
            }
            consumer.commitSync();
        }
        return consumed;
    }
}
