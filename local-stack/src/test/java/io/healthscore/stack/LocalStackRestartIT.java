package io.healthscore.stack;

import io.healthscore.avro.UsageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole stack, stopped and started again on the same data directory, keeps topics, schemas and rows. */
class LocalStackRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aSecondStartFindsTheTopicsSchemasAndRowsOfTheFirst() throws Exception {
        StackConfig config = StackConfig.onFreePorts(dataDir);
        StackProvisioner.Result first;
        try (LocalStack stack = new LocalStack(config)) {
            // Given a stack that was started, provisioned and wrote a row
            stack.startAll();
            first = stack.provision();
            try (Connection c = stack.postgres().connect(config.database())) {
                assertThat(StackJournal.recordStart(c).previousStarts()).isZero();
            }
            assertThat(first.topicsCreated()).contains("usage-events", "usage-events-dlq", "health-scores-latest");
            assertThat(first.topicsExisting()).isEmpty();
            assertThat(first.globalCompatibility()).isEqualTo("BACKWARD");
        }

        // When it is started again on the same data
        try (LocalStack stack = new LocalStack(config)) {
            stack.startAll();
            StackProvisioner.Result second = stack.provision();

            // Then nothing had to be created again: the topics and the schema ids are the same
            assertThat(second.topicsCreated()).isEmpty();
            assertThat(second.topicsExisting()).containsExactlyInAnyOrderElementsOf(first.topicsCreated());
            assertThat(second.schemaIds()).isEqualTo(first.schemaIds());
            assertThat(stack.registryClient().subjects()).contains("usage-events-value", "health-scores-value");
            assertThat(stack.registryClient().schemaById(second.schemaIds().get("usage-events-value")))
                    .isEqualTo(UsageEvent.getClassSchema());

            // And the database still holds the first start's row
            try (Connection c = stack.postgres().connect(config.database())) {
                assertThat(StackJournal.recordStart(c).previousStarts()).isEqualTo(1);
            }

            // And the compacted topics were created compacted
            try (var admin = stack.admin()) {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "health-scores-latest");
                var configs = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS);
                assertThat(configs.get(resource).get("cleanup.policy").value()).isEqualTo("compact");
                var partitions = admin.describeTopics(Set.of("usage-events")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("usage-events").partitions();
                assertThat(partitions).hasSize(config.partitions());
            }
            assertThat(stack.startTimes()).containsKeys("kafka", "registry", "postgres", "smtp");
        }
    }
}
