package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad records are dead-lettered and the intake goes on; a receiver that is down gets retries, then a replay. */
@ExtendWith(LocalStackExtension.class)
class FailureHandlingIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "failure_it", Map.of());
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void undecodableAndInvalidRecordsGoToTheDeadLetterTopicAndTheIntakeContinues() {
        String topic = service.topics.churnRiskAlerts().name();
        byte[] notAvro = "{\"alertId\": \"json is not avro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = {0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3};
        // Given three bad records: not Avro, an unknown schema id, and a valid record with a blank alert id
        service.sendRaw(topic, "acct-bad-1", notAvro);
        service.sendRaw(topic, "acct-bad-2", unknownSchema);
        service.send(service.topics.churnRiskAlerts(), "acct-bad-3", Records.alert(" ", "acct-bad-3",
                AlertRule.OTHER, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build());
        // And a hostile one: an alert id of 100 000 characters
        service.send(service.topics.churnRiskAlerts(), "acct-bad-4", Records.alert("x".repeat(100_000), "acct-bad-4",
                AlertRule.OTHER, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build());
        // When a good alert follows on the same partition as each of them
        for (String account : List.of("acct-bad-1", "acct-bad-2", "acct-bad-3", "acct-bad-4")) {
            service.send(service.topics.churnRiskAlerts(), account, Records.alert("after-" + account, account,
                    AlertRule.OTHER, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build());
        }

        // Then the good alerts are stored
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM alerts WHERE alert_id LIKE 'after-acct-bad-%'") == 4);
        // And the bad ones are in the dead-letter topic with their original key and bytes and the shared headers
        String dlq = service.topics.dlqOf(service.topics.churnRiskAlerts()).name();
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(service.stack.kafka().bootstrapServers(), dlq);
        assertThat(dead).hasSize(4);
        ConsumerRecord<byte[], byte[]> first = dead.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("acct-bad-1")).findFirst().orElseThrow();
        assertThat(first.value()).isEqualTo(notAvro);
        assertThat(header(first, "dlq.error.class")).isEqualTo("io.healthscore.schemas.serde.UnknownMagicByteException");
        assertThat(header(first, "dlq.source.topic")).isEqualTo(topic);
        assertThat(header(first, "dlq.source.partition")).matches("\\d+");
        assertThat(header(first, "dlq.source.offset")).matches("\\d+");
        assertThat(header(first, "dlq.reason")).isNotBlank();
        assertThat(OffsetDateTime.parse(header(first, "dlq.failed.at"))).isNotNull();
        assertThat(dead).extracting(r -> header(r, "dlq.error.class")).containsExactlyInAnyOrder(
                "io.healthscore.schemas.serde.UnknownMagicByteException",
                "io.healthscore.schemas.serde.UnknownSchemaIdException",
                "io.healthscore.alert.intake.InvalidRecordException",
                "io.healthscore.alert.intake.InvalidRecordException");
        assertThat(dead).filteredOn(r -> header(r, "dlq.error.class").endsWith("InvalidRecordException"))
                .extracting(r -> header(r, "dlq.reason")).containsExactlyInAnyOrder("alertId is blank",
                        "alertId is 100000 characters long; at most 256 are accepted");
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE account_id LIKE 'acct-bad-%' AND alert_id NOT LIKE 'after-%'"))
                .isZero();
    }

    @Test
    void aWebhookThatIsDownIsRetriedWithGrowingDelaysThenDeadThenDeliveredOnceOnReplay() {
        // Given the CRM webhook answers 503
        service.receiver.answer("/crm", 503);
        try {
            // When an alert is routed to it
            service.send(service.topics.churnRiskAlerts(), "acct-down", Records.alert("alert-down-1", "acct-down",
                    AlertRule.SCORE_DROP, Severity.IMMINENT, CoverageModel.LOW_TOUCH).build());

            // Then after max-attempts (4) tries the delivery is DEAD and listed for operators
            Map<String, Object> dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadDeliveryFor("alert-down-1"),
                    d -> d != null);
            assertThat(dead.get("attempts")).isEqualTo(4);
            assertThat((String) dead.get("lastError")).isEqualTo("target 'crm' answered HTTP 503");
            List<HttpReceiver.Received> tries = service.receiver.received("/crm").stream()
                    .filter(r -> "alert-down-1:webhook:crm".equals(r.header("Idempotency-Key"))).toList();
            assertThat(tries).hasSize(4).allMatch(r -> r.answered() == 503);
            // And the delays between attempts grew (back-off 300 ms, 600 ms, 1200 ms)
            long gap1 = Duration.between(tries.get(0).at(), tries.get(1).at()).toMillis();
            long gap2 = Duration.between(tries.get(1).at(), tries.get(2).at()).toMillis();
            long gap3 = Duration.between(tries.get(2).at(), tries.get(3).at()).toMillis();
            assertThat(gap1).isGreaterThanOrEqualTo(300);
            assertThat(gap2).isGreaterThan(gap1).isGreaterThanOrEqualTo(600);
            assertThat(gap3).isGreaterThan(gap2).isGreaterThanOrEqualTo(1200);
            var attempts = service.http().toBlocking().retrieve(HttpRequest.GET("/deliveries/" + dead.get("id")
                    + "/attempts").bearerAuth(AlertServiceFixture.OPS_TOKEN), Argument.listOf(Map.class));
            assertThat(attempts).hasSize(4).allMatch(a -> "DEAD".equals(a.get("outcome")) || "RETRY".equals(a.get("outcome")));

            // When the webhook is back and an operator replays the delivery
            service.receiver.answer("/crm", 200);
            Map<?, ?> replayed = service.http().toBlocking().retrieve(HttpRequest.POST("/deliveries/" + dead.get("id")
                    + "/replay", "").bearerAuth(AlertServiceFixture.OPS_TOKEN), Map.class);
            assertThat(replayed.get("status")).isIn("PENDING", "IN_FLIGHT", "DELIVERED");

            // Then it is delivered exactly once
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    sql.count("SELECT count(*) FROM deliveries WHERE id = ? AND status = 'DELIVERED'", dead.get("id")) == 1);
            assertThat(service.receiver.accepted("/crm").stream()
                    .filter(r -> "alert-down-1:webhook:crm".equals(r.header("Idempotency-Key")))).hasSize(1);
            // And the attempt log keeps the first round's 4 failures and the replay's success
            var log = service.http().toBlocking().retrieve(HttpRequest.GET("/deliveries/" + dead.get("id")
                    + "/attempts").bearerAuth(AlertServiceFixture.OPS_TOKEN), Argument.listOf(Map.class));
            assertThat(log).extracting(a -> a.get("round") + ":" + a.get("attempt") + ":" + a.get("outcome"))
                    .containsExactly("0:1:RETRY", "0:2:RETRY", "0:3:RETRY", "0:4:DEAD", "1:1:DELIVERED");
            // And a second replay of a delivered row is refused
            var conflict = org.assertj.core.api.Assertions.catchThrowableOfType(
                    io.micronaut.http.client.exceptions.HttpClientResponseException.class,
                    () -> service.http().toBlocking().exchange(HttpRequest.POST("/deliveries/" + dead.get("id")
                            + "/replay", "").bearerAuth(AlertServiceFixture.OPS_TOKEN)));
            assertThat(conflict.getStatus().getCode()).isEqualTo(409);
        } finally {
            service.receiver.answer("/crm", 200);
        }
    }

    @Test
    void whileTheDatabaseIsDownNoOffsetIsCommittedAndTheAlertIsStoredAndSentWhenItIsBack() throws Exception {
        var meters = service.context().getBean(io.micrometer.core.instrument.MeterRegistry.class);
        String topic = service.topics.churnRiskAlerts().name();
        double retriesBefore = intakeRetries(meters, topic);
        // Given the database is down
        service.stack.postgres().close();
        try {
            // When an alert arrives
            service.send(service.topics.churnRiskAlerts(), "acct-dbdown", Records.alert("alert-dbdown", "acct-dbdown",
                    AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.LOW_TOUCH).build());

            // Then the intake retries it and does not commit its offset
            await().atMost(Duration.ofSeconds(60)).until(() -> intakeRetries(meters, topic) > retriesBefore);
            try (var admin = service.stack.admin()) {
                var committed = admin.listConsumerGroupOffsets("failure_it").partitionsToOffsetAndMetadata()
                        .get(30, java.util.concurrent.TimeUnit.SECONDS);
                // The fixture creates every topic with partitions 0 and 1; a partition never committed counts from 0.
                var partitions = List.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                        new org.apache.kafka.common.TopicPartition(topic, 1));
                var endOffsets = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(
                                tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest())))
                        .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
                long behind = partitions.stream().mapToLong(tp -> endOffsets.get(tp).offset()
                        - (committed.get(tp) == null ? 0 : committed.get(tp).offset())).sum();
                assertThat(behind).as("uncommitted records on " + topic).isEqualTo(1);
            }
        } finally {
            // When the database is back
            service.stack.postgres();
        }
        // Then the alert is stored once and delivered
        await().atMost(Duration.ofSeconds(60)).until(() -> sql.count(
                "SELECT count(*) FROM deliveries WHERE alert_id = 'alert-dbdown' AND status = 'DELIVERED'") == 1);
        assertThat(service.receiver.accepted("/crm").stream()
                .filter(r -> "alert-dbdown:webhook:crm".equals(r.header("Idempotency-Key")))).hasSize(1);
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'alert-dbdown'")).isEqualTo(1);
    }

    private static double intakeRetries(io.micrometer.core.instrument.MeterRegistry meters, String topic) {
        var counter = meters.find("healthscore.intake.retries").tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aMalformedPlaybookFileStopsStartUpWithAMessageNamingTheEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("playbooks.yml");
        java.nio.file.Files.writeString(file, """
                playbooks:
                  - name: fine
                    actions: [{type: csm-email}]
                  - name: typo
                    when: {severity: CRITICAL}
                    actions: [{type: csm-email}]
                """);
        Map<String, Object> properties = new java.util.HashMap<>(service.properties());
        properties.put("playbooks.location", "file:" + file);
        properties.put("intake.enabled", "false");
        properties.put("delivery.enabled", "false");

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                io.micronaut.context.ApplicationContext.run(io.micronaut.runtime.server.EmbeddedServer.class, properties).close());

        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof io.healthscore.alert.playbook.PlaybookException)) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(io.healthscore.alert.playbook.PlaybookException.class)
                .hasMessage("file:" + file + ": playbook #2 'typo': severity 'CRITICAL' is not one of [SUSPECTED, IMMINENT]");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deadDeliveryFor(String alertId) {
        List<Map> dead = service.http().toBlocking().retrieve(HttpRequest.GET("/deliveries?status=dead")
                .bearerAuth(AlertServiceFixture.OPS_TOKEN), Argument.listOf(Map.class));
        return dead.stream().filter(d -> alertId.equals(d.get("alertId"))).findFirst().orElse(null);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
