package io.healthscore.e2e.observe;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.serde.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the pipeline's outputs ({@code health-scores}, {@code level-transitions}, {@code churn-risk-alerts})
 * from the beginning, decoding them with our {@link AvroDeserializer} through the registry, into a
 * {@link PipelineRecord} on a background thread. Only committed records are read (the scoring app writes in
 * transactions).
 */
public final class PipelineObserver implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<HealthScore> scores;
    private final AvroDeserializer<LevelTransition> transitions;
    private final AvroDeserializer<ChurnRiskAlert> alerts;
    private final TopicNames topics = TopicNames.defaults();
    private final PipelineRecord record = new PipelineRecord();
    private final Thread poller;
    private volatile boolean running = true;

    private PipelineObserver(String bootstrap, SchemaRegistryClient registry) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.scores = new AvroDeserializer<>(registry, HealthScore.class);
        this.transitions = new AvroDeserializer<>(registry, LevelTransition.class);
        this.alerts = new AvroDeserializer<>(registry, ChurnRiskAlert.class);
        this.poller = new Thread(this::pollUntilClosed, "pipeline-observer");
        this.poller.setDaemon(true);
    }

    /** Starts reading; the caller keeps ownership of the registry client. */
    public static PipelineObserver start(String bootstrap, SchemaRegistryClient registry) {
        PipelineObserver observer = new PipelineObserver(bootstrap, registry);
        observer.assignFromBeginning();
        observer.poller.start();
        return observer;
    }

    private void assignFromBeginning() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.healthScores(), topics.levelTransitions(), topics.churnRiskAlerts())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private void pollUntilClosed() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll.
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        if (r.topic().equals(topics.healthScores())) {
            record.add(scores.deserialize(r.topic(), r.value()));
        } else if (r.topic().equals(topics.levelTransitions())) {
            record.add(transitions.deserialize(r.topic(), r.value()));
        } else {
            record.add(alerts.deserialize(r.topic(), r.value()));
        }
    }

    /** What has been read so far; updated live. */
    public PipelineRecord record() {
        return record;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
