package io.healthscore.scoring;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.scoring.app.StreamsProperties;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.topology.ScoringTopology;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A TopologyTestDriver around the scoring topology with an in-memory registry (a {@code mem://} scope of its own),
 * typed input helpers that stamp occurredAt = receivedAt = the driver's "now", and readers for every output.
 * "Now" is the mocked wall clock (WALL_CLOCK mode) and is also used as record time, so stream time follows it.
 */
final class ScoringDriver implements AutoCloseable {

    /** A Monday, 09:00 UTC. */
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final Set<String> KEY_FEATURES = Set.of("reports", "dashboards", "exports", "automations");
    static final Set<String> ONBOARDING = Set.of("create-project", "invite-team");

    final TopologyTestDriver driver;
    final Topics topics;
    private final String scope = "scoring-test-" + UUID.randomUUID();
    private final SchemaRegistryClient client;
    private final TestInputTopic<String, UsageEvent> usage;
    private final TestInputTopic<String, AccountSignal> signals;
    private final TestInputTopic<String, AccountProfile> profiles;
    private final TestInputTopic<byte[], byte[]> rawUsage;
    private final TestOutputTopic<String, HealthScore> scores;
    private final TestOutputTopic<String, HealthScore> latest;
    private final TestOutputTopic<String, LevelTransition> transitions;
    private final TestOutputTopic<String, ChurnRiskAlert> alerts;
    private final TestOutputTopic<String, ExpansionOpportunity> expansions;
    private final TestOutputTopic<byte[], byte[]> usageDlq;
    private final TestOutputTopic<byte[], byte[]> signalsDlq;
    private final TestOutputTopic<byte[], byte[]> profilesDlq;
    private Instant now = T0;
    private int messages;
    private boolean closed;

    ScoringDriver() {
        this(defaultConfig());
    }

    ScoringDriver(ScoringConfig config) {
        client = SchemaRegistryClient.create(SchemaRegistryConfig.of("mem://" + scope));
        topics = Topics.create(TopicNames.defaults(), client, true);
        Properties props = StreamsProperties.of("scoring-test", "127.0.0.1:1", Map.of());
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/streams-state/" + scope);
        driver = new TopologyTestDriver(ScoringTopology.build(config, topics), props, T0);
        usage = input(topics.usageEvents());
        signals = input(topics.accountSignals());
        profiles = input(topics.accountProfiles());
        rawUsage = driver.createInputTopic(topics.usageEvents().name(), new ByteArraySerializer(), new ByteArraySerializer());
        scores = output(topics.healthScores());
        latest = output(topics.healthScoresLatest());
        transitions = output(topics.levelTransitions());
        alerts = output(topics.churnRiskAlerts());
        expansions = output(topics.expansionOpportunities());
        usageDlq = driver.createOutputTopic(topics.dlqOf(topics.usageEvents()).name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        signalsDlq = driver.createOutputTopic(topics.dlqOf(topics.accountSignals()).name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        profilesDlq = driver.createOutputTopic(topics.dlqOf(topics.accountProfiles()).name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static ScoringModel defaultModel() {
        return ScoringModel.defaults("test-1", KEY_FEATURES, ONBOARDING);
    }

    static ScoringConfig defaultConfig() {
        return ScoringConfig.defaults(defaultModel()).withEvaluation(Duration.ofHours(1), 500);
    }

    /** The default config with emitStep 0, so every evaluation publishes a score (for reading component values). */
    static ScoringConfig everyEvaluationPublished() {
        return defaultConfig().withModel(model(defaultModel().components(), 0.0));
    }

    static ScoringModel model(io.healthscore.scoring.model.ComponentParameters components, double emitStep) {
        ScoringModel d = defaultModel();
        return new ScoringModel(d.version(), d.weights(), d.segmentWeights(), d.keyFeatures(),
                d.requiredOnboardingSteps(), components, d.levels(), d.alerts(), d.alertCooldown(), emitStep);
    }

    private <V> TestInputTopic<String, V> input(io.healthscore.schemas.Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(io.healthscore.schemas.Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** The in-memory registry the serdes use, to register another writer's schema. */
    SchemaRegistryClient registry() {
        return client;
    }

    // ---- time ----

    Instant now() {
        return now;
    }

    /** Moves the wall clock (firing wall-clock punctuations once) to {@code instant}. */
    void advanceTo(Instant instant) {
        Duration step = Duration.between(now, instant);
        if (step.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        now = instant;
        driver.advanceWallClockTime(step);
    }

    void advance(Duration step) {
        advanceTo(now.plus(step));
    }

    /** Advances one day at a time (one re-evaluation per day), {@code days} times. */
    void advanceDays(int days) {
        for (int i = 0; i < days; i++) {
            advance(Duration.ofDays(1));
        }
    }

    // ---- inputs ----

    String nextMessageId() {
        return "m-" + (++messages);
    }

    void pipe(UsageEvent event) {
        usage.pipeInput(event.getAccountId(), event, event.getReceivedAt());
    }

    void pipe(String key, UsageEvent event) {
        usage.pipeInput(key, event, event.getReceivedAt());
    }

    void pipe(AccountSignal signal) {
        signals.pipeInput(signal.getAccountId(), signal, signal.getReceivedAt());
    }

    void pipe(AccountProfile profile) {
        profiles.pipeInput(profile.getAccountId(), profile, profile.getUpdatedAt());
    }

    /**
     * Pipes a record as a producer that bypassed ingest would write it: whatever its fields claim, the Kafka
     * timestamp is the driver's "now" (a producer's CreateTime), so instants outside Kafka's range can be piped.
     */
    void pipeAsWritten(String key, Object value) {
        switch (value) {
            case UsageEvent e -> usage.pipeInput(key, e, now);
            case AccountSignal s -> signals.pipeInput(key, s, now);
            case AccountProfile p -> profiles.pipeInput(key, p, now);
            default -> throw new IllegalArgumentException("not an input: " + value);
        }
    }

    /** A tombstone on account-profiles; with {@code erasure} it carries the erasure header. */
    void profileTombstone(String account, boolean erasure) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        if (erasure) {
            headers.add(io.healthscore.schemas.AccountErasure.HEADER, "erasure-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        profiles.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(account, null, headers, now));
    }

    /** Every record on health-scores-latest since the last read, tombstones (null values) included. */
    List<org.apache.kafka.streams.KeyValue<String, HealthScore>> latestRecords() {
        return latest.readKeyValuesToList();
    }

    void pipeRawUsage(byte[] key, byte[] value) {
        rawUsage.pipeInput(key, value, now);
    }

    UsageEvent.Builder event(String account, String user, UsageEventType type) {
        return UsageEvent.newBuilder().setMessageId(nextMessageId()).setAccountId(account).setUserId(user)
                .setType(type).setOccurredAt(now).setReceivedAt(now).setSource("test");
    }

    void login(String account, String user) {
        pipe(event(account, user, UsageEventType.LOGIN).build());
    }

    void useFeature(String account, String user, String feature) {
        pipe(event(account, user, UsageEventType.FEATURE_USED).setFeature(feature).build());
    }

    void completeStep(String account, String user, String step) {
        pipe(event(account, user, UsageEventType.ONBOARDING_STEP_COMPLETED).setOnboardingStep(step).build());
    }

    AccountSignal.Builder signal(String account, SignalType type) {
        return AccountSignal.newBuilder().setMessageId(nextMessageId()).setAccountId(account).setType(type)
                .setOccurredAt(now).setReceivedAt(now).setSource("test");
    }

    void nps(String account, int score) {
        pipe(signal(account, SignalType.NPS_ANSWER).setNpsScore(score).build());
    }

    void ticketOpened(String account, String ticketId, TicketPriority priority) {
        pipe(signal(account, SignalType.SUPPORT_TICKET_OPENED).setTicketId(ticketId).setTicketPriority(priority).build());
    }

    void ticketClosed(String account, String ticketId) {
        pipe(signal(account, SignalType.SUPPORT_TICKET_CLOSED).setTicketId(ticketId).build());
    }

    void paymentFailed(String account) {
        pipe(signal(account, SignalType.PAYMENT_FAILED).setAmountMinor(10_000L).setCurrency("JPY").build());
    }

    void paymentSucceeded(String account) {
        pipe(signal(account, SignalType.PAYMENT_SUCCEEDED).setAmountMinor(10_000L).setCurrency("JPY").build());
    }

    AccountProfile.Builder profile(String account) {
        return AccountProfile.newBuilder().setAccountId(account).setName(account).setSegment("smb")
                .setCoverageModel(CoverageModel.TECH_TOUCH).setCsmOwnerEmail("csm@example.com")
                .setUpdatedAt(now).setSource("crm");
    }

    void profile(String account, Integer seats, LocalDate renewal) {
        pipe(profile(account).setSeats(seats).setRenewalDate(renewal).build());
    }

    // ---- outputs ----

    List<HealthScore> scores() {
        return scores.readValuesToList();
    }

    List<HealthScore> latestScores() {
        return latest.readValuesToList();
    }

    List<LevelTransition> transitions() {
        return transitions.readValuesToList();
    }

    List<ChurnRiskAlert> alerts() {
        return alerts.readValuesToList();
    }

    List<ExpansionOpportunity> expansions() {
        return expansions.readValuesToList();
    }

    TestOutputTopic<byte[], byte[]> usageDlq() {
        return usageDlq;
    }

    TestOutputTopic<byte[], byte[]> signalsDlq() {
        return signalsDlq;
    }

    TestOutputTopic<byte[], byte[]> profilesDlq() {
        return profilesDlq;
    }

    /** Drains and returns the last score published, failing when none was. */
    HealthScore lastScore() {
        List<HealthScore> all = scores();
        if (all.isEmpty()) {
            throw new AssertionError("no score was published");
        }
        latest.readValuesToList();
        return all.get(all.size() - 1);
    }

    /** Drains every output topic. */
    void drain() {
        scores.readValuesToList();
        latest.readValuesToList();
        transitions.readValuesToList();
        alerts.readValuesToList();
        expansions.readValuesToList();
    }

    boolean allOutputsEmpty() {
        return scores.isEmpty() && latest.isEmpty() && transitions.isEmpty() && alerts.isEmpty() && expansions.isEmpty()
                && usageDlq.isEmpty()
                && signalsDlq.isEmpty() && profilesDlq.isEmpty();
    }

    AccountState state(String account) {
        KeyValueStore<String, AccountState> store = driver.getKeyValueStore(ScoringTopology.ACCOUNT_STORE);
        return store.get(account);
    }

    static Double component(HealthScore score, ScoreComponent component) {
        return score.getComponents().stream().filter(c -> c.getComponent() == component).findFirst()
                .orElseThrow().getValue();
    }

    static String measure(HealthScore score, ScoreComponent component) {
        return score.getComponents().stream().filter(c -> c.getComponent() == component).findFirst()
                .map(ComponentScore::getMeasure).orElseThrow();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.close();
        client.close();
        InMemorySchemaRegistryClient.dropScope(scope);
    }
}
