package io.healthscore.backtest.replay;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.scoring.ClockMode;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.app.StreamsProperties;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.topology.ScoringTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real scoring topology ({@link ScoringTopology#build}) run in this process by Kafka Streams' test driver, in
 * stream-time mode, with an in-memory schema registry of its own: inputs are piped in log order at full speed, so
 * "now" is how far the log has got and the outputs are those the same log would give live. Inputs go through the
 * same Avro serdes, dedup, event-time gate, dead-letter handler and punctuator as in production; the outputs are
 * drained into {@link ReplayObservations}, which samples every account at each UTC midnight the log passes.
 */
public final class TopologyReplay implements Replay {

    static final long DAY_MS = 86_400_000L;
    private static final int DRAIN_EVERY = 2_000;
    private static final String DLQ_REASON = "dlq.reason";

    private final String scope = "backtest-" + UUID.randomUUID();
    private final SchemaRegistryClient registry;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, UsageEvent> usage;
    private final TestInputTopic<String, AccountSignal> signals;
    private final TestInputTopic<String, AccountProfile> profiles;
    private final TestOutputTopic<String, HealthScore> scores;
    private final TestOutputTopic<byte[], byte[]> latestScores;
    private final TestOutputTopic<String, LevelTransition> transitions;
    private final TestOutputTopic<String, ChurnRiskAlert> alerts;
    private final TestOutputTopic<String, ExpansionOpportunity> expansions;
    private final List<TestOutputTopic<byte[], byte[]>> deadLetters;
    private final Set<String> observedTopics = new HashSet<>();
    private final Map<String, TestOutputTopic<byte[], byte[]>> otherTopics = new HashMap<>();
    private final ReplayObservations observations = new ReplayObservations();
    private long day = Long.MIN_VALUE;
    private long inputs;
    private long sinceDrain;
    private boolean closed;
    private final DeclineMeasures declines;

    public TopologyReplay(ScoringModel model, ReplaySettings settings) {
        declines = new DeclineMeasures(model.alerts().usageDecline(), observations);
        ScoringConfig config = ScoringConfig.defaults(model).withClock(ClockMode.STREAM_TIME)
                .withEvaluation(settings.evaluationInterval(), settings.evaluationSliceSize());
        registry = SchemaRegistryClient.create(SchemaRegistryConfig.of("mem://" + scope));
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);
        try {
            stateDir = Files.createTempDirectory("healthscore-backtest-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the replay", e);
        }
        Properties props = StreamsProperties.of("healthscore-backtest", "127.0.0.1:1", Map.of());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ScoringTopology.build(config, topics), props, Instant.EPOCH);
        usage = input(topics.usageEvents());
        signals = input(topics.accountSignals());
        profiles = input(topics.accountProfiles());
        scores = output(topics.healthScores());
        latestScores = bytes(topics.healthScoresLatest());
        transitions = output(topics.levelTransitions());
        alerts = output(topics.churnRiskAlerts());
        expansions = output(topics.expansionOpportunities());
        deadLetters = Stream.of(topics.usageEvents(), topics.accountSignals(), topics.accountProfiles())
                .map(t -> bytes(topics.dlqOf(t))).toList();
        Stream.of(topics.healthScores(), topics.healthScoresLatest(), topics.levelTransitions(), topics.churnRiskAlerts(),
                        topics.expansionOpportunities())
                .forEach(t -> observedTopics.add(t.name()));
        Stream.of(topics.usageEvents(), topics.accountSignals(), topics.accountProfiles())
                .forEach(t -> observedTopics.add(topics.dlqOf(t).name()));
    }

    /** Pipes one input (a UsageEvent, AccountSignal or AccountProfile) at its receivedAt / updatedAt. */
    @Override
    public void pipe(SpecificRecord input) {
        long time = switch (input) {
            case UsageEvent e -> e.getReceivedAt().toEpochMilli();
            case AccountSignal s -> s.getReceivedAt().toEpochMilli();
            case AccountProfile p -> p.getUpdatedAt().toEpochMilli();
            default -> throw new IllegalArgumentException("not a scoring input: " + input.getClass().getName());
        };
        crossMidnights(Math.floorDiv(time, DAY_MS));
        switch (input) {
            case UsageEvent e -> usage.pipeInput(e.getAccountId(), e, time);
            case AccountSignal s -> signals.pipeInput(s.getAccountId(), s, time);
            case AccountProfile p -> profiles.pipeInput(p.getAccountId(), p, time);
            default -> throw new IllegalStateException();
        }
        inputs++;
        if (++sinceDrain >= DRAIN_EVERY) {
            drain();
        }
    }

    /** Before the first input of a later day: what was published so far is the state at each midnight passed. */
    private void crossMidnights(long inputDay) {
        if (day == Long.MIN_VALUE) {
            day = inputDay;
            return;
        }
        if (inputDay <= day) {
            return;
        }
        drain();
        for (long d = day + 1; d <= inputDay; d++) {
            observations.midnight(d);
        }
        measureDeclines(day + 1);
        day = inputDay;
    }

    /** The USAGE_DECLINE measures ({@link DeclineMeasures}) of every account at a midnight. */
    private void measureDeclines(long midnight) {
        KeyValueStore<String, AccountState> store = driver.getKeyValueStore(ScoringTopology.ACCOUNT_STORE);
        try (KeyValueIterator<String, AccountState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, AccountState> next = all.next();
                declines.measure(next.key, next.value, midnight, observations);
            }
        }
    }

    /** Reads everything published so far into the observations (also keeps the driver's buffers small). */
    @Override
    public void drain() {
        sinceDrain = 0;
        for (HealthScore score : scores.readValuesToList()) {
            observations.score(score);
        }
        latestScores.readRecordsToList();
        for (LevelTransition t : transitions.readValuesToList()) {
            observations.transition(t);
        }
        for (ChurnRiskAlert alert : alerts.readValuesToList()) {
            observations.alert(alert);
        }
        for (ExpansionOpportunity signal : expansions.readValuesToList()) {
            observations.expansion(signal);
        }
        for (TestOutputTopic<byte[], byte[]> dlq : deadLetters) {
            for (TestRecord<byte[], byte[]> record : dlq.readRecordsToList()) {
                Header reason = record.headers().lastHeader(DLQ_REASON);
                observations.deadLetter(reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
            }
        }
        // The driver keeps every record produced, also to the stores' changelog topics, until it is read: these are
        // read and dropped, or a long replay would hold a copy of every state update in memory.
        for (String topic : driver.producedTopicNames()) {
            if (!observedTopics.contains(topic)) {
                otherTopics.computeIfAbsent(topic, name -> driver.createOutputTopic(name, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())).readRecordsToList();
            }
        }
    }

    /** Drains the outputs and samples the midnight after the last input, so the last day is observed too. */
    @Override
    public ReplayObservations finish() {
        drain();
        if (day != Long.MIN_VALUE) {
            observations.midnight(day + 1);
            measureDeclines(day + 1);
        }
        return observations;
    }

    @Override
    public long inputs() {
        return inputs;
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private TestOutputTopic<byte[], byte[]> bytes(Topic<?, ?> topic) {
        return driver.createOutputTopic(topic.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.close();
        } finally {
            registry.close();
            InMemorySchemaRegistryClient.dropScope(scope);
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
