package io.healthscore.bench;

import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a realistic usage history for every benchmark account straight to {@code usage-events}, as a backfill
 * would: each account has three users who log in and use a handful of the product's features on different days
 * of the last four weeks. The events arrived "now" ({@code receivedAt}) and occurred on their own days, so
 * scoring puts them in the right day buckets and its late-event gate (measured as receivedAt − occurredAt)
 * accepts them.
 */
public final class HistoryLoader {

    static final List<String> FEATURES = List.of("dashboards", "reports", "integrations", "automations", "exports",
            "search", "comments", "sharing");
    private static final int USERS_PER_ACCOUNT = 3;
    private static final int HISTORY_DAYS = 27;

    private final String bootstrap;
    private final Topic<String, UsageEvent> topic;

    public HistoryLoader(String bootstrap, Topic<String, UsageEvent> topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /** One event of an account's history: the i-th of its {@code perAccount}. */
    static UsageEvent historyEvent(int account, int i, Instant now, SplittableRandom random) {
        String accountId = AccountIds.of(account);
        // The first event written is the account's latest login (yesterday): most accounts of a live product
        // are active, and an account whose first event read were an old login would look inactive for a moment.
        int daysAgo = i == 0 ? 1 : 1 + random.nextInt(HISTORY_DAYS);
        Instant occurredAt = now.minus(Duration.ofDays(daysAgo)).plusSeconds(random.nextInt(3_600 * 8));
        boolean login = i % 3 == 0;
        return UsageEvent.newBuilder()
                .setMessageId("h-" + accountId + "-" + i)
                .setAccountId(accountId)
                .setUserId(accountId + "-u" + random.nextInt(USERS_PER_ACCOUNT))
                .setType(login ? UsageEventType.LOGIN : UsageEventType.FEATURE_USED)
                .setFeature(login ? null : FEATURES.get(random.nextInt(FEATURES.size())))
                .setOnboardingStep(null)
                .setOccurredAt(occurredAt)
                .setReceivedAt(now)
                .setSource("bench")
                .setProperties(Map.of())
                .build();
    }

    /** Writes {@code perAccount} events for each of {@code accounts} accounts; returns how many were acknowledged. */
    public long load(int accounts, int perAccount, long seed, Duration atMost) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-history");
        SplittableRandom random = new SplittableRandom(seed);
        Instant now = Instant.now();
        Acknowledgements acks = new Acknowledgements();
        long deadline = System.nanoTime() + atMost.toNanos();
        try (KafkaProducer<String, UsageEvent> producer = new KafkaProducer<>(p, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            // Account by account, round after round: accounts interleave on the topic as they do in real traffic.
            for (int i = 0; i < perAccount && !acks.failed(); i++) {
                for (int a = 0; a < accounts; a++) {
                    if ((a & 0x3FF) == 0 && System.nanoTime() > deadline) {
                        throw new IllegalStateException("loading the history took longer than " + atMost
                                + " (" + acks.acked() + " events acknowledged)");
                    }
                    UsageEvent event = historyEvent(a, i, now, random);
                    producer.send(new ProducerRecord<>(topic.name(), event.getAccountId(), event), acks);
                }
            }
            producer.flush();
        }
        return acks.require("loading the history");
    }
}
