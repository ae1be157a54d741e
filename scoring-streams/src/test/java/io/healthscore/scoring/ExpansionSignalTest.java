package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.UsageEventType;
import io.healthscore.scoring.expansion.ExpansionMemory;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.topology.ScoringTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The expansion signal in the topology: SEATS_EXCEEDED (more users active in 7 days than seats, by the margin) and
 * RISING_ADOPTION (at LV4 for 14 days while the active user-days of the last 14 complete days are a quarter above
 * those of the 14 before), each at most once per account and kind per 30-day cooldown, on their own topic.
 */
class ExpansionSignalTest {

    private ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    /** Each day from the driver's now: {@code users} users log in and the first uses every key feature. */
    private void healthyDays(String account, int users, int days) {
        for (int d = 0; d < days; d++) {
            for (int u = 1; u <= users; u++) {
                hs.login(account, "u" + u);
            }
            for (String feature : ScoringDriver.KEY_FEATURES) {
                hs.useFeature(account, "u1", feature);
            }
            hs.advance(Duration.ofDays(1));
        }
    }

    private void onboarded(String account) {
        for (String step : ScoringDriver.ONBOARDING) {
            hs.completeStep(account, "u1", step);
        }
    }

    private void seats(String account, Integer seats) {
        hs.pipe(hs.profile(account).setSeats(seats).build());
    }

    private static long day(ExpansionOpportunity signal) {
        return Duration.between(ScoringDriver.T0, signal.getDetectedAt()).toDays();
    }

    private void restartWith(ExpansionThresholds thresholds) {
        hs.close();
        ScoringModel model = ScoringDriver.defaultModel().withExpansion(thresholds);
        hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(model));
    }

    @Test
    void moreActiveUsersThanSeatsByTheMarginSignalsSeatsExceeded() {
        // Given an account of 10 seats whose 10 users are active
        seats("acme", 10);
        healthyDays("acme", 10, 1);
        assertThat(hs.expansions()).isEmpty();

        // When an 11th user logs in the next day
        hs.login("acme", "u11");

        // Then one signal, with the evidence, on the expansion topic only
        List<ExpansionOpportunity> signals = hs.expansions();
        assertThat(signals).hasSize(1);
        ExpansionOpportunity s = signals.get(0);
        assertThat(s.getKind()).isEqualTo(ExpansionKind.SEATS_EXCEEDED);
        assertThat(s.getAccountId()).isEqualTo("acme");
        assertThat(s.getReasons()).containsExactly("11 users active in the last 7 days on 10 seats (10% over)");
        assertThat(s.getActiveUsers()).isEqualTo(11);
        assertThat(s.getSeats()).isEqualTo(10);
        assertThat(s.getWindowDays()).isEqualTo(7);
        assertThat(s.getDetectedAt()).isEqualTo(hs.now());
        assertThat(s.getModelVersion()).isEqualTo("test-1");
        assertThat(s.getSegment()).isEqualTo("smb");
        assertThat(s.getCoverageModel()).isEqualTo(CoverageModel.TECH_TOUCH);
        assertThat(s.getLevel()).isEqualTo(hs.state("acme").lastLevel());
        assertThat(s.getScore()).isEqualTo(hs.state("acme").lastScore());
        assertThat(s.getSignalId()).isNotBlank();
        assertThat(hs.alerts()).isEmpty();
        hs.drain();
        hs.login("acme", "u12");
        assertThat(hs.allOutputsEmpty()).as("nothing else while the cooldown runs").isTrue();
    }

    @Test
    void usersWithinTheMarginDoNotSignal() {
        // Given 20 seats: the margin of 10 % asks for 22 active users
        seats("acme", 20);

        // When 21 are active, every day for a week
        healthyDays("acme", 21, 7);

        // Then no signal
        assertThat(hs.expansions()).isEmpty();
    }

    @Test
    void aKindFiresAgainOnlyAfterItsCooldown() {
        // Given an account always one user above its 5 seats, 45 days long
        seats("acme", 5);
        healthyDays("acme", 6, 45);

        // Then it is signalled on day 0 and once more 30 days later
        assertThat(hs.expansions()).extracting(ExpansionSignalTest::day, ExpansionOpportunity::getKind)
                .containsExactly(tuple(0L, ExpansionKind.SEATS_EXCEEDED), tuple(30L, ExpansionKind.SEATS_EXCEEDED));
    }

    @Test
    void withoutAProfileOrWithoutSeatsNoSeatsAreExceeded() {
        // Given one account without any profile, one whose profile names no seats, one with seats 0 (unknown)
        seats("no-seats", null);
        seats("zero-seats", 0);

        // When 30 users use each of them for a week
        healthyDays("no-profile", 30, 7);
        healthyDays("no-seats", 30, 7);
        healthyDays("zero-seats", 30, 7);

        // Then none is signalled
        assertThat(hs.expansions()).isEmpty();
    }

    @Test
    void aLateEventCountsOnTheDayItOccurred() {
        // Given 10 users of 10 seats active today
        seats("acme", 10);
        healthyDays("acme", 10, 1);
        Instant now = hs.now();

        // When an 11th user's login arrives now but occurred 8 days ago, outside the 7-day window
        hs.pipe(hs.event("acme", "u11", UsageEventType.LOGIN).setOccurredAt(now.minus(Duration.ofDays(8))).build());
        // Then it exceeds nothing
        assertThat(hs.expansions()).isEmpty();

        // When another user's login from 3 days ago arrives, inside the window
        hs.pipe(hs.event("acme", "u12", UsageEventType.LOGIN).setOccurredAt(now.minus(Duration.ofDays(3))).build());
        // Then the account is signalled now, counting that user
        assertThat(hs.expansions()).extracting(ExpansionOpportunity::getActiveUsers, ExpansionOpportunity::getDetectedAt)
                .containsExactly(tuple(11, now));
    }

    @Test
    void sustainedLv4WithGrowingUseSignalsRisingAdoption() {
        // Given a healthy, onboarded team of four, daily, for four weeks (at LV4 within its first week)
        onboarded("acme");
        healthyDays("acme", 4, 28);
        assertThat(hs.state("acme").lastLevel()).isEqualTo(HealthLevel.LV4);

        // When two more users join them every day
        healthyDays("acme", 6, 14);

        // Then on day 35 (7 recent days of six users: 4 * 7 + 6 * 7 = 70 user-days against 56, +25 %) it is signalled,
        // once
        List<ExpansionOpportunity> signals = hs.expansions();
        assertThat(signals).extracting(ExpansionSignalTest::day, ExpansionOpportunity::getKind)
                .containsExactly(tuple(35L, ExpansionKind.RISING_ADOPTION));
        ExpansionOpportunity s = signals.get(0);
        assertThat(s.getReasons()).hasSize(3);
        assertThat(s.getReasons().get(0)).isEqualTo("active user-days rose 25% (70 in the last 14 days, 56 in the 14 before)");
        assertThat(s.getReasons().get(1)).isEqualTo("6 users active in the last 14 days, 4 in the 14 before");
        assertThat(s.getReasons().get(2)).startsWith("at LV4 or above for ");
        assertThat(s.getUserDays()).isEqualTo(70);
        assertThat(s.getPreviousUserDays()).isEqualTo(56);
        assertThat(s.getActiveUsers()).isEqualTo(6);
        assertThat(s.getPreviousActiveUsers()).isEqualTo(4);
        assertThat(s.getDaysAtLevel()).isGreaterThanOrEqualTo(14).isLessThanOrEqualTo(35);
        assertThat(s.getLevel()).isEqualTo(HealthLevel.LV4);
        assertThat(s.getSeats()).isNull();
    }

    @Test
    void steadyUseAtLv4IsNoExpansion() {
        onboarded("acme");
        healthyDays("acme", 4, 56);

        assertThat(hs.expansions()).isEmpty();
    }

    @Test
    void growthBeforeTheLevelWasHeldLongEnoughDoesNotSignal() {
        // Given a model that asks for 50 days at LV4
        restartWith(new ExpansionThresholds(true, 7, 0.1, 1, HealthLevel.LV4, 50, 14, 0.25, 10, Duration.ofDays(30)));
        onboarded("acme");
        healthyDays("acme", 4, 28);

        // When the team grows as above
        healthyDays("acme", 6, 14);

        // Then nothing: the account has not been at LV4 for 50 days
        assertThat(hs.expansions()).isEmpty();
    }

    @Test
    void aDisabledSignalNeverFires() {
        restartWith(new ExpansionThresholds(false, 7, 0.1, 1, HealthLevel.LV4, 14, 14, 0.25, 10, Duration.ofDays(30)));
        seats("acme", 2);

        healthyDays("acme", 10, 3);

        assertThat(hs.expansions()).isEmpty();
    }

    @Test
    void anErasureForgetsTheAccountsExpansionMemory() {
        // Given an account that was signalled
        seats("acme", 2);
        healthyDays("acme", 3, 1);
        assertThat(hs.expansions()).hasSize(1);
        KeyValueStore<String, ExpansionMemory> memory = hs.driver.getKeyValueStore(ScoringTopology.EXPANSION_STORE);
        assertThat(memory.get("acme")).isNotNull();

        // When it is erased
        hs.profileTombstone("acme", true);

        // Then its memory is gone
        assertThat(memory.get("acme")).isNull();
    }
}
