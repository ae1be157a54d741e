package io.healthscore.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What scoring's per-account state costs: the latest serialized value of every key of the account store, read
 * from its changelog topic (which is what a restore must read back), and the bytes of the local state directory.
 *
 * @param accounts         keys with a live value in the account store
 * @param valueBytes       sum of the latest value sizes (key bytes included)
 * @param changelogRecords records in the changelog (every write since the start, before compaction)
 * @param diskBytes        bytes of the scoring instance's state directory (RocksDB files of all its stores)
 */
record StateSize(long accounts, long valueBytes, long changelogRecords, long diskBytes) {

    static final String ACCOUNT_STORE = "scoring-account-state";

    double bytesPerAccount() {
        return accounts == 0 ? 0 : (double) valueBytes / accounts;
    }

    static StateSize measure(String bootstrap, String applicationId, Path stateDir, Duration atMost) {
        String changelog = applicationId + "-" + ACCOUNT_STORE + "-changelog";
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<String, Integer> latest = new HashMap<>();
        long records = 0;
        long deadline = System.nanoTime() + atMost.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(changelog, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + changelog + " took longer than " + atMost);
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        latest.remove(key);
                    } else {
                        latest.put(key, record.key().length + record.value().length);
                    }
                }
            }
        }
        long bytes = latest.values().stream().mapToLong(Integer::longValue).sum();
        return new StateSize(latest.size(), bytes, records, ProcessStats.directoryBytes(stateDir));
    }
}
