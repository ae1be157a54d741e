package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.serde.WireFormat;
import io.healthscore.schemas.values.EmailAddress;
import io.healthscore.schemas.values.ValueBounds;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AccountStateSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of scoring's three inputs with records that are valid Avro but hostile: extreme dates and numbers,
 * Long.MIN/MAX times, 100 KB strings, empty strings, NUL and control characters, unknown enum symbols (a newer
 * writer's schema; the reader falls back to OTHER), nulls in every nullable field, tombstones, keys that are not the
 * account, out-of-order and duplicate event times, properties maps of 10,000 entries. Each case is one account: a few
 * good records, then hostile records interleaved with good ones, all through the real serdes and the topology test
 * driver. Asserted after every record: the topology does not throw; a hostile record is either accepted or is the one
 * record its topic's DLQ gained (accepted + dead-lettered = piped; a good record is never dead-lettered, and Kafka
 * Streams counts as dropped is one of those dead letters); every score, transition and alert has only in-range values; the account's state stays in
 * bounds; and the good record after each hostile one is scored.
 * <p>
 * {@code -Dfuzz.cases} (5,000) and {@code -Dfuzz.seed} (20261201 unless given; {@code random} for a fresh one; printed) choose the run; {@code -Dfuzz.case=i}
 * replays case i alone: its records come from (seed, i) only, it has an account of its own, and the clock stands
 * still, so it does the same alone as within the run.
 */
class InputFuzzTest {

    private static final int CASES = Integer.getInteger("fuzz.cases", 5_000);
    /** Fixed unless {@code fuzz.seed} says otherwise (a number, or {@code random}), so builds are reproducible. */
    private static final long SEED = seed(System.getProperty("fuzz.seed", "20261201"));
    private static final Integer ONLY_CASE = Integer.getInteger("fuzz.case");
    private static final Instant NOW = ScoringDriver.T0;
    private static final String HUGE = "h".repeat(100 * 1024);

    private final ScoringDriver hs = new ScoringDriver(ScoringDriver.everyEvaluationPublished());
    private final Inputs inputs = new Inputs(hs);
    private final Figures figures = new Figures();

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void hostileButValidRecordsAreAcceptedInBoundsOrDeadLetteredAndScoringGoesOn() {
        System.out.printf(Locale.ROOT, "InputFuzzTest: seed %d, %d cases (replay: -Dfuzz.seed=%d [-Dfuzz.case=i])%n",
                SEED, CASES, SEED);
        long started = System.nanoTime();
        int from = ONLY_CASE == null ? 0 : ONLY_CASE;
        int to = ONLY_CASE == null ? CASES : ONLY_CASE + 1;
        for (int i = from; i < to; i++) {
            runCase(i);
        }

        // Kafka Streams counts a record as dropped when a handler dead-letters it, and also when it drops one
        // unseen (a negative record time): the two counts agree only if nothing went missing.
        assertThat(droppedByKafkaStreams()).as("records Kafka Streams dropped (each must be a dead letter)")
                .isEqualTo(figures.deadLettered);
        assertThat(figures.accepted + figures.deadLettered).isEqualTo(figures.hostile);
        System.out.printf(Locale.ROOT, "InputFuzzTest: seed %d: %d cases, %d records piped, %d of them hostile: %d "
                        + "accepted, %d dead-lettered; %d scores, %d transitions, %d alerts checked; %.1f s%n",
                SEED, to - from, figures.piped, figures.hostile, figures.accepted, figures.deadLettered,
                figures.scores, figures.transitions, figures.alerts, (System.nanoTime() - started) / 1e9);
    }

    private void runCase(int i) {
        SplittableRandom random = new SplittableRandom(SEED ^ (0x9E3779B97F4A7C15L * (i + 1)));
        Cases c = new Cases(random, "fz-" + i);
        String label = "case " + i + " (-Dfuzz.seed=" + SEED + " -Dfuzz.case=" + i + ")";
        good(label, c.goodProfile());
        good(label, c.goodLogin());
        if (random.nextBoolean()) {
            good(label, c.goodSignal());
        }
        int hostile = 1 + random.nextInt(4);
        for (int h = 0; h < hostile; h++) {
            Piped bad = c.hostile();
            String what = label + ", hostile record " + h + ": " + bad.what();
            int dead = pipe(what, bad);
            figures.hostile++;
            if (dead == 0) {
                figures.accepted++;
            } else {
                figures.deadLettered++;
            }
            assertStateInBounds(what, c.account());
            // Then the next good record of the same account is scored
            Piped next = c.goodLogin();
            List<HealthScore> scores = new ArrayList<>();
            assertThat(pipe(what + ", then a good login", next, scores)).as(what + ": good login dead-lettered").isZero();
            assertThat(scores).as(what + ": the good login after it was not scored")
                    .filteredOn(s -> s.getAccountId().equals(c.account())).isNotEmpty()
                    .last().satisfies(s -> assertThat(s.getEventCount())
                            .isEqualTo(hs.state(c.account()).eventsCounted()));
        }
        if (random.nextInt(4) == 0) {
            good(label, c.goodSignal());
        }
        assertStateInBounds(label, c.account());
    }

    private void good(String label, Piped record) {
        assertThat(pipe(label + ", good " + record.what(), record)).as(label + ": good record dead-lettered: "
                + record.what()).isZero();
    }

    private int pipe(String what, Piped record) {
        return pipe(what, record, new ArrayList<>());
    }

    /** Pipes one record; checks every output it caused; returns how many dead letters it caused (0 or 1). */
    private int pipe(String what, Piped record, List<HealthScore> scores) {
        figures.piped++;
        inputs.pipe(record);
        int dead = 0;
        for (TestOutputTopic<byte[], byte[]> dlq : List.of(hs.usageDlq(), hs.signalsDlq(), hs.profilesDlq())) {
            for (TestRecord<byte[], byte[]> letter : dlq.readRecordsToList()) {
                dead++;
                assertThat(letter.value()).as(what + ": a dead letter holds the bytes it came from")
                        .isEqualTo(record.value());
                assertThat(BadInputTest.headers(letter).get("dlq.reason")).as(what).isNotBlank().hasSizeLessThan(1_000);
            }
        }
        assertThat(dead).as(what + ": dead letters of one record").isLessThanOrEqualTo(1);
        List<HealthScore> published = hs.scores();
        hs.latestScores();
        published.forEach(s -> assertScoreInBounds(what, s));
        scores.addAll(published);
        hs.transitions().forEach(t -> assertTransitionInBounds(what, t));
        hs.alerts().forEach(a -> assertAlertInBounds(what, a));
        return dead;
    }

    // ---- what every output and state must satisfy ----

    private void assertScoreInBounds(String what, HealthScore s) {
        figures.scores++;
        assertThat(s.getScore()).as(what + ": score").isBetween(0.0, 100.0);
        assertNullOrBetween(what + ": previousScore", s.getPreviousScore(), 0, 100);
        assertNullOrBetween(what + ": delta7d", s.getDelta7d(), -100, 100);
        assertThat(s.getDataCoverage()).as(what + ": dataCoverage").isBetween(0.0, 1.0);
        for (ComponentScore component : s.getComponents()) {
            assertNullOrBetween(what + ": " + component.getComponent(), component.getValue(), 0, 100);
            assertThat(component.getWeight()).as(what + ": weight").isBetween(0.0, 1_000.0);
            assertBoundedText(what + ": measure", component.getMeasure(), 4096);
        }
        assertId(what + ": accountId", s.getAccountId());
        assertBoundedText(what + ": segment", s.getSegment(), 256);
        s.getReasons().forEach(r -> assertBoundedText(what + ": reason", r, 4096));
        assertThat(s.getEventCount()).as(what + ": eventCount").isNotNegative();
        assertThat(ValueBounds.instantInRange(s.getEvaluatedAt())).as(what + ": evaluatedAt").isTrue();
    }

    private void assertTransitionInBounds(String what, LevelTransition t) {
        figures.transitions++;
        assertThat(t.getScore()).as(what + ": transition score").isBetween(0.0, 100.0);
        assertNullOrBetween(what + ": transition previousScore", t.getPreviousScore(), 0, 100);
        assertId(what + ": accountId", t.getAccountId());
        assertBoundedText(what + ": segment", t.getSegment(), 256);
        t.getReasons().forEach(r -> assertBoundedText(what + ": reason", r, 4096));
        assertThat(ValueBounds.instantInRange(t.getTransitionedAt())).as(what + ": transitionedAt").isTrue();
    }

    private void assertAlertInBounds(String what, ChurnRiskAlert a) {
        figures.alerts++;
        assertThat(a.getScore()).as(what + ": alert score").isBetween(0.0, 100.0);
        assertNullOrBetween(what + ": alert delta7d", a.getDelta7d(), -100, 100);
        assertId(what + ": alertId", a.getAlertId());
        assertId(what + ": accountId", a.getAccountId());
        assertThat(ValueBounds.dateInRange(a.getRenewalDate())).as(what + ": renewalDate " + a.getRenewalDate()).isTrue();
        assertThat(a.getCsmOwnerEmail() == null || EmailAddress.isValid(a.getCsmOwnerEmail()))
                .as(what + ": csmOwnerEmail").isTrue();
        assertBoundedText(what + ": segment", a.getSegment(), 256);
        a.getReasons().forEach(r -> assertBoundedText(what + ": reason", r, 4096));
        assertThat(ValueBounds.instantInRange(a.getRaisedAt())).as(what + ": raisedAt").isTrue();
    }

    private void assertStateInBounds(String what, String account) {
        AccountState state = hs.state(account);
        if (state == null) {
            return;
        }
        assertThat(ValueBounds.dateInRange(state.renewalDate())).as(what + ": stored renewalDate").isTrue();
        assertThat(state.seats()).as(what + ": stored seats").satisfiesAnyOf(
                seats -> assertThat(seats).isNull(), seats -> assertThat(seats).isBetween(1, ScoringConfig.MAX_SEATS));
        assertBoundedText(what + ": stored segment", state.segment(), 256);
        assertThat(state.csmOwnerEmail() == null || EmailAddress.isValid(state.csmOwnerEmail()))
                .as(what + ": stored csmOwnerEmail").isTrue();
        assertThat(state.npsScore()).as(what + ": stored npsScore").isBetween(-1, 10);
        for (long at : new long[]{state.firstUsageAt(), state.lastLoginAt(), state.hasNps() ? state.npsAt() : NOW.toEpochMilli()}) {
            assertThat(at == Long.MIN_VALUE || ValueBounds.instantInRange(Instant.ofEpochMilli(at)))
                    .as(what + ": a stored time " + at).isTrue();
        }
        state.openTickets().keySet().forEach(t -> assertId(what + ": stored ticket", t));
        state.onboardingSteps().forEach(step -> assertId(what + ": stored step", step));
        assertThat(AccountStateSerde.encode(state).length).as(what + ": stored bytes").isLessThan(64 * 1024);
    }

    private static void assertNullOrBetween(String what, Double value, double min, double max) {
        if (value != null) {
            assertThat(value).as(what).isBetween(min, max);
        }
    }

    private static void assertId(String what, String value) {
        assertThat(value).as(what).isNotBlank();
        assertBoundedText(what, value, 256);
    }

    private static void assertBoundedText(String what, String value, int max) {
        if (value != null) {
            assertThat(value.length()).as(what + " length").isLessThanOrEqualTo(max);
            assertThat(value.chars().noneMatch(ch -> ch == 0)).as(what + " has no NUL").isTrue();
        }
    }

    private long droppedByKafkaStreams() {
        double dropped = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : hs.driver.metrics().entrySet()) {
            if (m.getKey().name().equals("dropped-records-total")) {
                dropped += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return (long) dropped;
    }

    // ---- records ----

    /** One record as written to its topic: its bytes (null for a tombstone), and what it is, for messages. */
    record Piped(String topic, String key, byte[] value, String what) {
    }

    /** Counts of one run. */
    static final class Figures {
        long piped;
        long hostile;
        long accepted;
        long deadLettered;
        long scores;
        long transitions;
        long alerts;
    }

    /** Raw input topics and the serdes of the real topics, plus a newer writer's schemas with an extra enum symbol. */
    static final class Inputs {

        private final ScoringDriver hs;
        private final Map<String, TestInputTopic<String, byte[]>> raw = new HashMap<>();
        private final Map<String, Newer> newer = new HashMap<>();

        Inputs(ScoringDriver hs) {
            this.hs = hs;
            for (Topic<String, ?> topic : List.of(hs.topics.usageEvents(), hs.topics.accountSignals(),
                    hs.topics.accountProfiles())) {
                raw.put(topic.name(), hs.driver.createInputTopic(topic.name(), topic.keySerde().serializer(),
                        new ByteArraySerializer()));
            }
            newer.put(hs.topics.usageEvents().name(), new Newer(hs, hs.topics.usageEvents(), UsageEvent.getClassSchema()));
            newer.put(hs.topics.accountSignals().name(), new Newer(hs, hs.topics.accountSignals(),
                    AccountSignal.getClassSchema()));
        }

        void pipe(Piped record) {
            // A producer's CreateTime: the driver's now, whatever the record claims.
            raw.get(record.topic()).pipeInput(record.key(), record.value(), NOW);
        }

        <V extends SpecificRecord> byte[] bytes(Topic<String, V> topic, V value) {
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            // Every hostile record is valid Avro: it decodes, so none can vanish into the deserialization handler
            // (whose dead letters the test driver does not capture).
            topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
            return bytes;
        }

        /** The record as a newer writer would send it, with the enum field {@code field} set to a symbol we lack. */
        byte[] withUnknownSymbol(String topic, SpecificRecord value, String field) {
            byte[] bytes = newer.get(topic).write(value, field);
            Object decoded = newerTopic(topic).valueSerde().deserializer().deserialize(topic, bytes);
            assertThat(decoded.toString()).contains("\"OTHER\"");
            return bytes;
        }

        private Topic<String, ?> newerTopic(String topic) {
            return topic.equals(hs.topics.usageEvents().name()) ? hs.topics.usageEvents() : hs.topics.accountSignals();
        }
    }

    /** A newer writer's schema of a topic: its type enum has one more symbol, FUTURE_TYPE. */
    static final class Newer {

        private final Schema current;
        private final Schema schema;
        private final int id;

        Newer(ScoringDriver hs, Topic<String, ?> topic, Schema current) {
            this.current = current;
            this.schema = new Schema.Parser().parse(current.toString().replace("\"OTHER\"]", "\"OTHER\",\"FUTURE_TYPE\"]"));
            this.id = hs.registry().register(topic.valueSubject(), schema);
        }

        byte[] write(SpecificRecord value, String field) {
            try {
                // Through the generic model, without logical-type conversions: times and dates stay numbers.
                ByteArrayOutputStream plain = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
                new org.apache.avro.specific.SpecificDatumWriter<SpecificRecord>(current).write(value, encoder);
                encoder.flush();
                GenericRecord generic = new GenericDatumReader<GenericRecord>(current, schema)
                        .read(null, DecoderFactory.get().binaryDecoder(plain.toByteArray(), null));
                generic.put(field, new GenericData.EnumSymbol(schema.getField(field).schema(), "FUTURE_TYPE"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder newerEncoder = EncoderFactory.get().binaryEncoder(out, null);
                new GenericDatumWriter<GenericRecord>(schema).write(generic, newerEncoder);
                newerEncoder.flush();
                return WireFormat.frame(id, out.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The records of one case: good ones, and hostile ones drawn from the case's own random source. */
    final class Cases {

        private final SplittableRandom random;
        private final String account;
        private final List<String> messageIds = new ArrayList<>();
        private int serial;

        Cases(SplittableRandom random, String account) {
            this.random = random;
            this.account = account;
        }

        String account() {
            return account;
        }

        Piped goodLogin() {
            UsageEvent login = UsageEvent.newBuilder().setMessageId(nextId()).setAccountId(account)
                    .setUserId("good-" + (serial++)).setType(UsageEventType.LOGIN)
                    .setOccurredAt(NOW.minusSeconds(random.nextInt(3_600))).setReceivedAt(NOW).setSource("fuzz").build();
            return usage(login, "login");
        }

        Piped goodSignal() {
            AccountSignal.Builder b = AccountSignal.newBuilder().setMessageId(nextId()).setAccountId(account)
                    .setOccurredAt(NOW.minusSeconds(random.nextInt(86_400))).setReceivedAt(NOW).setSource("fuzz");
            switch (random.nextInt(4)) {
                case 0 -> b.setType(SignalType.NPS_ANSWER).setNpsScore(random.nextInt(11));
                case 1 -> b.setType(SignalType.PAYMENT_FAILED).setAmountMinor(10_000L).setCurrency("EUR");
                case 2 -> b.setType(SignalType.SUPPORT_TICKET_OPENED).setTicketId("t-" + random.nextInt(5))
                        .setTicketPriority(TicketPriority.HIGH);
                default -> b.setType(SignalType.PAYMENT_SUCCEEDED).setAmountMinor(10_000L);
            }
            return signal(b.build(), "signal");
        }

        Piped goodProfile() {
            AccountProfile profile = AccountProfile.newBuilder().setAccountId(account).setName("Account " + account)
                    .setSegment(random.nextBoolean() ? "smb" : "enterprise").setCoverageModel(CoverageModel.LOW_TOUCH)
                    .setCsmOwnerEmail("csm@example.com").setSeats(1 + random.nextInt(100))
                    .setRenewalDate(LocalDate.ofInstant(NOW, java.time.ZoneOffset.UTC).plusDays(random.nextInt(200)))
                    .setUpdatedAt(NOW.minusSeconds(3_600)).setSource("crm").build();
            return profile(profile, "profile");
        }

        /** One hostile record: usage, signal or profile with hostile values, a tombstone, or a foreign key. */
        Piped hostile() {
            int kind = random.nextInt(100);
            if (kind < 4) {
                String topic = pick(hs.topics.usageEvents().name(), hs.topics.accountSignals().name(),
                        hs.topics.accountProfiles().name());
                return new Piped(topic, account, null, "tombstone on " + topic);
            }
            if (kind < 40) {
                return hostileUsage();
            }
            if (kind < 70) {
                return hostileSignal();
            }
            return hostileProfile();
        }

        private Piped hostileUsage() {
            boolean reuseId = !messageIds.isEmpty() && random.nextInt(8) == 0;
            UsageEvent.Builder b = UsageEvent.newBuilder()
                    .setMessageId(reuseId ? messageIds.get(random.nextInt(messageIds.size())) : maybe(this::nextId, this::id))
                    .setAccountId(accountField()).setUserId(maybe(() -> "u-" + random.nextInt(50), () -> nullable(this::id)))
                    .setType(pick(UsageEventType.values()))
                    .setFeature(maybe(() -> pick("reports", "dashboards", "exports", "unknown-feature"), () -> nullable(this::id)))
                    .setOnboardingStep(maybe(() -> pick("create-project", "invite-team"), () -> nullable(this::id)))
                    .setOccurredAt(eventTime()).setReceivedAt(receivedTime()).setSource(maybe(() -> "fuzz", this::id));
            if (random.nextInt(200) == 0) {
                Map<String, String> properties = new HashMap<>();
                for (int p = 0; p < 10_000; p++) {
                    properties.put("p" + p, "v" + p);
                }
                b.setProperties(properties);
            } else if (random.nextInt(10) == 0) {
                b.setProperties(Map.of(id(), id()));
            }
            UsageEvent event = b.build();
            if (!reuseId) {
                messageIds.add(event.getMessageId());
            }
            if (random.nextInt(15) == 0) {
                return new Piped(hs.topics.usageEvents().name(), key(event.getAccountId()),
                        inputs.withUnknownSymbol(hs.topics.usageEvents().name(), event, "type"),
                        "usage of an unknown type: " + describe(event));
            }
            return new Piped(hs.topics.usageEvents().name(), key(event.getAccountId()),
                    inputs.bytes(hs.topics.usageEvents(), event), "usage " + describe(event));
        }

        private Piped hostileSignal() {
            SignalType type = pick(SignalType.values());
            AccountSignal signal = AccountSignal.newBuilder().setMessageId(maybe(this::nextId, this::id))
                    .setAccountId(accountField()).setType(type)
                    .setNpsScore(maybe(() -> random.nextInt(11), () -> pick(null, -1, 11, Integer.MIN_VALUE, Integer.MAX_VALUE)))
                    .setTicketId(maybe(() -> "t-" + random.nextInt(5), () -> nullable(this::id)))
                    .setTicketPriority(random.nextBoolean() ? null : pick(TicketPriority.values()))
                    .setAmountMinor(maybe(() -> pick(null, 0L, 1L, 10_000L, Long.MAX_VALUE), () -> pick(-1L, Long.MIN_VALUE)))
                    .setCurrency(maybe(() -> pick(null, "EUR", "JPY"), this::id))
                    .setUserId(maybe(() -> pick(null, "u-1"), this::id)).setNote(nullable(this::text))
                    .setOccurredAt(eventTime()).setReceivedAt(receivedTime()).setSource(maybe(() -> "fuzz", this::id))
                    .build();
            if (random.nextInt(15) == 0) {
                return new Piped(hs.topics.accountSignals().name(), key(signal.getAccountId()),
                        inputs.withUnknownSymbol(hs.topics.accountSignals().name(), signal, "type"),
                        "signal of an unknown type: " + describe(signal));
            }
            return new Piped(hs.topics.accountSignals().name(), key(signal.getAccountId()),
                    inputs.bytes(hs.topics.accountSignals(), signal), "signal " + describe(signal));
        }

        private Piped hostileProfile() {
            AccountProfile profile = AccountProfile.newBuilder().setAccountId(accountField())
                    .setName(nullable(this::text)).setPlan(maybe(() -> pick(null, "pro"), this::id))
                    .setMrrMinor(maybe(() -> pick(null, 0L, 99_00L, Long.MAX_VALUE), () -> pick(-1L, Long.MIN_VALUE)))
                    .setCurrency(maybe(() -> pick(null, "EUR"), this::id)).setSegment(maybe(() -> pick("smb", "enterprise", null), this::id))
                    .setCoverageModel(random.nextBoolean() ? null : pick(CoverageModel.values()))
                    .setCsmOwnerEmail(maybe(() -> pick("csm@example.com", "other.csm@example.co.jp", null), this::email))
                    .setContactEmail(maybe(() -> null, this::email)).setContactLanguage(maybe(() -> pick(null, "ja"), this::id))
                    .setSeats(maybe(() -> pick(null, 0, 1, 25, ScoringConfig.MAX_SEATS),
                            () -> pick(ScoringConfig.MAX_SEATS + 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)))
                    .setContractStart(random.nextBoolean() ? null : date()).setRenewalDate(random.nextBoolean() ? null : date())
                    .setUpdatedAt(maybe(() -> NOW.minusSeconds(random.nextInt(7_200)), this::instant))
                    .setSource(maybe(() -> "crm", this::id)).build();
            return new Piped(hs.topics.accountProfiles().name(), key(profile.getAccountId()),
                    inputs.bytes(hs.topics.accountProfiles(), profile), "profile " + describe(profile));
        }

        // ---- values ----

        /** The case's account, or now and then an invalid id or another account of this case only. */
        private String accountField() {
            return random.nextInt(10) != 0 ? account : pick("", " ", HUGE, account + "\u0000", account + "\u0007",
                    account + "x".repeat(257), account.toUpperCase(Locale.ROOT), account + "-日本");
        }

        /** The Kafka key: the account id, or now and then another account, none, or one that differs. */
        private String key(String accountId) {
            return switch (random.nextInt(40)) {
                case 0 -> null;
                case 1 -> account + "-other";
                default -> accountId;
            };
        }

        private String id() {
            return pick("", " ", "a", "x".repeat(256), "x".repeat(257), HUGE, "nul\u0000id", "bell\u0007", "tab\tid",
                    "日本語のid", "emoji-\uD83D\uDE00", "lone-\uD800", "id-" + random.nextInt(1_000), "line\nbreak",
                    "\u007f");
        }

        private String text() {
            return pick("", "A comment", "line one\nline two\ttabbed", "x".repeat(4096), "x".repeat(4097), HUGE,
                    "nul\u0000text", "esc\u001b[31m", "日本語のコメント");
        }

        private String email() {
            return pick("", "not-an-address", "a@b", "a@[10.0.0.1]", "x@" + "d".repeat(300) + ".com", "nul\u0000@example.com",
                    "\"quoted\"@example.com", "user@example.com", "user@xn--bcher-kva.example", "user@bücher.example");
        }

        private Instant eventTime() {
            return maybe(() -> NOW.minusMillis(random.nextLong(Duration.ofDays(27).toMillis())), this::instant);
        }

        private Instant receivedTime() {
            return maybe(() -> NOW.minusMillis(random.nextLong(3_600_000)), this::instant);
        }

        private Instant instant() {
            long millis = pick(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, ValueBounds.MIN_INSTANT.toEpochMilli() - 1,
                    ValueBounds.MIN_INSTANT.toEpochMilli(), ValueBounds.MAX_INSTANT.toEpochMilli() - 1,
                    ValueBounds.MAX_INSTANT.toEpochMilli(), NOW.minus(Duration.ofDays(28)).toEpochMilli() - 1,
                    NOW.minus(Duration.ofDays(29)).toEpochMilli(), NOW.toEpochMilli(),
                    NOW.plus(Duration.ofMinutes(5)).toEpochMilli(), NOW.plus(Duration.ofMinutes(5)).toEpochMilli() + 1,
                    NOW.plus(Duration.ofDays(365)).toEpochMilli(), Instant.parse("9999-12-31T23:59:59Z").toEpochMilli(),
                    Instant.parse("1950-06-01T00:00:00Z").toEpochMilli());
            return Instant.ofEpochMilli(millis);
        }

        private LocalDate date() {
            LocalDate today = LocalDate.ofInstant(NOW, java.time.ZoneOffset.UTC);
            return maybe(() -> today.plusDays(random.nextInt(-400, 400)), () -> pick(LocalDate.ofEpochDay(Integer.MIN_VALUE), LocalDate.ofEpochDay(Integer.MAX_VALUE),
                    LocalDate.of(-5000, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1899, 12, 31),
                    ValueBounds.MIN_DATE, ValueBounds.MAX_DATE, ValueBounds.MAX_DATE.plusDays(1), LocalDate.EPOCH,
                    today.plusDays(random.nextInt(-400, 400))));
        }

        private String nextId() {
            return account + "-m" + (serial++);
        }

        /** Usually the plausible value, now and then (one in eight) a hostile one. */
        private <T> T maybe(Supplier<T> plausible, Supplier<T> hostile) {
            return random.nextInt(8) == 0 ? hostile.get() : plausible.get();
        }

        private <T> T nullable(Supplier<T> value) {
            return random.nextInt(3) == 0 ? null : value.get();
        }

        @SafeVarargs
        private <T> T pick(T... values) {
            return values[random.nextInt(values.length)];
        }

        private Piped usage(UsageEvent event, String what) {
            messageIds.add(event.getMessageId());
            return new Piped(hs.topics.usageEvents().name(), event.getAccountId(),
                    inputs.bytes(hs.topics.usageEvents(), event), what);
        }

        private Piped signal(AccountSignal signal, String what) {
            return new Piped(hs.topics.accountSignals().name(), signal.getAccountId(),
                    inputs.bytes(hs.topics.accountSignals(), signal), what);
        }

        private Piped profile(AccountProfile profile, String what) {
            return new Piped(hs.topics.accountProfiles().name(), profile.getAccountId(),
                    inputs.bytes(hs.topics.accountProfiles(), profile), what);
        }
    }

    /** A record for an assertion message: its text with long strings cut, control characters escaped. */
    private static String describe(SpecificRecord record) {
        String text = record.toString();
        StringBuilder out = new StringBuilder();
        int run = 0;
        for (int i = 0; i < text.length() && out.length() < 2_000; i++) {
            char c = text.charAt(i);
            run = c == (i > 0 ? text.charAt(i - 1) : 0) ? run + 1 : 0;
            if (run > 20) {
                continue;
            }
            out.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    private static long seed(String text) {
        return text.trim().equalsIgnoreCase("random") ? new SplittableRandom().nextLong() : Long.parseLong(text.trim());
    }
}
