package io.healthscore.e2e;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import io.healthscore.e2e.http.ChannelReceiver;
import io.healthscore.e2e.erase.EraseCommand;
import io.healthscore.e2e.http.IngestClient;
import io.healthscore.e2e.observe.PipelineObserver;
import io.healthscore.e2e.observe.PipelineRecord;
import io.healthscore.e2e.process.ConsumerProgress;
import io.healthscore.e2e.process.PipelineProcesses;
import io.healthscore.e2e.process.PipelineSettings;
import io.healthscore.e2e.process.RunFiles;
import io.healthscore.e2e.process.UnboundedRetention;
import io.healthscore.e2e.process.WriteKeys;
import io.healthscore.e2e.product.PartitionCover;
import io.healthscore.e2e.product.Persona;
import io.healthscore.e2e.product.ProductAccount;
import io.healthscore.e2e.product.ProductTraffic;
import io.healthscore.e2e.time.CompressedClock;
import io.healthscore.schemas.TopicNames;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline on the local stack — ingest, scoring (STREAM_TIME) and alerts as their own JVMs — driven
 * only through ingest's HTTP API, native and Segment-compatible, over seven weeks of compressed time (90 days
 * per wall-clock minute). Heartbeat accounts on every partition keep scoring's stream time moving.
 */
@ExtendWith(LocalStackExtension.class)
class PipelineIT {

    private static final double DAYS_PER_MINUTE = 90;
    private static final int LAST_DAY = 50;
    private static final int CHANGE_DAY = 16;
    private static final Duration OUTCOME_BOUND = Duration.ofSeconds(150);

    private static final Instant ORIGIN = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(60));
    private static final LocalDate FAR_RENEWAL = LocalDate.ofInstant(ORIGIN, ZoneOffset.UTC).plusDays(400);

    private static final ProductAccount DECLINING = account("acme-declining", Persona.DECLINING, "HIGH_TOUCH",
            "csm.declining@vendor.example", "ops@acme.example", "en", false);
    private static final ProductAccount POWER = account("bolt-power", Persona.POWER, "HIGH_TOUCH",
            "csm.power@vendor.example", "ops@bolt.example", "en", true);
    private static final ProductAccount SILENT = account("quiet-silent", Persona.CHURNING, "LOW_TOUCH",
            "csm.silent@vendor.example", "ops@quiet.example", "en", false);
    /** Erased at the end of the run by the erasure test; no other test looks at it. */
    private static final ProductAccount ERASED = account("erase-techtouch", Persona.DECLINING, "TECH_TOUCH",
            "csm.erased@vendor.example", "it@erase.example", "en", false);
    private static final ProductAccount TECH_TOUCH = account("sakura-techtouch", Persona.DECLINING, "TECH_TOUCH",
            "csm.techtouch@vendor.example", "tantou@sakura.example.jp", "ja", true);

    private static ChannelReceiver channels;
    private static PipelineProcesses services;
    private static PipelineObserver observer;
    private static ExecutorService trafficThread;
    private static Future<?> traffic;
    private static LocalStack stack;
    private static String apiToken;
    /** Where an attacker holding only the public product key tries to send the tech-touch account's emails. */
    private static final String VICTIM = "victim@attacker.example";
    private static final List<Integer> attackAnswers = new ArrayList<>();

    @BeforeAll
    static void startPipeline(LocalStack localStack) throws Exception {
        stack = localStack;
        stack.startAll();
        stack.provision();
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pipeline-it-");
        channels = ChannelReceiver.start();
        WriteKeys writeKeys = WriteKeys.random();
        CompressedClock clock = CompressedClock.standingAt(ORIGIN, DAYS_PER_MINUTE, workDir.resolve("clock-start"));
        PipelineSettings settings = new PipelineSettings(Path.of(System.getProperty("healthscore.repo.root")),
                workDir, stack.kafka().bootstrapServers(), stack.registry().confluentUrl(), stack.jdbcUrl(),
                stack.smtp().port(), writeKeys, RunFiles.writePlaybooks(workDir),
                channels.url("/slack"), channels.url("/crm"), RunFiles.randomSecret(), apiToken = RunFiles.randomSecret(),
                clock, Duration.ofHours(6));
        services = PipelineProcesses.start(settings, Duration.ofSeconds(90));
        try (Admin admin = stack.admin()) {
            UnboundedRetention.apply(admin);
        }
        observer = PipelineObserver.start(stack.kafka().bootstrapServers(), stack.registryClient());

        List<ProductAccount> accounts = new ArrayList<>(List.of(DECLINING, POWER, SILENT, TECH_TOUCH, ERASED));
        for (String id : PartitionCover.ids("heartbeat", stack.config().partitions(), 1)) {
            accounts.add(account(id, Persona.STEADY, "LOW_TOUCH", "csm.heartbeat@vendor.example",
                    "ops@" + id + ".example", "en", false));
        }
        ProductTraffic product = new ProductTraffic(accounts, clock, ORIGIN,
                new IngestClient(services.ingestUrl(), writeKeys), 42);
        product.publishProfiles();
        attackWithTheProductKey(writeKeys.product());
        try (Admin admin = stack.admin()) {
            ConsumerProgress.awaitCaughtUp(admin, PipelineProcesses.SCORING_APPLICATION_ID,
                    TopicNames.defaults().accountProfiles(), Duration.ofSeconds(60));
        }
        clock.start();
        trafficThread = Executors.newSingleThreadExecutor();
        traffic = trafficThread.submit(() -> product.runThrough(LAST_DAY, Instant.now().plus(Duration.ofMinutes(3))));
    }

    @AfterAll
    static void stopPipeline() {
        if (trafficThread != null) {
            trafficThread.shutdownNow();
        }
        if (observer != null) {
            observer.close();
        }
        if (services != null) {
            services.close();
        }
        if (channels != null) {
            channels.close();
        }
    }

    @Test
    void aDecliningAccountReachesLv1AndItsCsmIsEmailedAboutAnImminentRisk() {
        await("acme-declining in Lv1 with an IMMINENT alert and a CSM email").atMost(OUTCOME_BOUND)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    // Every account's very first score, from one event, is low: only what follows the decline counts.
                    assertThat(record().scoresOf(DECLINING.id())).anyMatch(s -> s.getLevel() == HealthLevel.LV1
                            && s.getEvaluatedAt().isAfter(changeDay()));
                    assertThat(record().alertsOf(DECLINING.id())).anyMatch(a -> a.getSeverity() == Severity.IMMINENT
                            && a.getRaisedAt().isAfter(changeDay()));
                    assertThat(mailTo(DECLINING.csmOwnerEmail()))
                            .anyMatch(m -> m.subject().startsWith("[IMMINENT]"));
                });
    }

    @Test
    void aPowerUserStaysInLv4WithoutAnyAlert() {
        awaitProductFinishedAndScored();
        assertThat(record().latest(POWER.id())).hasValueSatisfying(s -> assertThat(s.getLevel()).isEqualTo(HealthLevel.LV4));
        assertThat(record().transitionsOf(POWER.id())).noneMatch(t -> t.getDirection() == Direction.DOWN);
        assertThat(record().alertsOf(POWER.id())).isEmpty();
        assertThat(mailTo(POWER.csmOwnerEmail())).isEmpty();
    }

    @Test
    void aSilentAccountRaisesInactivityWithoutAnyNewEvent() {
        Instant lastActivity = changeDay();
        await("quiet-silent raises INACTIVITY").atMost(OUTCOME_BOUND).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(record().alertsOf(SILENT.id()))
                        .anyMatch(a -> a.getRule() == AlertRule.INACTIVITY));
        ChurnRiskAlert inactivity = record().alertsOf(SILENT.id()).stream()
                .filter(a -> a.getRule() == AlertRule.INACTIVITY).findFirst().orElseThrow();
        // Raised by the punctuator, two weeks of compressed time after the account's last event.
        assertThat(inactivity.getRaisedAt()).isAfterOrEqualTo(lastActivity.plus(Duration.ofDays(13)));
    }

    @Test
    void aTechTouchAccountGetsTheCustomerEmailInJapaneseThenAnEscalationToItsCsm() throws Exception {
        await("sakura-techtouch: customer email in Japanese, then escalation").atMost(OUTCOME_BOUND)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(mailTo(TECH_TOUCH.contactEmail()))
                            .anyMatch(m -> m.subject().contains("様：ご利用状況") && m.body().contains("ご担当者様"));
                    assertThat(mailTo(TECH_TOUCH.csmOwnerEmail()))
                            .anyMatch(m -> m.subject().startsWith("[ESCALATION]"));
                });
        assertThat(channels.receivedAt("/crm")).anyMatch(r -> r.body().contains(TECH_TOUCH.id()));
        // One escalation email per escalation window, however many alerts and falling scores followed the email:
        // as many emails as the account has escalations, each of them opened a window (14 days) after the last
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(mailTo(TECH_TOUCH.csmOwnerEmail()).stream().filter(m -> m.subject().startsWith("[ESCALATION]"))
                        .count()).isEqualTo(count("SELECT count(*) FROM account_escalations WHERE account_id = ?",
                                TECH_TOUCH.id())));
        assertThat(count("SELECT count(*) FROM account_escalations a JOIN account_escalations b ON a.account_id = "
                + "b.account_id AND a.escalation_id < b.escalation_id AND abs(extract(epoch FROM a.opened_for - "
                + "b.opened_for)) < 14 * 86400 WHERE a.account_id = ?", TECH_TOUCH.id())).isZero();
        // The product key's attempts to choose the contact were refused or dropped, and no mail reached the victim
        assertThat(attackAnswers).containsExactly(200, 403, 403);
        assertThat(mailTo(VICTIM)).isEmpty();
    }

    /**
     * With the public product key: Segment's email trait for the tech-touch account (accepted, but never the
     * contact), the contact through the native profile endpoint, and a new tech-touch account with the victim as
     * its contact (both refused).
     */
    private static void attackWithTheProductKey(String productKey) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((productKey + ":")
                .getBytes(StandardCharsets.UTF_8));
        List<String[]> attempts = List.of(
                new String[] {"POST", "/v1/group", "{\"userId\":\"u\",\"groupId\":\"" + TECH_TOUCH.id()
                        + "\",\"traits\":{\"email\":\"" + VICTIM + "\"}}"},
                new String[] {"PUT", "/v1/accounts/" + TECH_TOUCH.id(), "{\"contactEmail\":\"" + VICTIM + "\"}"},
                new String[] {"POST", "/v1/group", "{\"userId\":\"u\",\"groupId\":\"phish-1\",\"traits\":{"
                        + "\"name\":\"Reset your password at evil.example\",\"coverageModel\":\"TECH_TOUCH\","
                        + "\"contactEmail\":\"" + VICTIM + "\"}}"});
        for (String[] attempt : attempts) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(services.ingestUrl().resolve(attempt[1]))
                    .header("Content-Type", "application/json").header("Authorization", basic)
                    .method(attempt[0], HttpRequest.BodyPublishers.ofString(attempt[2])).build(),
                    HttpResponse.BodyHandlers.ofString());
            attackAnswers.add(answer.statusCode());
        }
    }

    @Test
    void anErasedAccountLeavesNoTraceInTheTablesTheScoringStateOrTheCompactedTopics() throws Exception {
        // Given an account with alerts and deliveries, once the product has stopped sending
        awaitProductFinishedAndScored();
        await("erase-techtouch has alerts and deliveries").atMost(OUTCOME_BOUND).until(() ->
                count("SELECT count(*) FROM alerts WHERE account_id = ?", ERASED.id()) > 0
                        && count("SELECT count(*) FROM deliveries WHERE account_id = ?", ERASED.id()) > 0);

        // When an operator runs ./healthscore erase for it
        String answer = EraseCommand.erase(EraseCommand.parse(new String[] {"--account", ERASED.id(), "--alert-url",
                services.alertUrl().toString(), "--token", apiToken}, Map.of(), Path.of("no-demo")));

        // Then no table holds a row of it, and the erasure is recorded without its id
        assertThat(answer).doesNotContain(ERASED.id()).contains("\"requestedBy\":\"ops\"");
        for (String table : List.of("alerts", "deliveries", "escalations", "account_escalations", "pending_routes", "pending_transition_routes", "health_scores",
                "level_transitions",
                "account_profiles")) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE account_id = ?", ERASED.id())).as(table).isZero();
        }
        assertThat(count("SELECT count(*) FROM deliveries WHERE strpos(body, ?) > 0 OR strpos(target, ?) > 0",
                ERASED.id(), ERASED.contactEmail())).isZero();
        assertThat(count("SELECT count(*) FROM erasures WHERE requested_by = 'ops'")).isEqualTo(1);
        // And scoring no longer knows it
        HttpClient http = HttpClient.newHttpClient();
        await("scoring has erased its state").atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest
                .newBuilder(services.scoringUrl().resolve("/accounts/" + ERASED.id() + "/health"))
                .header("Authorization", "Bearer " + apiToken).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 404);
        // And on every compacted topic, the account store's changelog included, its last record is a tombstone.
        // (The message-id store's changelog is a windowed one: ids of windows the store has already expired stay
        // there until its retention, scoring's dedup retention plus a day; see the README.)
        String accountStoreChangelog = PipelineProcesses.SCORING_APPLICATION_ID + "-scoring-account-state-changelog";
        for (String topic : List.of(TopicNames.defaults().accountProfiles(), TopicNames.defaults().healthScoresLatest(),
                accountStoreChangelog)) {
            Map<String, byte[]> lastByKey = lastValueByKeyMentioning(topic, ERASED.id());
            assertThat(lastByKey).as(topic).isNotEmpty();
            lastByKey.forEach((key, value) -> assertThat(value).as(topic + " key " + key).isNull());
        }
    }

    /** The last value of every key of the topic whose bytes contain {@code text} (null for a tombstone). */
    private static Map<String, byte[]> lastValueByKeyMentioning(String topic, String text) {
        Map<String, byte[]> last = new java.util.LinkedHashMap<>();
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && indexOf(r.key(), needle) >= 0) {
                        last.put(HexFormat.of().formatHex(r.key()), r.value());
                    }
                }
            }
        }
        return last;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long count(String query, Object... params) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(stack.jdbcUrl(), "postgres", "");
             java.sql.PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every day was sent, and scoring has scored some account within the last two days. */
    private static void awaitProductFinishedAndScored() {
        Instant lastDay = ORIGIN.plus(Duration.ofDays(LAST_DAY));
        await("the product's last day sent and scored").atMost(OUTCOME_BOUND).pollInterval(Duration.ofMillis(500))
                .until(() -> traffic.isDone()
                        && !record().latestEvaluation().isBefore(lastDay.minus(Duration.ofDays(2))));
    }

    private static Instant changeDay() {
        return ORIGIN.plus(Duration.ofDays(CHANGE_DAY));
    }

    private static PipelineRecord record() {
        return observer.record();
    }

    private static List<CaughtMail> mailTo(String address) {
        return stack.smtp().messages().stream().filter(m -> m.to().contains(address)).toList();
    }

    private static ProductAccount account(String id, Persona persona, String coverage, String csm, String contact,
                                          String language, boolean segment) {
        return new ProductAccount(id, persona, 0, CHANGE_DAY, 5, 5, id, "business", 490_00, coverage, csm, contact,
                language, FAR_RENEWAL, segment);
    }
}
