package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden state of every released format ({@code src/test/resources/state-formats/}) still reads to the
 * state its recipe builds, field by field, and re-encodes to the bytes today's format writes. A failure here
 * means stored states would be misread after a deploy.
 */
class GoldenStateFormatTest {

    private static final List<Integer> RELEASED_FORMATS = List.of(1, 2);
    private static final int CURRENT_FORMAT = 2;

    static Stream<Arguments> fixtures() {
        return RELEASED_FORMATS.stream().flatMap(format -> GoldenStates.all().keySet().stream()
                .map(name -> Arguments.of(format, name)));
    }

    @ParameterizedTest(name = "format {0}, {1}")
    @MethodSource("fixtures")
    void everyGoldenStateReadsToItsRecipe(int format, String name) {
        byte[] golden = golden(format, name);

        AccountState read = AccountStateSerde.decode(golden);

        assertThat(golden[0]).isEqualTo((byte) format);
        assertSameState(read, GoldenStates.all().get(name).get());
    }

    @ParameterizedTest(name = "format {0}, {1}")
    @MethodSource("fixtures")
    void reEncodingAGoldenStateGivesTheCurrentFormatsBytes(int format, String name) {
        byte[] current = golden(CURRENT_FORMAT, name);

        byte[] reEncoded = AccountStateSerde.encode(AccountStateSerde.decode(golden(format, name)));

        assertThat(reEncoded).isEqualTo(current);
        assertThat(AccountStateSerde.encode(AccountStateSerde.decode(reEncoded))).isEqualTo(current);
    }

    @Test
    void theRichStateReadsToTheValuesItWasWrittenWith() {
        AccountState s = AccountStateSerde.decode(golden(CURRENT_FORMAT, "rich"));

        assertThat(s.segment()).isEqualTo("enterprise");
        assertThat(s.coverageModel()).isEqualTo(CoverageModel.HIGH_TOUCH);
        assertThat(s.csmOwnerEmail()).isEqualTo("csm.owner@vendor.example");
        assertThat(s.renewalDate()).isEqualTo(LocalDate.of(2025, 9, 30));
        assertThat(s.seats()).isEqualTo(40);
        assertThat(s.usage.days).hasSize(10);
        assertThat(s.eventsCounted()).isEqualTo(60);
        assertThat(s.activeUsers().isSketch()).isFalse();
        assertThat(s.activeUsers().distinct(GoldenStates.FIRST_DAY, GoldenStates.FIRST_DAY + 9)).isEqualTo(9);
        assertThat(s.npsScore()).isEqualTo(9);
        assertThat(s.openTickets()).containsOnlyKeys("TCK-1001", "TCK-1003");
        assertThat(s.failedPayments()).hasSize(2);
        assertThat(s.lastScore()).isEqualTo(71.25);
        assertThat(s.lastLevel()).isEqualTo(HealthLevel.LV3);
        assertThat(s.lastComponents()).hasSize(8);
        assertThat(s.recentLevelChanges()).extracting(c -> c.from() + ">" + c.to())
                .containsExactly("LV1>LV2", "LV2>LV3", "LV3>LV4", "LV4>LV3");
        assertThat(s.alerts).hasSize(7);
        assertThat(s.alertMemory(AlertRule.SCORE_DROP).severity()).isEqualTo(Severity.SUSPECTED);
        assertThat(s.alertMemory(AlertRule.LEVEL_DOWN).severity()).isEqualTo(Severity.IMMINENT);
        assertThat(s.alertMemory(AlertRule.OTHER).severity()).isEqualTo(Severity.SUSPECTED);
    }

    @Test
    void theLimitsStateIsFullInEveryBoundedCollection() {
        StateLimits limits = StateLimits.defaults();

        AccountState s = AccountStateSerde.decode(golden(CURRENT_FORMAT, "limits"));

        assertThat(s.usage.days).hasSize(limits.bucketDays());
        assertThat(s.activeUsers().isSketch()).isFalse();
        assertThat(s.activeUsers().exactTable()).hasSize(limits.exactUsers());
        assertThat(s.openTickets()).hasSize(limits.maxOpenTickets());
        assertThat(s.failedPayments()).hasSize(limits.maxFailedPayments());
        assertThat(s.dailyScores.byDay).hasSize(limits.scoreHistoryDays());
        assertThat(s.recentLevelChanges()).hasSize(AccountState.RECENT_LEVEL_CHANGES);
        assertThat(s.segment()).hasSize(256);
        assertThat(s.seats()).isEqualTo(10_000_000);
        assertThat(s.renewalDate()).isEqualTo(LocalDate.of(2200, 12, 31));
        assertThat(s.coverageModel()).isEqualTo(CoverageModel.LOW_TOUCH);
        assertThat(s.lastLevel()).isEqualTo(HealthLevel.LV4);
    }

    @Test
    void theSketchedStateKeepsItsSketches() {
        AccountState s = AccountStateSerde.decode(golden(CURRENT_FORMAT, "sketched"));

        assertThat(s.activeUsers().isSketch()).isTrue();
        assertThat(s.activeUsers().sketches()).hasSize(3);
        assertThat(s.activeUsers().distinct(GoldenStates.FIRST_DAY, GoldenStates.FIRST_DAY + 2)).isBetween(700L, 900L);
        assertThat(s.coverageModel()).isEqualTo(CoverageModel.TECH_TOUCH);
        assertThat(s.csmOwnerEmail()).isNull();
        assertThat(s.lastLevel()).isEqualTo(HealthLevel.LV1);
    }

    @Test
    void theEmptyStateHasNothing() {
        AccountState s = AccountStateSerde.decode(golden(CURRENT_FORMAT, "empty"));

        assertThat(s.segment()).isNull();
        assertThat(s.coverageModel()).isNull();
        assertThat(s.hasUsage()).isFalse();
        assertThat(s.hasNps()).isFalse();
        assertThat(s.hasScore()).isFalse();
        assertThat(s.lastLevel()).isNull();
        assertThat(s.alerts).isEmpty();
    }

    @Test
    void theGoldenStatesUseEverySymbolOfEveryEnumTheFormatWrites() {
        TreeSet<String> coverage = new TreeSet<>();
        TreeSet<String> levels = new TreeSet<>();
        TreeSet<String> components = new TreeSet<>();
        TreeSet<String> rules = new TreeSet<>();
        TreeSet<String> severities = new TreeSet<>();

        for (String name : GoldenStates.all().keySet()) {
            AccountState s = AccountStateSerde.decode(golden(CURRENT_FORMAT, name));
            if (s.coverageModel() != null) {
                coverage.add(s.coverageModel().name());
            }
            if (s.lastLevel() != null) {
                levels.add(s.lastLevel().name());
            }
            s.recentLevelChanges().forEach(c -> {
                levels.add(c.from().name());
                levels.add(c.to().name());
            });
            s.lastComponents().keySet().forEach(c -> components.add(c.name()));
            s.alerts.forEach((rule, memory) -> {
                rules.add(rule.name());
                severities.add(memory.severity().name());
            });
        }

        // The symbols as they were when the fixtures were written; a symbol added since is covered by its code.
        assertThat(coverage).containsExactly("HIGH_TOUCH", "LOW_TOUCH", "TECH_TOUCH");
        assertThat(levels).containsExactly("LV1", "LV2", "LV3", "LV4");
        assertThat(components).containsExactly("ACTIVITY", "FEATURE_ADOPTION", "LOGIN_FREQUENCY", "ONBOARDING",
                "PAYMENT", "SENTIMENT", "SUPPORT", "TREND");
        assertThat(rules).containsExactly("DETRACTOR_NPS", "INACTIVITY", "LEVEL_DOWN", "OTHER", "PAYMENT_FAILED",
                "RENEWAL_AT_RISK", "SCORE_DROP");
        assertThat(severities).containsExactly("IMMINENT", "SUSPECTED");
    }

    /** Compares every field the format stores; a field added to the state must be added here too. */
    static void assertSameState(AccountState actual, AccountState expected) {
        assertThat(actual.profile.segment).as("segment").isEqualTo(expected.profile.segment);
        assertThat(actual.profile.coverageModel).as("coverageModel").isEqualTo(expected.profile.coverageModel);
        assertThat(actual.profile.csmOwnerEmail).as("csmOwnerEmail").isEqualTo(expected.profile.csmOwnerEmail);
        assertThat(actual.profile.renewalDate).as("renewalDate").isEqualTo(expected.profile.renewalDate);
        assertThat(actual.profile.seats).as("seats").isEqualTo(expected.profile.seats);
        assertThat(actual.profile.updatedAt).as("profileUpdatedAt").isEqualTo(expected.profile.updatedAt);

        assertThat(actual.usage.days.keySet()).as("days").isEqualTo(expected.usage.days.keySet());
        for (Map.Entry<Long, DayBucket> day : expected.usage.days.entrySet()) {
            DayBucket a = actual.usage.days.get(day.getKey());
            assertThat(a.logins()).as("logins of day %d", day.getKey()).isEqualTo(day.getValue().logins());
            assertThat(a.events()).as("events of day %d", day.getKey()).isEqualTo(day.getValue().events());
            assertThat(a.keyFeatures()).as("key features of day %d", day.getKey())
                    .isEqualTo(day.getValue().keyFeatures());
        }
        ActiveUsers au = actual.usage.activeUsers;
        ActiveUsers eu = expected.usage.activeUsers;
        assertThat(au.latestDay()).as("activeUsers.latestDay").isEqualTo(eu.latestDay());
        assertThat(au.isSketch()).as("activeUsers.isSketch").isEqualTo(eu.isSketch());
        if (eu.isSketch()) {
            assertThat(au.sketches().keySet()).as("sketch days").isEqualTo(eu.sketches().keySet());
            eu.sketches().forEach((day, sketch) -> assertThat(au.sketches().get(day).registers())
                    .as("sketch of day %d", day).isEqualTo(sketch.registers()));
        } else {
            assertThat(au.exactTable()).as("activeUsers.exactTable").isEqualTo(eu.exactTable());
        }
        assertThat(actual.usage.onboardingSteps).as("onboardingSteps").isEqualTo(expected.usage.onboardingSteps);
        assertThat(actual.usage.firstUsageAt).as("firstUsageAt").isEqualTo(expected.usage.firstUsageAt);
        assertThat(actual.usage.lastLoginAt).as("lastLoginAt").isEqualTo(expected.usage.lastLoginAt);
        assertThat(actual.usage.eventsCounted).as("eventsCounted").isEqualTo(expected.usage.eventsCounted);

        assertThat(actual.signals.npsScore).as("npsScore").isEqualTo(expected.signals.npsScore);
        assertThat(actual.signals.npsAt).as("npsAt").isEqualTo(expected.signals.npsAt);
        assertThat(actual.signals.ticketsSeen).as("ticketsSeen").isEqualTo(expected.signals.ticketsSeen);
        assertThat(actual.signals.openTickets).as("openTickets").isEqualTo(expected.signals.openTickets);
        assertThat(actual.signals.paymentsSeen).as("paymentsSeen").isEqualTo(expected.signals.paymentsSeen);
        assertThat(actual.signals.failedPayments).as("failedPayments").isEqualTo(expected.signals.failedPayments);

        // Bit for bit, so that "no score" (NaN) equals itself.
        assertThat(Double.doubleToLongBits(actual.published.score)).as("lastScore")
                .isEqualTo(Double.doubleToLongBits(expected.published.score));
        assertThat(actual.published.level).as("lastLevel").isEqualTo(expected.published.level);
        assertThat(actual.published.modelVersion).as("lastModelVersion").isEqualTo(expected.published.modelVersion);
        assertThat(actual.published.components).as("lastComponents").isEqualTo(expected.published.components);
        assertThat(actual.dailyScores.byDay).as("scoreHistory").isEqualTo(expected.dailyScores.byDay);
        assertThat(actual.alerts).as("alerts").isEqualTo(expected.alerts);
        assertThat(actual.published.reasons).as("lastReasons").isEqualTo(expected.published.reasons);
        assertThat(actual.published.recentLevelChanges).as("recentLevelChanges").isEqualTo(expected.published.recentLevelChanges);
        assertThat(actual.published.publishedAt).as("lastPublishedAt").isEqualTo(expected.published.publishedAt);
    }

    static byte[] golden(int format, String name) {
        String path = "/state-formats/format-" + format + "/" + name + ".bin";
        try (InputStream in = GoldenStateFormatTest.class.getResourceAsStream(path)) {
            assertThat(in).as("golden state %s", path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
