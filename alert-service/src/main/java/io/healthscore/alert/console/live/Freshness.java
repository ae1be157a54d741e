package io.healthscore.alert.console.live;

import io.healthscore.alert.config.ConsoleConfig;
import io.healthscore.alert.store.Database;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.Topics;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How fresh what the console shows is, read at most every {@code console.freshness-every} (others get the last
 * reading meanwhile): when the newest usage event reached the log (the largest record timestamp of the usage-events
 * topic), how many usage events scoring has still to read (its consumer group's lag behind the log end), and the
 * newest score stored here. Kafka unreachable is a reading too: it says so rather than showing old figures as new.
 * A reading costs three Kafka requests (the topic's partitions are described every {@link #PARTITIONS_FOR} only) and
 * one index lookup (the newest score by {@code health_scores_evaluated_at}).
 */
@Singleton
public final class Freshness implements AutoCloseable {

    /**
     * @param lastEvent  the newest usage event's timestamp in the log (null: none yet, or Kafka unreachable)
     * @param scoringLag usage events not yet read by scoring (null: unknown)
     * @param lastScore  the newest score stored for the console (null: none yet)
     * @param kafka      whether Kafka answered this reading
     */
    public record Reading(@Nullable Instant lastEvent, @Nullable Long scoringLag, @Nullable Instant lastScore,
                          boolean kafka, Instant readAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Freshness.class);
    static final java.time.Duration PARTITIONS_FOR = java.time.Duration.ofMinutes(10);

    private final KafkaConnection kafka;
    private final Topics topics;
    private final Database db;
    private final Clock clock;
    private final ConsoleConfig config;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile @Nullable Reading last;
    // Read by one background reading at a time (refreshing).
    private volatile int partitions;
    private volatile Instant partitionsReadAt = Instant.EPOCH;
    private @Nullable Admin admin;

    public Freshness(KafkaConnection kafka, Topics topics, Database db, Clock clock, ConsoleConfig config) {
        this.kafka = kafka;
        this.topics = topics;
        this.db = db;
        this.clock = clock;
        this.config = config;
    }

    /**
     * The latest reading, never waiting: when it is older than the configured interval, a new one is read in the
     * background (one at a time) for the next caller. Null until the first reading is done.
     */
    public @Nullable Reading now() {
        Reading r = last;
        if ((r == null || !r.readAt().plus(config.freshnessEvery()).isAfter(clock.instant()))
                && refreshing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("console-freshness").start(() -> {
                try {
                    last = read(clock.instant());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return r;
    }

    private Reading read(Instant now) {
        Instant lastScore = null;
        try {
            lastScore = db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT max(evaluated_at) FROM health_scores");
                     ResultSet rs = s.executeQuery()) {
                    Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                    return t == null ? null : t.toInstant();
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("freshness: no newest score", e);
        }
        try {
            Admin a = admin();
            String topic = topics.names().usageEvents();
            int partitions = partitions(a, topic, now);
            Map<TopicPartition, OffsetSpec> newest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                newest.put(new TopicPartition(topic, p), OffsetSpec.maxTimestamp());
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Instant lastEvent = null;
            for (ListOffsetsResultInfo info : a.listOffsets(newest).all().get(5, TimeUnit.SECONDS).values()) {
                if (info.timestamp() >= 0 && (lastEvent == null || info.timestamp() > lastEvent.toEpochMilli())) {
                    lastEvent = Instant.ofEpochMilli(info.timestamp());
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> end = a.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(config.scoringGroup())
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : end.entrySet()) {
                OffsetAndMetadata done = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (done == null ? 0 : done.offset()));
            }
            return new Reading(lastEvent, lag, lastScore, true, now);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.info("freshness: Kafka did not answer ({})", e.toString());
            return new Reading(null, null, lastScore, false, now);
        }
    }

    /** The topic's partition count, described again after {@link #PARTITIONS_FOR} (partitions are rarely added). */
    private int partitions(Admin a, String topic, Instant now) throws Exception {
        if (partitions <= 0 || now.isAfter(partitionsReadAt.plus(PARTITIONS_FOR))) {
            partitions = a.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            partitionsReadAt = now;
        }
        return partitions;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "alert-service-freshness",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)));
        }
        return admin;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
