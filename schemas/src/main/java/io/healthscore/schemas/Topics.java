package io.healthscore.schemas;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.serde.AvroSerde;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one typed registry of the system's topics: every topic's name, key and value serdes and value schema,
 * configured in this one place. Keys are account ids (Strings); values are Avro in the Confluent wire format
 * through one shared registry client, which the caller owns and closes. Each dead-letter topic holds the
 * original key and value bytes of records that could not be processed.
 */
public final class Topics {

    private final TopicNames names;
    private final Topic<String, UsageEvent> usageEvents;
    private final Topic<String, AccountProfile> accountProfiles;
    private final Topic<String, AccountSignal> accountSignals;
    private final Topic<String, HealthScore> healthScores;
    private final Topic<String, HealthScore> healthScoresLatest;
    private final Topic<String, LevelTransition> levelTransitions;
    private final Topic<String, ChurnRiskAlert> churnRiskAlerts;
    private final Topic<String, ExpansionOpportunity> expansionOpportunities;

    private Topics(TopicNames names, SchemaRegistryClient client, boolean autoRegister) {
        this.names = names;
        this.usageEvents = avroTopic(names.usageEvents(), client, UsageEvent.class, autoRegister, false);
        this.accountProfiles = avroTopic(names.accountProfiles(), client, AccountProfile.class, autoRegister, true);
        this.accountSignals = avroTopic(names.accountSignals(), client, AccountSignal.class, autoRegister, false);
        this.healthScores = avroTopic(names.healthScores(), client, HealthScore.class, autoRegister, false);
        this.healthScoresLatest = avroTopic(names.healthScoresLatest(), client, HealthScore.class, autoRegister, true);
        this.levelTransitions = avroTopic(names.levelTransitions(), client, LevelTransition.class, autoRegister, false);
        this.churnRiskAlerts = avroTopic(names.churnRiskAlerts(), client, ChurnRiskAlert.class, autoRegister, false);
        this.expansionOpportunities = avroTopic(names.expansionOpportunities(), client, ExpansionOpportunity.class,
                autoRegister, false);
    }

    /**
     * The topics under these names, with value serdes on the given registry client.
     *
     * @param autoRegister whether serializers register their schema (true for development and tests; production
     *                     deployments may register schemas up front and set false)
     */
    public static Topics create(TopicNames names, SchemaRegistryClient client, boolean autoRegister) {
        return new Topics(Objects.requireNonNull(names, "names"), Objects.requireNonNull(client, "client"),
                autoRegister);
    }

    public TopicNames names() {
        return names;
    }

    public Topic<String, UsageEvent> usageEvents() {
        return usageEvents;
    }

    /** Compacted: the latest profile per account wins. */
    public Topic<String, AccountProfile> accountProfiles() {
        return accountProfiles;
    }

    public Topic<String, AccountSignal> accountSignals() {
        return accountSignals;
    }

    /** Every score change, for MA tools and CRMs. */
    public Topic<String, HealthScore> healthScores() {
        return healthScores;
    }

    /** Compacted copy of {@link #healthScores()}: the latest score per account. */
    public Topic<String, HealthScore> healthScoresLatest() {
        return healthScoresLatest;
    }

    public Topic<String, LevelTransition> levelTransitions() {
        return levelTransitions;
    }

    public Topic<String, ChurnRiskAlert> churnRiskAlerts() {
        return churnRiskAlerts;
    }

    /** Upsell moments, beside the churn-risk alerts but routed apart from them. */
    public Topic<String, ExpansionOpportunity> expansionOpportunities() {
        return expansionOpportunities;
    }

    /** The dead-letter topic of a data topic: its name plus the suffix, raw key and value bytes, not compacted. */
    public Topic<byte[], byte[]> dlqOf(Topic<?, ?> source) {
        Objects.requireNonNull(source, "source");
        if (source.valueSchema() == null) {
            throw new IllegalArgumentException("Topic '" + source.name() + "' is already a dead-letter topic");
        }
        return new Topic<>(source.name() + names.dlqSuffix(), Serdes.ByteArray(), Serdes.ByteArray(), null, false);
    }

    /** The eight data topics, in the order of the flow. */
    public List<Topic<?, ?>> all() {
        return List.of(usageEvents, accountProfiles, accountSignals, healthScores, healthScoresLatest,
                levelTransitions, churnRiskAlerts, expansionOpportunities);
    }

    /**
     * The topics other tools read (marketing automation, CRM sync, dashboards): scoring's and its signals' outputs.
     * They are provisioned with {@link #OUTPUT_COMPRESSION}, which every common Kafka client reads without plugins.
     */
    public List<Topic<?, ?>> outputs() {
        return List.of(healthScores, healthScoresLatest, levelTransitions, churnRiskAlerts, expansionOpportunities);
    }

    /**
     * The output topics' {@code compression.type}: the broker stores and serves gzip whatever codec the producer
     * used (scoring writes lz4, which kafkajs, for one, reads only with a plugin).
     */
    public static final String OUTPUT_COMPRESSION = "gzip";

    /** One dead-letter topic per data topic, in the order of {@link #all()}. */
    public List<Topic<?, ?>> deadLetterTopics() {
        return all().stream().<Topic<?, ?>>map(this::dlqOf).toList();
    }

    private static <V extends SpecificRecord> Topic<String, V> avroTopic(String name, SchemaRegistryClient client,
                                                                        Class<V> type, boolean autoRegister,
                                                                        boolean compacted) {
        Serde<V> values = new AvroSerde<>(client, type, autoRegister);
        return new Topic<>(name, Serdes.String(), values, SpecificData.get().getSchema(type),
                compacted);
    }
}
