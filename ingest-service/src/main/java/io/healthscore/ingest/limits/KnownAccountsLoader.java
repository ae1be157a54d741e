package io.healthscore.ingest.limits;

import io.healthscore.ingest.config.NewAccountSettings;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills {@link KnownAccounts} with the keys of the compacted account-profiles and health-scores-latest topics
 * (every account with a profile or a score), from the beginning, and keeps following them so accounts introduced
 * through other ingest instances become known too. Until it has read up to the end offsets of start-up,
 * {@link KnownAccounts#loaded()} is false and readiness DOWN: a restarted instance must not count every active
 * account as new. No consumer group: every instance reads every partition, and nothing is committed.
 */
@Context
@Requires(property = "ingest.new-accounts.load-from-topics", value = "true", defaultValue = "true")
public final class KnownAccountsLoader {

    private static final Logger LOG = LoggerFactory.getLogger(KnownAccountsLoader.class);

    private final KnownAccounts known;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topicNames;
    private final Thread thread;
    private volatile boolean stopping;

    public KnownAccountsLoader(KnownAccounts known, KafkaConnection connection, Topics topics,
                               NewAccountSettings settings) {
        this.known = known;
        this.topicNames = List.of(topics.accountProfiles().name(), topics.healthScoresLatest().name());
        this.consumer = new KafkaConsumer<>(connection.with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "ingest-service-known-accounts",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "ingest-known-accounts");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long started = System.nanoTime();
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofMinutes(1));
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.value() != null) {
                        known.add(new String(record.key(), StandardCharsets.UTF_8));
                    }
                }
                if (!known.loaded() && caughtUp(ends)) {
                    known.markLoaded();
                    LOG.info("Known accounts loaded: {} accounts from {} in {} ms", known.size(), topicNames,
                            (System.nanoTime() - started) / 1_000_000);
                }
            }
        } catch (WakeupException | InterruptException e) {
            // Shutting down.
        } catch (RuntimeException e) {
            LOG.error("Known accounts cannot be read from {}; readiness stays DOWN until a restart", topicNames, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : topicNames) {
            List<PartitionInfo> infos = null;
            while (!stopping && (infos == null || infos.isEmpty())) {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            }
            if (infos != null) {
                infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        return out;
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
