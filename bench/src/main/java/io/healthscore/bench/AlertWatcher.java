package io.healthscore.bench;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code churn-risk-alerts} as a downstream consumer would (read_committed, from the end at start) and
 * notes the wall-clock time at which the first alert of each probe account was received.
 */
final class AlertWatcher implements AutoCloseable {

    private static final long MAX_TRACKED = 1_000_000;

    private final Map<String, Long> firstSeenMillis = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private final String prefix;
    private volatile boolean running = true;
    private volatile boolean assigned;

    private AlertWatcher(String bootstrap, Topic<String, ChurnRiskAlert> topic, String prefix) {
        this.prefix = prefix;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.thread = new Thread(() -> consume(p, topic), "alert-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching for alerts of accounts whose id starts with {@code prefix}; returns once positioned. */
    static AlertWatcher start(String bootstrap, Topic<String, ChurnRiskAlert> topic, String prefix) {
        AlertWatcher watcher = new AlertWatcher(bootstrap, topic, prefix);
        watcher.thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!watcher.assigned && System.nanoTime() < deadline && watcher.failure.get() == null) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        if (!watcher.assigned) {
            watcher.close();
            throw new IllegalStateException("cannot read " + topic.name(), watcher.failure.get());
        }
        return watcher;
    }

    private void consume(Properties p, Topic<String, ChurnRiskAlert> topic) {
        try (KafkaConsumer<String, ChurnRiskAlert> consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(20)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned = true;
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    String key = record.key();
                    if (key != null && key.startsWith(prefix) && firstSeenMillis.size() < MAX_TRACKED) {
                        firstSeenMillis.putIfAbsent(key, now);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    /** When the first alert of {@code accountId} was received, if it was. */
    Optional<Long> firstSeen(String accountId) {
        return Optional.ofNullable(firstSeenMillis.get(accountId));
    }

    /** Waits (bounded) for the first alert of {@code accountId}; the wall-clock time it was received. */
    Optional<Long> await(String accountId, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            Long seen = firstSeenMillis.get(accountId);
            if (seen != null) {
                return Optional.of(seen);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("reading alerts failed: " + failure.get().getMessage(), failure.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
