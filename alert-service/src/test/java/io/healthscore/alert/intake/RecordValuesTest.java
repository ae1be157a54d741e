package io.healthscore.alert.intake;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.Records;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordValuesTest {

    @Test
    void ordinaryRecordsOfEveryTopicPass() {
        assertThatCode(() -> {
            RecordValues.check(alert().build());
            RecordValues.check(Records.score("acct-1", 41.0, Records.T0));
            RecordValues.check(transition().build());
            RecordValues.check(profile());
        }).doesNotThrowAnyException();
    }

    @Test
    void aRenewalDateOutsideTheYears1900To2200IsRefusedNamingTheField() {
        AccountProfile profile = profile();
        profile.setRenewalDate(LocalDate.of(-5000, 1, 1));

        assertThatThrownBy(() -> RecordValues.check(profile)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("renewalDate").hasMessageContaining("1900-01-01");
        assertThatThrownBy(() -> RecordValues.check(alert().setRenewalDate(LocalDate.of(9999, 12, 31)).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("renewalDate");
    }

    @Test
    void instantsAtTheEndsOfTheEpochAreRefused() {
        assertThatThrownBy(() -> RecordValues.check(alert().setRaisedAt(Instant.ofEpochMilli(Long.MIN_VALUE)).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("raisedAt");
        assertThatThrownBy(() -> RecordValues.check(Records.score("acct-1", 41.0, Instant.ofEpochMilli(Long.MAX_VALUE))))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("evaluatedAt");
        assertThatThrownBy(() -> RecordValues.check(transition().setTransitionedAt(Instant.parse("1899-12-31T23:59:59Z"))
                .build())).isInstanceOf(InvalidRecordException.class).hasMessageContaining("transitionedAt");
        AccountProfile profile = profile();
        profile.setUpdatedAt(Instant.parse("2201-01-01T00:00:00Z"));
        assertThatThrownBy(() -> RecordValues.check(profile)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedAt");
    }

    @Test
    void scoresThatAreNotFiniteNumbersAreRefused() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> RecordValues.check(alert().setScore(bad).build()))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("score");
            assertThatThrownBy(() -> RecordValues.check(alert().setDelta7d(bad).build()))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("delta7d");
            assertThatThrownBy(() -> RecordValues.check(Records.score("acct-1", bad, Records.T0)))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("score");
            assertThatThrownBy(() -> RecordValues.check(transition().setScore(bad).build()))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("score");
        }
    }

    @Test
    void extremeButFiniteNumbersAndAbsentOptionalNumbersPass() {
        assertThatCode(() -> {
            RecordValues.check(alert().setScore(Double.MAX_VALUE).setDelta7d(null).build());
            RecordValues.check(Records.score("acct-1", -Double.MAX_VALUE, Records.T0));
        }).doesNotThrowAnyException();
    }

    @Test
    void oversizeTextAndReasonListsAreRefused() {
        assertThatThrownBy(() -> RecordValues.check(alert().setSegment("s".repeat(100_000)).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("segment");
        assertThatThrownBy(() -> RecordValues.check(alert().setReasons(Collections.nCopies(10_000, "why")).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("reasons");
        assertThatThrownBy(() -> RecordValues.check(alert().setReasons(List.of("r".repeat(10_000))).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("reasons[0]");
        AccountProfile profile = profile();
        profile.setName("n".repeat(100_000));
        assertThatThrownBy(() -> RecordValues.check(profile)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("name");
    }

    @Test
    void idsAreCheckedAsRecordIdsDoesAndRefuseControlCharacters() {
        assertThatThrownBy(() -> RecordValues.check(alert().setAlertId("x".repeat(10_000)).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("alertId");
        assertThatThrownBy(() -> RecordValues.check(Records.score("", 41.0, Records.T0)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("accountId");
        assertThatThrownBy(() -> RecordValues.check(alert().setAccountId("acct\n1").build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("accountId");
    }

    @Test
    void aNulCharacterWhichPostgresqlCannotStoreIsRefusedInAnyText() {
        assertThatThrownBy(() -> RecordValues.check(alert().setModelVersion("v\u00001").build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("modelVersion");
        assertThatThrownBy(() -> RecordValues.check(transition().setReasons(List.of("ok", "bad\u0000")).build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("reasons[1]");
        AccountProfile profile = profile();
        profile.setName("Nul\u0000 Co");
        assertThatThrownBy(() -> RecordValues.check(profile)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("name");
    }

    @Test
    void otherControlCharactersAndEmptyTextInNamesAreKept() {
        AccountProfile profile = profile();
        profile.setName("Tab\tand bell\u0007 Co");
        profile.setSegment("");
        assertThatCode(() -> RecordValues.check(profile)).doesNotThrowAnyException();
    }

    @Test
    void anEmailAddressThatIsGivenMustBeValid() {
        AccountProfile profile = profile();
        profile.setContactEmail("not an address");
        assertThatThrownBy(() -> RecordValues.check(profile)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("contactEmail");
        assertThatThrownBy(() -> RecordValues.check(alert().setCsmOwnerEmail("csm@[10.0.0.1]").build()))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("csmOwnerEmail");
        AccountProfile blank = profile();
        blank.setCsmOwnerEmail("");
        blank.setContactEmail(null);
        assertThatCode(() -> RecordValues.check(blank)).doesNotThrowAnyException();
    }

    private static ChurnRiskAlert.Builder alert() {
        return Records.alert("alert-1", "acct-1", AlertRule.SCORE_DROP, Severity.IMMINENT, CoverageModel.TECH_TOUCH);
    }

    private static LevelTransition.Builder transition() {
        return LevelTransition.newBuilder().setAccountId("acct-1").setFromLevel(HealthLevel.LV3)
                .setToLevel(HealthLevel.LV2).setDirection(Direction.DOWN).setScore(55.0).setReasons(List.of("fell"))
                .setModelVersion("v1").setTransitionedAt(Records.T0);
    }

    private static AccountProfile profile() {
        return Records.profile("acct-1", "Acme", CoverageModel.TECH_TOUCH, "csm@example.com", "it@acme.example",
                "ja");
    }

}
