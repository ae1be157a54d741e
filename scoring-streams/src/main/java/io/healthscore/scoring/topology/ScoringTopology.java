package io.healthscore.scoring.topology;

import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.expansion.ExpansionMemorySerde;
import io.healthscore.scoring.state.AccountStateSerde;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The scoring topology:
 * <pre>
 * usage-events ────┐
 * account-signals ─┼─▶ account-scoring (state: scoring-account-state, scoring-seen-messages) ─┬─▶ health-scores
 * account-profiles ┘        ▲ punctuator re-evaluates accounts in slices                      ├─▶ health-scores-latest
 *                                                                                              ├─▶ level-transitions
 *                                                                                              ├─▶ churn-risk-alerts
 *                                                                                              └─▶ expansion-opportunities
 * </pre>
 * The three inputs are keyed by accountId with the same partition count, so they are co-partitioned and one task
 * owns all of an account's inputs; no repartition is needed. Every node and store has a fixed name so changelog
 * topics keep their names across releases. Pure: builds the description only, no I/O.
 */
public final class ScoringTopology {

    public static final String USAGE_EVENTS_SOURCE = "usage-events-source";
    public static final String ACCOUNT_SIGNALS_SOURCE = "account-signals-source";
    public static final String ACCOUNT_PROFILES_SOURCE = "account-profiles-source";
    public static final String SCORING_PROCESSOR = "account-scoring";
    public static final String HEALTH_SCORES_SINK = "health-scores-sink";
    public static final String HEALTH_SCORES_LATEST_SINK = "health-scores-latest-sink";
    public static final String LEVEL_TRANSITIONS_SINK = "level-transitions-sink";
    public static final String CHURN_RISK_ALERTS_SINK = "churn-risk-alerts-sink";
    public static final String EXPANSION_OPPORTUNITIES_SINK = "expansion-opportunities-sink";
    public static final String ACCOUNT_STORE = "scoring-account-state";
    public static final String SEEN_MESSAGES_STORE = "scoring-seen-messages";
    /** Which level group each account is counted in, and the count per group ({@link LevelTally}). */
    public static final String LEVEL_INDEX_STORE = "scoring-level-index";
    public static final String LEVEL_COUNTS_STORE = "scoring-level-counts";
    /** Per account: since when it is at the rising-adoption level, when each expansion kind last fired. */
    public static final String EXPANSION_STORE = "scoring-expansion-memory";

    private ScoringTopology() {
    }

    public static Topology build(ScoringConfig config, Topics topics) {
        Topology topology = new Topology();
        ReceivedAtTimestampExtractor time = new ReceivedAtTimestampExtractor();
        addSource(topology, USAGE_EVENTS_SOURCE, time, topics.usageEvents());
        addSource(topology, ACCOUNT_SIGNALS_SOURCE, time, topics.accountSignals());
        addSource(topology, ACCOUNT_PROFILES_SOURCE, time, topics.accountProfiles());
        String profilesTopic = topics.accountProfiles().name();
        topology.addProcessor(SCORING_PROCESSOR, () -> new AccountScoringProcessor(config, profilesTopic),
                USAGE_EVENTS_SOURCE, ACCOUNT_SIGNALS_SOURCE, ACCOUNT_PROFILES_SOURCE);
        // The account store is cached: an account's state is written to RocksDB and sent to the changelog once per
        // commit rather than once per event, which shrinks what a restore has to read back. Reads see the cached
        // value, so processing is unchanged. The message-id store is not: a cached window store answers each
        // lookup by copying the cache's key range, which cost more than the RocksDB lookup it saves.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACCOUNT_STORE),
                Serdes.String(), new AccountStateSerde()).withCachingEnabled(), SCORING_PROCESSOR);
        Duration retention = config.dedupRetention();
        // Window segments older than the retention are dropped whole, which bounds the message-id store
        // without scanning it.
        topology.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SEEN_MESSAGES_STORE, retention.multipliedBy(2), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()), SCORING_PROCESSOR);
        // Accounts per (level, segment, CSM), so that the level query reads counters, not every account.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEVEL_INDEX_STORE),
                Serdes.String(), Serdes.String()), SCORING_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEVEL_COUNTS_STORE),
                Serdes.String(), Serdes.Long()), SCORING_PROCESSOR);
        // Cached like the account store: most evaluations read it and change nothing.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXPANSION_STORE),
                Serdes.String(), new ExpansionMemorySerde()).withCachingEnabled(), SCORING_PROCESSOR);
        addSink(topology, HEALTH_SCORES_SINK, topics.healthScores());
        addSink(topology, HEALTH_SCORES_LATEST_SINK, topics.healthScoresLatest());
        addSink(topology, LEVEL_TRANSITIONS_SINK, topics.levelTransitions());
        addSink(topology, CHURN_RISK_ALERTS_SINK, topics.churnRiskAlerts());
        addSink(topology, EXPANSION_OPPORTUNITIES_SINK, topics.expansionOpportunities());
        return topology;
    }

    private static void addSource(Topology topology, String name, ReceivedAtTimestampExtractor time, Topic<String, ?> topic) {
        topology.addSource(AutoOffsetReset.earliest(), name, time, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(), topic.name());
    }

    private static <V> void addSink(Topology topology, String name, Topic<String, V> topic) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(),
                SCORING_PROCESSOR);
    }
}
