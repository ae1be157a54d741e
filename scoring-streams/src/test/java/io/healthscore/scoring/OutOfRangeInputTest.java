package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.scoring.state.AccountStateSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A record can reach an input topic without passing ingest (a buggy or hostile producer), so every value is checked
 * again before it is folded into an account's state: dates and instants within {@code ValueBounds}, numbers in
 * range, texts bounded and free of NUL and control characters, e-mail addresses by the shared rule. A record that
 * fails goes to its topic's dead-letter topic with a reason that starts with the field's name, and leaves the
 * account's state exactly as it was.
 */
class OutOfRangeInputTest {

    private static final LocalDate RENEWAL = LocalDate.of(2026, 5, 15);
    private static final String HUGE = "x".repeat(100 * 1024);

    private final ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void aRenewalDateOfTheYearMinus5000NeverReachesTheStateOrAnAlert() {
        // Given an account with a renewal date in range and one login
        hs.profile("acme", 10, RENEWAL);
        hs.login("acme", "u1");
        hs.advance(Duration.ofMinutes(1));
        hs.drain();

        // When a later profile claims a renewal in the year -5000, and the account then stays silent for 14 days
        AccountProfile hostile = hs.profile("acme").setRenewalDate(LocalDate.of(-5000, 1, 1)).build();
        hs.pipe(hostile);
        hs.advanceDays(14);

        // Then the profile is dead-lettered, naming the field, and the INACTIVITY alert carries the real renewal date
        assertThat(BadInputTest.headers(hs.profilesDlq().readRecord()).get("dlq.reason"))
                .isEqualTo("renewalDate -5000-01-01 must be a date between 1900-01-01 and 2200-12-31");
        List<ChurnRiskAlert> alerts = hs.alerts();
        assertThat(alerts).extracting(ChurnRiskAlert::getRule).contains(AlertRule.INACTIVITY);
        assertThat(alerts).extracting(ChurnRiskAlert::getRenewalDate).containsOnly(RENEWAL);
        assertThat(hs.state("acme").renewalDate()).isEqualTo(RENEWAL);
    }

    /** A hostile record of account acme, and how its dead-letter reason must begin. */
    record Hostile(String what, Function<ScoringDriver, SpecificRecord> record, String reasonStart) {

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> hostileRecords() {
        Instant year9999 = Instant.parse("9999-01-01T00:00:00Z");
        return Stream.of(
                usage("occurredAt at Long.MIN_VALUE millis", b -> b.setOccurredAt(Instant.ofEpochMilli(Long.MIN_VALUE)),
                        "occurredAt -292275055-05-16T16:47:04.192Z must be a time between 1900-01-01T00:00:00Z and 2201-01-01T00:00:00Z"),
                usage("occurredAt at Long.MAX_VALUE millis", b -> b.setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE)),
                        "occurredAt +292278994-08-17T07:12:55.807Z must be a time between"),
                usage("receivedAt at Long.MIN_VALUE millis", b -> b.setReceivedAt(Instant.ofEpochMilli(Long.MIN_VALUE)),
                        "receivedAt -292275055-05-16T16:47:04.192Z must be a time between"),
                usage("receivedAt in 1950, before Kafka's timestamps begin",
                        b -> b.setReceivedAt(Instant.parse("1950-01-01T00:00:00Z")),
                        "occurredAt 2026-03-02T09:00:00Z is more than PT5M after receivedAt 1950-01-01T00:00:00Z"),
                usage("receivedAt in 2150, far after now", b -> b.setReceivedAt(Instant.parse("2150-01-01T00:00:00Z")),
                        "receivedAt 2150-01-01T00:00:00Z is more than PT5M after now 2026-03-02T09:00:00Z"),
                usage("an empty messageId", b -> b.setMessageId(""), "messageId must not be empty"),
                usage("a NUL in userId", b -> b.setUserId("u\u00001"), "userId must not contain NUL characters"),
                usage("a userId of 257 characters", b -> b.setUserId("u".repeat(257)),
                        "userId is 257 characters long; at most 256 are accepted"),
                usage("a control character in feature", b -> b.setType(UsageEventType.FEATURE_USED)
                        .setFeature("reports\u0007"), "feature must not contain control characters"),
                usage("an empty onboardingStep", b -> b.setOnboardingStep(""), "onboardingStep must not be empty"),
                usage("a source of 100 KB", b -> b.setSource(HUGE), "source is 102400 characters long"),
                new Hostile("usage: an accountId of 100 KB", d -> d.event(HUGE, "u1", UsageEventType.LOGIN).build(),
                        "accountId is 102400 characters long; at most 256 are accepted"),
                signal("npsScore 11 for NPS_ANSWER", b -> b.setNpsScore(11), "npsScore must be 0..10 for NPS_ANSWER, got 11"),
                signal("npsScore -3 on a payment", b -> b.setType(SignalType.PAYMENT_FAILED).setNpsScore(-3),
                        "npsScore must be 0..10, got -3"),
                signal("a negative amountMinor", b -> b.setType(SignalType.PAYMENT_FAILED).setAmountMinor(-1L),
                        "amountMinor must not be negative, got -1"),
                signal("a NUL in ticketId", b -> b.setType(SignalType.SUPPORT_TICKET_CLOSED).setTicketId("t\u00001"),
                        "ticketId must not contain NUL characters"),
                signal("a note of 100 KB", b -> b.setNote(HUGE), "note is 102400 characters long; at most 4096 are accepted"),
                signal("occurredAt in the year 9999", b -> b.setOccurredAt(year9999),
                        "occurredAt 9999-01-01T00:00:00Z must be a time between"),
                profile("renewalDate in the year 9999", b -> b.setRenewalDate(LocalDate.of(9999, 12, 31)),
                        "renewalDate 9999-12-31 must be a date between 1900-01-01 and 2200-12-31"),
                profile("contractStart in 1800", b -> b.setContractStart(LocalDate.of(1800, 1, 1)),
                        "contractStart 1800-01-01 must be a date between"),
                profile("negative seats", b -> b.setSeats(-1), "seats must be 0..10000000, got -1"),
                profile("absurd seats", b -> b.setSeats(Integer.MAX_VALUE), "seats must be 0..10000000, got 2147483647"),
                profile("a negative mrrMinor", b -> b.setMrrMinor(-1L), "mrrMinor must not be negative, got -1"),
                profile("updatedAt at Long.MIN_VALUE millis", b -> b.setUpdatedAt(Instant.ofEpochMilli(Long.MIN_VALUE)),
                        "updatedAt -292275055-05-16T16:47:04.192Z must be a time between"),
                profile("updatedAt in 2200, which would freeze the profile",
                        b -> b.setUpdatedAt(Instant.parse("2200-06-01T00:00:00Z")),
                        "updatedAt 2200-06-01T00:00:00Z is more than PT5M after now 2026-03-02T09:00:00Z"),
                profile("a csmOwnerEmail that is no address", b -> b.setCsmOwnerEmail("not-an-address"),
                        "csmOwnerEmail must be one local part, one @ and one domain"),
                profile("a NUL in segment", b -> b.setSegment("smb\u0000"), "segment must not contain NUL characters"),
                profile("a name of 100 KB", b -> b.setName(HUGE), "name is 102400 characters long; at most 4096 are accepted"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRecords")
    void aValueOutOfRangeIsDeadLetteredNamingItsFieldAndLeavesTheStateAsItWas(Hostile hostile) {
        // Given an account with a profile, usage and an NPS answer
        hs.profile("acme", 10, RENEWAL);
        hs.login("acme", "u1");
        hs.nps("acme", 9);
        hs.drain();
        byte[] before = AccountStateSerde.encode(hs.state("acme"));

        // When a record with one hostile value arrives
        SpecificRecord record = hostile.record().apply(hs);
        hs.pipeAsWritten(accountOf(record), record);

        // Then it is dead-lettered with a reason naming the field, nothing else is published, and the state is unchanged
        TestOutputTopic<byte[], byte[]> dlq = switch (record) {
            case UsageEvent ignored -> hs.usageDlq();
            case AccountSignal ignored -> hs.signalsDlq();
            default -> hs.profilesDlq();
        };
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(BadInputTest.headers(dead).get("dlq.reason")).startsWith(hostile.reasonStart());
        assertThat(BadInputTest.headers(dead).get("dlq.error.class")).endsWith("InputRejectedException");
        assertThat(hs.allOutputsEmpty()).isTrue();
        assertThat(AccountStateSerde.encode(hs.state("acme"))).isEqualTo(before);
    }

    private static String accountOf(SpecificRecord record) {
        return switch (record) {
            case UsageEvent e -> e.getAccountId();
            case AccountSignal s -> s.getAccountId();
            case AccountProfile p -> p.getAccountId();
            default -> throw new IllegalArgumentException(record.toString());
        };
    }

    private static Hostile usage(String what, Function<UsageEvent.Builder, UsageEvent.Builder> change, String reason) {
        return new Hostile("usage: " + what, d -> change.apply(d.event("acme", "u2", UsageEventType.LOGIN)).build(),
                reason);
    }

    private static Hostile signal(String what, Function<AccountSignal.Builder, AccountSignal.Builder> change,
                                    String reason) {
        return new Hostile("signal: " + what,
                d -> change.apply(d.signal("acme", SignalType.NPS_ANSWER).setNpsScore(7)).build(), reason);
    }

    private static Hostile profile(String what, Function<AccountProfile.Builder, AccountProfile.Builder> change,
                                     String reason) {
        return new Hostile("profile: " + what, d -> change.apply(d.profile("acme")).build(), reason);
    }
}
