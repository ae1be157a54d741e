package io.healthscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void theDefaultNamesAreThoseOfTheSpec() {
        // When
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);

        // Then
        assertThat(topics.all()).extracting(Topic::name).containsExactly("usage-events", "account-profiles",
                "account-signals", "health-scores", "health-scores-latest", "level-transitions", "churn-risk-alerts",
                "expansion-opportunities");
    }

    @Test
    void onlyAccountProfilesAndTheLatestScoresAreCompacted() {
        // When
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);

        // Then
        assertThat(topics.all()).filteredOn(Topic::compacted).extracting(Topic::name)
                .containsExactly("account-profiles", "health-scores-latest");
    }

    @Test
    void eachDataTopicCarriesItsValueSchemaAndSubject() {
        // When
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);

        // Then
        assertThat(topics.usageEvents().valueSchema()).isEqualTo(UsageEvent.getClassSchema());
        assertThat(topics.healthScoresLatest().valueSchema()).isEqualTo(HealthScore.getClassSchema());
        assertThat(topics.usageEvents().valueSubject()).isEqualTo("usage-events-value");
        assertThat(topics.all()).allSatisfy(topic -> assertThat(topic.valueSchema()).isNotNull());
    }

    @Test
    void keysAreStringsAndValuesGoThroughTheRegistry() {
        // Given
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);
        Topic<String, UsageEvent> usageEvents = topics.usageEvents();

        // When
        byte[] key = usageEvents.keySerde().serializer().serialize(usageEvents.name(), "acme");
        byte[] value = usageEvents.valueSerde().serializer().serialize(usageEvents.name(),
                SampleRecords.fullUsageEvent());

        // Then
        assertThat(usageEvents.keySerde().deserializer().deserialize(usageEvents.name(), key)).isEqualTo("acme");
        assertThat(usageEvents.valueSerde().deserializer().deserialize(usageEvents.name(), value))
                .isEqualTo(SampleRecords.fullUsageEvent());
        assertThat(registry.subjects()).containsExactly("usage-events-value");
    }

    @Test
    void aDeadLetterTopicIsTheSourceNamePlusTheSuffixWithRawBytes() {
        // Given
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);

        // When
        Topic<byte[], byte[]> dlq = topics.dlqOf(topics.usageEvents());

        // Then
        assertThat(dlq.name()).isEqualTo("usage-events-dlq");
        assertThat(dlq.valueSchema()).isNull();
        assertThat(dlq.compacted()).isFalse();
        byte[] raw = {0x7b, 0x00};
        assertThat(dlq.valueSerde().deserializer().deserialize(dlq.name(),
                dlq.valueSerde().serializer().serialize(dlq.name(), raw))).isEqualTo(raw);
    }

    @Test
    void everyDataTopicHasOneDeadLetterTopic() {
        // When
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);

        // Then
        assertThat(topics.deadLetterTopics()).extracting(Topic::name).containsExactly("usage-events-dlq",
                "account-profiles-dlq", "account-signals-dlq", "health-scores-dlq", "health-scores-latest-dlq",
                "level-transitions-dlq", "churn-risk-alerts-dlq", "expansion-opportunities-dlq");
    }

    @Test
    void aDeadLetterTopicHasNoDeadLetterTopicOfItsOwn() {
        // Given
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);
        Topic<byte[], byte[]> dlq = topics.dlqOf(topics.accountSignals());

        // When / Then
        assertThatThrownBy(() -> topics.dlqOf(dlq)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account-signals-dlq");
    }

    @Test
    void aDataTopicWhoseNameEndsInTheSuffixStillHasADeadLetterTopic() {
        // Given
        Topics topics = Topics.create(TopicNames.fromProperties(Map.of("topics.usage-events", "events-dlq")),
                registry, true);

        // When
        Topic<byte[], byte[]> dlq = topics.dlqOf(topics.usageEvents());

        // Then
        assertThat(dlq.name()).isEqualTo("events-dlq-dlq");
    }

    @Test
    void namesAndSuffixComeFromPropertiesWhereGiven() {
        // Given
        Map<String, Object> properties = Map.of(
                "topics.usage-events", "prod.usage-events.v1",
                "topics.health-scores-latest", "prod.health-scores.latest",
                "topics.dlq-suffix", ".dead-letters",
                "unrelated.key", "ignored");

        // When
        Topics topics = Topics.create(TopicNames.fromProperties(properties), registry, false);

        // Then
        assertThat(topics.usageEvents().name()).isEqualTo("prod.usage-events.v1");
        assertThat(topics.healthScoresLatest().name()).isEqualTo("prod.health-scores.latest");
        assertThat(topics.accountProfiles().name()).isEqualTo("account-profiles");
        assertThat(topics.dlqOf(topics.usageEvents()).name()).isEqualTo("prod.usage-events.v1.dead-letters");
        assertThat(topics.names().dlqSuffix()).isEqualTo(".dead-letters");
    }

    @Test
    void theExpansionTopicCarriesItsOwnSchemaAndItsNameIsConfigurable() {
        // When
        Topics topics = Topics.create(TopicNames.fromProperties(Map.of("topics.expansion-opportunities",
                "prod.expansion.v1")), registry, true);

        // Then
        assertThat(topics.expansionOpportunities().name()).isEqualTo("prod.expansion.v1");
        assertThat(topics.expansionOpportunities().valueSchema()).isEqualTo(ExpansionOpportunity.getClassSchema());
        assertThat(topics.expansionOpportunities().valueSubject()).isEqualTo("prod.expansion.v1-value");
        assertThat(topics.expansionOpportunities().compacted()).isFalse();
        assertThat(topics.dlqOf(topics.expansionOpportunities()).name()).isEqualTo("prod.expansion.v1-dlq");
    }

    @Test
    void withoutPropertiesTheNamesAreTheDefaults() {
        // When
        TopicNames names = TopicNames.fromProperties(Map.of());

        // Then
        assertThat(names).isEqualTo(TopicNames.defaults());
    }

    @Test
    void aBlankNameIsRejectedNamingItsKey() {
        // When / Then
        assertThatThrownBy(() -> TopicNames.fromProperties(Map.of("topics.level-transitions", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics.level-transitions")
                .hasMessageContaining("blank");
    }

    @Test
    void aNameKafkaWouldRefuseIsRejectedNamingItsKey() {
        // When / Then
        assertThatThrownBy(() -> TopicNames.fromProperties(Map.of("topics.churn-risk-alerts", "churn risk/alerts")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics.churn-risk-alerts")
                .hasMessageContaining("not a legal Kafka topic name");
    }

    @Test
    void aNameTooLongForItsDeadLetterTopicIsRejected() {
        // When / Then
        assertThatThrownBy(() -> TopicNames.fromProperties(Map.of("topics.account-signals", "s".repeat(247))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics.account-signals")
                .hasMessageContaining("249");
    }

    @Test
    void anIllegalDeadLetterSuffixIsRejectedNamingItsKey() {
        // When / Then
        assertThatThrownBy(() -> TopicNames.fromProperties(Map.of("topics.dlq-suffix", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics.dlq-suffix");
    }

    @Test
    void twoTopicsMayNotShareAName() {
        // When / Then
        assertThatThrownBy(() -> TopicNames.fromProperties(Map.of("topics.health-scores-latest", "health-scores")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics.health-scores-latest")
                .hasMessageContaining("topics.health-scores");
    }

    @Test
    void aTopicMayNotTakeTheNameOfAnotherTopicsDeadLetterTopic() {
        // When / Then
        assertThatThrownBy(() -> TopicNames.fromProperties(Map.of("topics.account-signals", "usage-events-dlq")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics.account-signals")
                .hasMessageContaining("dead-letter topic of topics.usage-events");
    }
}
