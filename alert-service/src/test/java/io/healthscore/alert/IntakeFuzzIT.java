package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.intake.IntakeListener;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import io.healthscore.schemas.Topic;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded fuzzing of the intake with records that Avro accepts and the service may not (see {@link HostileRecords}),
 * on all four input topics of the embedded broker, in the Confluent wire format of the topic registry. Each case is
 * an account of its own: one hostile record, then a good record of the same account. Checked: the intake never
 * stalls nor loses a lane (readiness UP throughout); every hostile record is either stored with the values it
 * carried or is in its topic's DLQ, never both and never neither (tombstones are skipped or delete, by design);
 * the good record after each hostile one is stored.
 *
 * <p>{@code -Dfuzz.cases=3000} (default) and {@code -Dfuzz.seed=<n>} (default 20261201, the same every build; {@code random} for a fresh one); the seed is printed
 * first, so a failing run replays with {@code -Dit.test=IntakeFuzzIT -Dfuzz.seed=<n>}.
 */
@ExtendWith(LocalStackExtension.class)
class IntakeFuzzIT {

    /** Fixed unless {@code fuzz.seed} says otherwise (a number, or {@code random}), so builds are reproducible. */
    private static final long SEED = seed(System.getProperty("fuzz.seed", "20261201"));
    private static final int CASES = Integer.getInteger("fuzz.cases", 3000);
    private static final int MAX_RECORD_BYTES = 900_000;

    enum Input { ALERTS, TRANSITIONS, SCORES, PROFILES }

    /** What a case sent: its hostile record as the service decodes it (null for a tombstone), and its bytes. */
    private record Case(int index, Input input, String account, Object hostile, byte[] hostileBytes, String kind) {
    }

    private static AlertServiceFixture service;

    @BeforeAll
    static void start(LocalStack stack) {
        // Delivery and digests would only compete for the two cores; the intake is under test.
        service = AlertServiceFixture.start(stack, "fuzz_it", Map.of("delivery.enabled", "false",
                "digest.enabled", "false", "intake.max-poll-records", "500"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void hostileRecordsAreStoredIntactOrDeadLetteredAndNeverStallTheIntake() throws Exception {
        System.out.printf("IntakeFuzzIT: seed %d, %d cases (replay: -Dit.test=IntakeFuzzIT -Dfuzz.seed=%d "
                + "-Dfuzz.cases=%d)%n", SEED, CASES, SEED, CASES);
        Random random = new Random(SEED);
        HostileRecords hostile = new HostileRecords(random);
        long started = System.nanoTime();

        // Given a hostile record and then a good one for each of CASES accounts, spread over the four topics
        List<Case> cases = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < CASES; i++) {
                Input input = Input.values()[random.nextInt(Input.values().length)];
                String account = "fz-" + i;
                Case c = hostileCase(i, input, account, hostile, random);
                cases.add(c);
                byte[] key = account.getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic(input).name(), key, c.hostileBytes()));
                producer.send(new ProducerRecord<>(topic(input).name(), key, good(input, i, account)));
            }
            producer.flush();
        }
        long produced = System.nanoTime();

        // Then every good record is stored, while the intake keeps both lanes running
        IntakeListener intake = service.context().getBean(IntakeListener.class);
        Map<Input, Long> expectedGood = new EnumMap<>(Input.class);
        cases.forEach(c -> expectedGood.merge(c.input(), 1L, Long::sum));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(intake.laneStates()).as("intake lanes").containsOnly(
                    Map.entry("alerts", "running"), Map.entry("scores", "running"));
            assertThat(goodStored()).isEqualTo(expectedGood);
        });
        long drained = System.nanoTime();

        // And each hostile record is either stored with its values or dead-lettered, exactly one of the two
        Map<String, ConsumerRecord<byte[], byte[]>> dead = deadLetters();
        Stored stored = Stored.load(service.jdbcUrl);
        Map<String, int[]> tally = new TreeMap<>(); // input -> {stored, dead-lettered, tombstones}
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            ConsumerRecord<byte[], byte[]> letter = dead.remove(c.account());
            int[] counts = tally.computeIfAbsent(c.input().name(), k -> new int[3]);
            if (c.hostile() == null) {
                counts[2]++;
                if (letter != null) {
                    wrong.add(c + ": a tombstone was dead-lettered");
                }
                continue;
            }
            String storedProblem = stored.problem(c);
            if (letter != null) {
                counts[1]++;
                if (!Arrays.equals(letter.value(), c.hostileBytes())) {
                    wrong.add(describe(c) + ": the dead letter does not carry the original bytes");
                }
                if (stored.partlyStored(c)) {
                    wrong.add(describe(c) + ": dead-lettered but also (partly) stored");
                }
            } else if (storedProblem == null) {
                counts[0]++;
            } else {
                wrong.add(describe(c) + ": neither dead-lettered nor stored intact: " + storedProblem);
            }
        }
        assertThat(dead).as("dead letters of good records").isEmpty();
        long checked = System.nanoTime();
        tally.forEach((input, n) -> System.out.printf("IntakeFuzzIT: %-11s stored %4d, dead-lettered %4d, "
                + "tombstones %3d%n", input, n[0], n[1], n[2]));
        System.out.printf("IntakeFuzzIT: seed %d: produced in %d ms, intake drained in %d ms, checked in %d ms%n",
                SEED, TimeUnit.NANOSECONDS.toMillis(produced - started),
                TimeUnit.NANOSECONDS.toMillis(drained - produced), TimeUnit.NANOSECONDS.toMillis(checked - drained));
        assertThat(wrong).as("cases that went wrong (seed " + SEED + ")").isEmpty();
        assertThat(intake.isRunning()).isTrue();
    }

    private static Case hostileCase(int i, Input input, String account, HostileRecords hostile, Random random) {
        if (random.nextInt(40) == 0) {
            return new Case(i, input, account, null, null, "tombstone");
        }
        if ((input == Input.SCORES || input == Input.TRANSITIONS) && random.nextInt(25) == 0) {
            byte[] bytes = withEnumIndexOutOfRange(input, account);
            return new Case(i, input, account, decode(input, bytes), bytes, "enum index 50");
        }
        for (int attempt = 0; ; attempt++) {
            Object value = switch (input) {
                case ALERTS -> hostile.alert(account, account + "-bad");
                case TRANSITIONS -> hostile.transition(account);
                case SCORES -> hostile.score(account);
                case PROFILES -> hostile.profile(account);
            };
            byte[] bytes = encode(input, value);
            if (bytes.length <= MAX_RECORD_BYTES || attempt > 20) {
                // The service sees what the serde decodes (a lone surrogate is '?' by then), so compare with that.
                return new Case(i, input, account, decode(input, bytes), bytes, "hostile");
            }
        }
    }

    /**
     * A level enum whose index is past the symbols, which only a writer with another schema could send. The level
     * of a score comes after the account id, the score (8 bytes) and a null previous score (1 byte); a transition's
     * from-level right after the account id. Index 50 in zig-zag is the single byte 100.
     */
    private static byte[] withEnumIndexOutOfRange(Input input, String account) {
        byte[] bytes = input == Input.SCORES ? encode(input, Records.score(account, 41.0, Records.T0))
                : encode(input, transition(account, Records.T0));
        int idLength = account.getBytes(StandardCharsets.UTF_8).length;
        int position = 5 + varintLength(2L * idLength) + idLength + (input == Input.SCORES ? 8 + 1 : 0);
        bytes[position] = 100;
        return bytes;
    }

    private static int varintLength(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static byte[] good(Input input, int i, String account) {
        Instant at = HostileRecords.GOOD_TIMES.plusSeconds(i);
        return encode(input, switch (input) {
            case ALERTS -> Records.alert(account + "-good", account, AlertRule.OTHER, Severity.SUSPECTED,
                    CoverageModel.LOW_TOUCH).setRaisedAt(at).build();
            case TRANSITIONS -> transition(account, at);
            case SCORES -> Records.score(account, 50.0, at);
            case PROFILES -> AccountProfile.newBuilder().setAccountId(account).setName("good-" + i)
                    .setUpdatedAt(HostileRecords.GOOD_PROFILE_TIME).setSource("fuzz").build();
        });
    }

    private static LevelTransition transition(String account, Instant at) {
        return LevelTransition.newBuilder().setAccountId(account).setFromLevel(HealthLevel.LV3)
                .setToLevel(HealthLevel.LV2).setDirection(Direction.DOWN).setScore(55.0).setReasons(List.of("fell"))
                .setModelVersion("v1").setTransitionedAt(at).build();
    }

    /** Good records stored, per input. */
    private static Map<Input, Long> goodStored() {
        Sql sql = new Sql(service.jdbcUrl);
        Timestamp from = Timestamp.from(HostileRecords.GOOD_TIMES);
        Timestamp to = Timestamp.from(HostileRecords.GOOD_TIMES.plusSeconds(CASES));
        Map<Input, Long> counts = new EnumMap<>(Input.class);
        counts.put(Input.ALERTS, sql.count("SELECT count(*) FROM alerts WHERE alert_id LIKE 'fz-%-good'"));
        counts.put(Input.TRANSITIONS, sql.count("SELECT count(*) FROM level_transitions WHERE transitioned_at >= ? "
                + "AND transitioned_at < ? AND account_id LIKE 'fz-%'", from, to));
        counts.put(Input.SCORES, sql.count("SELECT count(*) FROM health_scores WHERE evaluated_at >= ? "
                + "AND evaluated_at < ? AND account_id LIKE 'fz-%'", from, to));
        counts.put(Input.PROFILES, sql.count("SELECT count(*) FROM account_profiles WHERE name LIKE 'good-%'"));
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    /** Dead letters of all four topics by key (the case's account). */
    private static Map<String, ConsumerRecord<byte[], byte[]>> deadLetters() {
        Map<String, ConsumerRecord<byte[], byte[]>> out = new HashMap<>();
        for (Input input : Input.values()) {
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(service.stack.kafka().bootstrapServers(),
                    service.topics.dlqOf(topic(input)).name())) {
                ConsumerRecord<byte[], byte[]> before = out.put(new String(r.key(), StandardCharsets.UTF_8), r);
                assertThat(before).as("a second dead letter for " + new String(r.key(), StandardCharsets.UTF_8))
                        .isNull();
            }
        }
        return out;
    }

    private static String describe(Case c) {
        String text = String.valueOf(c.hostile());
        return "case " + c.index() + " " + c.input() + " (" + c.kind() + ") "
                + (text.length() > 600 ? text.substring(0, 600) + "…" : text);
    }

    @SuppressWarnings("unchecked")
    private static Topic<String, Object> topic(Input input) {
        var t = service.topics;
        return (Topic<String, Object>) (Topic<String, ?>) switch (input) {
            case ALERTS -> t.churnRiskAlerts();
            case TRANSITIONS -> t.levelTransitions();
            case SCORES -> t.healthScores();
            case PROFILES -> t.accountProfiles();
        };
    }

    private static byte[] encode(Input input, Object value) {
        return topic(input).valueSerde().serializer().serialize(topic(input).name(), value);
    }

    private static Object decode(Input input, byte[] bytes) {
        try {
            return topic(input).valueSerde().deserializer().deserialize(topic(input).name(), bytes);
        } catch (RuntimeException e) {
            return "undecodable: " + e.getClass().getSimpleName();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                service.stack.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The fuzz accounts' rows, read once, and the comparison of a hostile record with them. */
    private static final class Stored {

        private final Map<String, Map<String, Object>> alerts = new HashMap<>();
        private final Map<String, Map<String, Object>> scores = new HashMap<>();
        private final Map<String, Map<String, Object>> transitions = new HashMap<>();
        private final Map<String, Map<String, Object>> profiles = new HashMap<>();

        static Stored load(String jdbcUrl) throws SQLException {
            Stored s = new Stored();
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                read(c, "SELECT * FROM alerts WHERE account_id LIKE 'fz-%'", s.alerts, "alert_id");
                read(c, "SELECT * FROM health_scores WHERE account_id LIKE 'fz-%'", s.scores, "account_id",
                        "evaluated_at");
                read(c, "SELECT * FROM level_transitions WHERE account_id LIKE 'fz-%'", s.transitions,
                        "account_id", "transitioned_at", "to_level");
                read(c, "SELECT * FROM account_profiles WHERE account_id LIKE 'fz-%'", s.profiles, "account_id");
            }
            return s;
        }

        private static void read(Connection c, String query, Map<String, Map<String, Object>> into,
                                 String... keyColumns) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(query); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        Object v = rs.getObject(col);
                        if (v instanceof java.sql.Array a) {
                            v = Arrays.asList((Object[]) a.getArray());
                        } else if (v instanceof Timestamp t) {
                            v = t.toInstant();
                        } else if (v instanceof java.sql.Date d) {
                            v = d.toLocalDate();
                        }
                        row.put(rs.getMetaData().getColumnLabel(col), v);
                    }
                    StringBuilder key = new StringBuilder();
                    for (String k : keyColumns) {
                        key.append(row.get(k)).append('|');
                    }
                    into.put(key.toString(), row);
                }
            }
        }

        /** Why the hostile record of the case is not stored as it was sent, or null when it is. */
        String problem(Case c) {
            return switch (c.hostile()) {
                case ChurnRiskAlert a -> compare(alerts.get(a.getAlertId() + "|"), Map.ofEntries(
                        Map.entry("account_id", a.getAccountId()), Map.entry("rule", a.getRule().name()),
                        Map.entry("severity", a.getSeverity().name()), Map.entry("score", a.getScore()),
                        Map.entry("level", a.getLevel().name()),
                        Map.entry("previous_level", name(a.getPreviousLevel())),
                        Map.entry("delta_7d", nullable(a.getDelta7d())), Map.entry("reasons", a.getReasons()),
                        Map.entry("renewal_date", nullable(a.getRenewalDate())),
                        Map.entry("coverage_model", name(a.getCoverageModel())),
                        Map.entry("segment", nullable(a.getSegment())),
                        Map.entry("model_version", a.getModelVersion()), Map.entry("raised_at", a.getRaisedAt())));
                case HealthScore h -> compare(scores.get(h.getAccountId() + "|" + h.getEvaluatedAt() + "|"),
                        Map.of("score", h.getScore(), "level", h.getLevel().name(),
                                "delta_7d", nullable(h.getDelta7d()), "reasons", h.getReasons()));
                case LevelTransition t -> compare(transitions.get(t.getAccountId() + "|" + t.getTransitionedAt()
                                + "|" + t.getToLevel() + "|"),
                        Map.of("from_level", t.getFromLevel().name(), "direction", t.getDirection().name(),
                                "score", t.getScore(), "reasons", t.getReasons()));
                case AccountProfile p -> compare(profiles.get(p.getAccountId() + "|"), profileFields(p, c));
                default -> "not decodable, so it cannot have been stored: " + c.hostile();
            };
        }

        /** For a dead-lettered record: whether any of its values reached the database nonetheless. */
        boolean partlyStored(Case c) {
            return switch (c.hostile()) {
                case ChurnRiskAlert a -> alerts.containsKey(a.getAlertId() + "|");
                case HealthScore h -> scores.containsKey(h.getAccountId() + "|" + h.getEvaluatedAt() + "|");
                case LevelTransition t -> transitions.containsKey(t.getAccountId() + "|" + t.getTransitionedAt()
                        + "|" + t.getToLevel() + "|");
                case AccountProfile p -> {
                    Map<String, Object> row = profiles.get(p.getAccountId() + "|");
                    if (row == null) {
                        yield false;
                    }
                    // The good profile sets only the name: any other field present came from the hostile one.
                    yield !p.getAccountId().equals(c.account()) || List.of("segment", "coverage_model", "csm_owner",
                            "contact_email", "contact_language", "renewal_date").stream()
                            .anyMatch(column -> row.get(column) != null);
                }
                default -> false;
            };
        }

        /** The good profile after it overwrites the name; the fields the hostile one left null say nothing. */
        private static Map<String, Object> profileFields(AccountProfile p, Case c) {
            Map<String, Object> expected = new HashMap<>();
            if (!p.getAccountId().equals(c.account())) {
                expected.put("name", p.getName() == null ? Optional.empty() : p.getName());
                expected.put("updated_at", p.getUpdatedAt());
            }
            expected.put("segment", p.getSegment());
            expected.put("coverage_model", p.getCoverageModel() == null ? null : p.getCoverageModel().name());
            expected.put("csm_owner", p.getCsmOwnerEmail());
            expected.put("contact_email", p.getContactEmail());
            expected.put("contact_language", p.getContactLanguage());
            expected.put("renewal_date", p.getRenewalDate());
            expected.values().removeIf(Objects::isNull);
            return expected;
        }

        private static String compare(Map<String, Object> row, Map<String, Object> expected) {
            if (row == null) {
                return "no row";
            }
            List<String> differences = new ArrayList<>();
            expected.forEach((column, want) -> {
                Object want2 = want instanceof Optional<?> o ? o.orElse(null) : want;
                Object have = row.get(column);
                boolean same = want2 instanceof Double d && have instanceof Double h ? d.doubleValue() == h
                        : Objects.equals(want2, have);
                if (!same) {
                    differences.add(column + ": sent " + shortened(want2) + ", stored " + shortened(have));
                }
            });
            return differences.isEmpty() ? null : String.join("; ", differences);
        }

        private static String shortened(Object value) {
            String text = String.valueOf(value);
            return text.length() > 80 ? text.substring(0, 80) + "… (" + text.length() + " chars)" : text;
        }

        private static Object name(Enum<?> value) {
            return value == null ? Optional.empty() : value.name();
        }

        private static Object nullable(Object value) {
            return value == null ? Optional.empty() : value;
        }
    }

    private static long seed(String text) {
        return text.trim().equalsIgnoreCase("random") ? System.nanoTime() : Long.parseLong(text.trim());
    }
}
