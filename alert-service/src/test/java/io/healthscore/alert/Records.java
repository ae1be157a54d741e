package io.healthscore.alert;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Test records with the fields the alert service reads; everything else minimal. */
public final class Records {

    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Records() {
    }

    public static AccountProfile profile(String accountId, String name, CoverageModel coverage, String csm,
                                         String contact, String language) {
        return AccountProfile.newBuilder().setAccountId(accountId).setName(name).setCoverageModel(coverage)
                .setCsmOwnerEmail(csm).setContactEmail(contact).setContactLanguage(language)
                .setSegment("smb").setRenewalDate(LocalDate.of(2026, 5, 1))
                .setUpdatedAt(T0.minusSeconds(3600)).setSource("crm").build();
    }

    public static ChurnRiskAlert.Builder alert(String alertId, String accountId, AlertRule rule, Severity severity,
                                               CoverageModel coverage) {
        return ChurnRiskAlert.newBuilder().setAlertId(alertId).setAccountId(accountId).setRule(rule)
                .setSeverity(severity).setScore(35.5).setLevel(HealthLevel.LV1).setPreviousLevel(HealthLevel.LV2)
                .setDelta7d(-22.0)
                .setReasons(List.of("active users −45% vs 28-day baseline", "no login by admins for 12 days"))
                .setRenewalDate(LocalDate.of(2026, 5, 1)).setCoverageModel(coverage).setSegment("smb")
                .setModelVersion("v1").setRaisedAt(T0);
    }

    /** A move between two levels at {@code at}, its direction following from the levels (LV1 is the weakest). */
    public static LevelTransition.Builder transition(String accountId, HealthLevel from, HealthLevel to,
                                                     CoverageModel coverage, Instant at) {
        return LevelTransition.newBuilder().setAccountId(accountId).setFromLevel(from).setToLevel(to)
                .setDirection(to.ordinal() < from.ordinal() ? Direction.DOWN : Direction.UP)
                .setScore(to.ordinal() < from.ordinal() ? 38.5 : 81.0).setPreviousScore(55.0)
                .setReasons(List.of("active users −45% vs 28-day baseline")).setSegment("smb")
                .setCoverageModel(coverage).setModelVersion("v1").setTransitionedAt(at);
    }

    /** A SEATS_EXCEEDED signal of 14 active users on 10 seats, with reasons. */
    public static ExpansionOpportunity.Builder expansion(String signalId, String accountId, ExpansionKind kind,
                                                         CoverageModel coverage, Instant at) {
        return ExpansionOpportunity.newBuilder().setSignalId(signalId).setAccountId(accountId).setKind(kind)
                .setReasons(List.of("14 users active in the last 7 days on 10 seats (40% over)")).setScore(86.5)
                .setLevel(HealthLevel.LV4).setActiveUsers(14).setSeats(10).setWindowDays(7).setSegment("smb")
                .setCoverageModel(coverage).setModelVersion("v1").setDetectedAt(at);
    }

    public static HealthScore score(String accountId, double score, Instant at) {
        return HealthScore.newBuilder().setAccountId(accountId).setScore(score).setLevel(HealthLevel.LV1)
                .setDataCoverage(1.0).setComponents(List.of()).setReasons(List.of("activity falling"))
                .setModelVersion("v1").setEvaluatedAt(at).build();
    }
}
