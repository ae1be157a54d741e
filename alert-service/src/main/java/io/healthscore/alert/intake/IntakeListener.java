package io.healthscore.alert.intake;

import io.healthscore.alert.config.IntakeConfig;
import io.healthscore.alert.erasure.ErasedAccounts;
import io.healthscore.alert.metrics.AlertMetrics;
import io.healthscore.alert.store.StoreException;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.serde.AvroSerdeException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka side of the service: consumes churn-risk-alerts, level-transitions, expansion-opportunities,
 * health-scores and account-profiles as raw bytes, decodes each record with its topic's serde and hands it to that
 * topic's {@link RecordHandler}, which stores it in PostgreSQL. Two lanes, each its own consumer and thread in the
 * same group: alerts, transitions, expansion signals and profiles in one, scores in the other. Scores are by far the most records (one
 * per change of every account's score), and a burst of them (a backfill, a restarted scoring instance) would
 * otherwise hold back the alerts fetched behind them for as long as it takes to store the burst. Offsets are committed by hand, after the records before
 * them are stored, so a crash replays rather than loses (and the handlers are idempotent). A record that cannot
 * be decoded or accepted, or whose data the database refuses, goes to {@code <topic>-dlq} and the consumer moves
 * on; a transient failure (database or registry down, see {@link io.healthscore.alert.store.RetryableSqlFailure})
 * seeks back and retries the same record after {@code intake.retry-backoff}.
 */
@Singleton
@Requires(property = "intake.enabled", value = "true", defaultValue = "true")
public final class IntakeListener implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeListener.class);

    private final IntakeConfig config;
    private final KafkaConnection connection;
    private final DeadLetterPublisher deadLetters;
    private final AlertMetrics metrics;
    private final ErasedAccounts erased;
    private final Map<String, Route<?>> routes = new HashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Lane> lanes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final String scores;

    /** One consumer and its thread, reading some of the topics; {@code stoppedBy} is set when an Error ended it. */
    private static final class Lane {
        final String name;
        final KafkaConsumer<byte[], byte[]> consumer;
        Thread thread; // set before the lane is published in lanes
        volatile String stoppedBy;

        Lane(String name, KafkaConsumer<byte[], byte[]> consumer) {
            this.name = name;
            this.consumer = consumer;
        }
    }

    /** A topic and the handler for its decoded values. */
    private record Route<V>(Topic<String, V> topic, RecordHandler<V> handler) {

        void deliver(ConsumerRecord<byte[], byte[]> record) {
            V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            handler.handle(key, value, record.partition(), record.offset());
        }
    }

    public IntakeListener(IntakeConfig config, KafkaConnection connection,
                          Topics topics, DeadLetterPublisher deadLetters, AlertMetrics metrics,
                          RecordHandler<ChurnRiskAlert> alerts, RecordHandler<LevelTransition> transitions,
                          RecordHandler<HealthScore> scores, RecordHandler<AccountProfile> profiles,
                          RecordHandler<ExpansionOpportunity> expansions, ErasedAccounts erased) {
        this.config = config;
        this.erased = erased;
        this.connection = connection;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        add(new Route<>(topics.churnRiskAlerts(), alerts));
        add(new Route<>(topics.levelTransitions(), transitions));
        add(new Route<>(topics.expansionOpportunities(), expansions));
        add(new Route<>(topics.healthScores(), scores));
        this.scores = topics.healthScores().name();
        add(new Route<>(topics.accountProfiles(), profiles));
    }

    private void add(Route<?> route) {
        routes.put(route.topic().name(), route);
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (!lanes.isEmpty()) {
            return;
        }
        List<String> others = routes.keySet().stream().filter(t -> !t.equals(scores)).sorted().toList();
        startLane("alerts", others);
        startLane("scores", List.of(scores));
    }

    private void startLane(String name, List<String> topics) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(connection.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-intake-" + name,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Scores and alerts come from an exactly-once Streams app: skip records of aborted transactions.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords())),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        Lane lane = new Lane(name, consumer);
        lane.thread = new Thread(() -> run(lane), "alert-intake-" + name);
        lanes.add(lane);
        lane.thread.start();
        LOG.info("Intake lane {} consuming {} as group {}", name, topics, config.groupId());
    }

    private void run(Lane lane) {
        KafkaConsumer<byte[], byte[]> consumer = lane.consumer;
        try {
            while (stopping.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
                    if (!processAndCommit(consumer, records)) {
                        pause(config.retryBackoff());
                    }
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Everything before an uncommitted offset is already stored and storing is idempotent, so the
                    // safe answer to any failure is to keep going: records not committed are simply read again.
                    // Ending the loop instead would stop intake for good (readiness DOWN) on an ordinary event.
                    LOG.error("Intake iteration failed ({}); uncommitted records will be read again",
                            e.getClass().getSimpleName(), e);
                    pause(config.retryBackoff());
                }
            }
        } catch (WakeupException | InterruptException e) {
            // Shutting down.
        } catch (Error e) {
            // OutOfMemoryError, StackOverflowError, a linkage error: the JVM may be in no state to go on, so the
            // lane stops rather than spin, and readiness reports it DOWN with this reason until a restart. The
            // records not committed are read again then.
            lane.stoppedBy = e.getClass().getName() + ": " + e.getMessage();
            LOG.error("Intake lane {} stopped by {}; the service reports not ready", lane.name,
                    e.getClass().getName(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** @return false when some partition hit a transient failure and will be re-read from that record */
    private boolean processAndCommit(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        if (records.count() > 1 && storedAsOneBatch(records)) {
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> of = records.records(partition);
                done.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
            }
            commit(consumer, done);
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean allStored = true;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!process(record)) {
                    metrics.intakeRetry(record.topic());
                    consumer.seek(partition, record.offset());
                    allStored = false;
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            commit(consumer, done);
        }
        return allStored;
    }

    /**
     * A commit can fail on an ordinary rebalance (another instance joining) or a slow coordinator. The records
     * are stored already; a partition that moved is re-read by its new owner and stored idempotently, and a
     * partition that stayed is covered by the next successful commit.
     */
    private void commit(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> done) {
        try {
            consumer.commitSync(done);
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            LOG.warn("Offset commit failed ({}); the stored records will be read again or committed next time",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Stores a poll of one topic whose handler takes batches in one transaction. Any record that is not plainly
     * storable (erased account, tombstone, undecodable) or any failure of the batch leaves it to the record-by-record
     * path, which stores, dead-letters or retries each record as usual; the batch stored nothing then.
     *
     * @return whether the whole poll is stored
     */
    private boolean storedAsOneBatch(ConsumerRecords<byte[], byte[]> records) {
        Route<?> route = null;
        for (TopicPartition partition : records.partitions()) {
            Route<?> r = routes.get(partition.topic());
            if (route != null && r != route || !(r.handler() instanceof BatchRecordHandler<?>)) {
                return false;
            }
            route = r;
        }
        return route != null && storedAsOneBatch(route, records);
    }

    @SuppressWarnings("unchecked")
    private <V> boolean storedAsOneBatch(Route<V> route, ConsumerRecords<byte[], byte[]> records) {
        List<V> values = new java.util.ArrayList<>(records.count());
        try {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.key() == null || record.value() == null
                        || erased.quarantined(new String(record.key(), StandardCharsets.UTF_8))) {
                    return false;
                }
                V value = route.topic().valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (value == null) {
                    return false;
                }
                values.add(value);
            }
            ((BatchRecordHandler<V>) route.handler()).handleAll(values);
        } catch (RuntimeException e) {
            LOG.debug("A batch of {} records of {} is stored record by record instead: {}", values.size(),
                    route.topic().name(), e.toString());
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            metrics.recordIn(route.topic().name());
        }
        return true;
    }

    /** @return true when the record is stored or dead-lettered, false when it must be tried again */
    private boolean process(ConsumerRecord<byte[], byte[]> record) {
        Route<?> route = routes.get(record.topic());
        if (record.key() != null && erased.quarantined(new String(record.key(), StandardCharsets.UTF_8))) {
            // Produced before scoring read the account's erasure: storing it would bring the account back.
            metrics.droppedAfterErasure(record.topic());
            return true;
        }
        try {
            route.deliver(record);
            metrics.recordIn(record.topic());
            return true;
        } catch (AvroSerdeException e) {
            if (e.retriable()) {
                LOG.warn("Registry unreachable for {}-{}@{}; retrying: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return false;
            }
            return deadLetter(route, record, e);
        } catch (InvalidRecordException e) {
            return deadLetter(route, record, e);
        } catch (StoreException e) {
            if (!e.retryable()) {
                // The database refuses this record's data (SQLSTATE class 22, 23, ...): every retry would fail
                // the same way and hold up the whole partition behind it.
                return deadLetter(route, record, e);
            }
            LOG.warn("Cannot store {}-{}@{}; retrying: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            // A record our code cannot handle must neither stop the intake nor be lost: park it in the DLQ.
            return deadLetter(route, record, e);
        }
    }

    private boolean deadLetter(Route<?> route, ConsumerRecord<byte[], byte[]> record, RuntimeException error) {
        try {
            deadLetters.publish(route.topic(), record, error);
            metrics.deadLettered(record.topic());
            LOG.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    error.getMessage());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Cannot dead-letter {}-{}@{}; retrying: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return false;
        }
    }

    private void pause(Duration backoff) {
        try {
            stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every lane's consumer thread is running (false before start-up and after a fatal error). */
    public boolean isRunning() {
        return !lanes.isEmpty() && lanes.stream().allMatch(lane -> lane.thread.isAlive());
    }

    /** Each lane's state by name: "running", "not running", or "stopped by <error>: <message>". */
    public Map<String, String> laneStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        for (Lane lane : lanes) {
            String stoppedBy = lane.stoppedBy;
            states.put(lane.name, lane.thread.isAlive() ? "running"
                    : stoppedBy != null ? "stopped by " + stoppedBy : "not running");
        }
        return states;
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        stopping.countDown();
        lanes.forEach(lane -> lane.consumer.wakeup());
        for (Lane lane : lanes) {
            lane.thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }
}
