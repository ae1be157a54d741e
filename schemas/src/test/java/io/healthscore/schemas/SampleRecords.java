package io.healthscore.schemas;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fully populated and one minimally populated instance of every topic's record type. Instants are whole
 * milliseconds, as timestamp-millis keeps no more.
 */
public final class SampleRecords {

    public static final Instant OCCURRED_AT = Instant.parse("2023-11-14T22:13:20Z");
    public static final Instant RECEIVED_AT = OCCURRED_AT.plusMillis(250);

    private SampleRecords() {
    }

    public static UsageEvent fullUsageEvent() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("plan", "pro");
        properties.put("ref", "");
        properties.put("画面", "ダッシュボード");
        return UsageEvent.newBuilder()
                .setMessageId("evt-1").setAccountId("acme").setUserId("u7")
                .setType(UsageEventType.FEATURE_USED).setFeature("export").setOnboardingStep("connect-crm")
                .setOccurredAt(OCCURRED_AT).setReceivedAt(RECEIVED_AT).setSource("web")
                .setProperties(properties)
                .build();
    }

    public static UsageEvent minimalUsageEvent() {
        return UsageEvent.newBuilder()
                .setMessageId("m").setAccountId("a").setType(UsageEventType.LOGIN)
                .setOccurredAt(Instant.EPOCH).setReceivedAt(Instant.EPOCH).setSource("")
                .build();
    }

    public static AccountProfile fullAccountProfile() {
        return AccountProfile.newBuilder()
                .setAccountId("acme").setName("ACME 株式会社").setPlan("enterprise").setMrrMinor(1_250_000L)
                .setCurrency("JPY").setSegment("mid-market").setCoverageModel(CoverageModel.HIGH_TOUCH)
                .setCsmOwnerEmail("csm@example.com").setContactEmail("ops@acme.example").setContactLanguage("ja")
                .setSeats(40).setContractStart(LocalDate.of(2023, 4, 1)).setRenewalDate(LocalDate.of(2025, 3, 31))
                .setUpdatedAt(OCCURRED_AT).setSource("crm")
                .build();
    }

    public static AccountProfile minimalAccountProfile() {
        return AccountProfile.newBuilder()
                .setAccountId("a").setUpdatedAt(Instant.EPOCH).setSource("crm")
                .build();
    }

    public static AccountSignal fullAccountSignal() {
        return AccountSignal.newBuilder()
                .setMessageId("sig-9").setAccountId("acme").setType(SignalType.SUPPORT_TICKET_OPENED)
                .setNpsScore(3).setTicketId("T-100").setTicketPriority(TicketPriority.URGENT)
                .setAmountMinor(-4_200L).setCurrency("EUR").setUserId("u7").setNote("Export fails on large files")
                .setOccurredAt(OCCURRED_AT).setReceivedAt(RECEIVED_AT).setSource("zendesk")
                .build();
    }

    public static AccountSignal minimalAccountSignal() {
        return AccountSignal.newBuilder()
                .setMessageId("s").setAccountId("a").setType(SignalType.OTHER)
                .setOccurredAt(Instant.EPOCH).setReceivedAt(Instant.EPOCH).setSource("billing")
                .build();
    }

    public static HealthScore fullHealthScore() {
        return HealthScore.newBuilder()
                .setAccountId("acme").setScore(72.5).setPreviousScore(80.25)
                .setLevel(HealthLevel.LV3).setPreviousLevel(HealthLevel.LV4).setDelta7d(-7.75).setDataCoverage(0.875)
                .setComponents(List.of(
                        ComponentScore.newBuilder().setComponent(ScoreComponent.ACTIVITY).setValue(55.0)
                                .setWeight(0.3).setMeasure("22 of 40 seats active in 7 days").build(),
                        ComponentScore.newBuilder().setComponent(ScoreComponent.SENTIMENT).setValue(null)
                                .setWeight(0.1).setMeasure(null).build()))
                .setReasons(List.of("active users −45% vs 28-day baseline", "NPS detractor"))
                .setSegment("mid-market").setCoverageModel(CoverageModel.LOW_TOUCH).setModelVersion("2024-06")
                .setEventCount(12_345L).setEvaluatedAt(OCCURRED_AT)
                .build();
    }

    public static HealthScore minimalHealthScore() {
        return HealthScore.newBuilder()
                .setAccountId("a").setScore(0.0).setLevel(HealthLevel.LV1).setDataCoverage(0.0)
                .setComponents(List.of()).setReasons(List.of()).setModelVersion("v1").setEvaluatedAt(Instant.EPOCH)
                .build();
    }

    public static LevelTransition fullLevelTransition() {
        return LevelTransition.newBuilder()
                .setAccountId("acme").setFromLevel(HealthLevel.LV3).setToLevel(HealthLevel.LV2)
                .setDirection(Direction.DOWN).setScore(55.5).setPreviousScore(61.0)
                .setReasons(List.of("logins fell", "ticket opened")).setSegment("smb")
                .setCoverageModel(CoverageModel.TECH_TOUCH).setModelVersion("v1").setTransitionedAt(OCCURRED_AT)
                .build();
    }

    public static LevelTransition minimalLevelTransition() {
        return LevelTransition.newBuilder()
                .setAccountId("a").setFromLevel(HealthLevel.LV1).setToLevel(HealthLevel.LV2)
                .setDirection(Direction.UP).setScore(41.0).setReasons(List.of()).setModelVersion("v1")
                .setTransitionedAt(Instant.EPOCH)
                .build();
    }

    public static ExpansionOpportunity fullExpansionOpportunity() {
        return ExpansionOpportunity.newBuilder()
                .setSignalId("0f6e3a52-1b7c-3d0e-9a41-5c2d8e7f6b10").setAccountId("acme")
                .setKind(ExpansionKind.SEATS_EXCEEDED).setReasons(List.of("14 users active in 7 days on 10 seats"))
                .setScore(86.5).setLevel(HealthLevel.LV4).setActiveUsers(14).setPreviousActiveUsers(9).setSeats(10)
                .setWindowDays(7).setDaysAtLevel(21).setUserDays(61).setPreviousUserDays(40).setSegment("smb")
                .setCoverageModel(CoverageModel.HIGH_TOUCH)
                .setModelVersion("v1").setDetectedAt(OCCURRED_AT)
                .build();
    }

    public static ExpansionOpportunity minimalExpansionOpportunity() {
        return ExpansionOpportunity.newBuilder()
                .setSignalId("s").setAccountId("a").setKind(ExpansionKind.RISING_ADOPTION).setReasons(List.of())
                .setScore(0.0).setLevel(HealthLevel.LV4).setActiveUsers(0).setWindowDays(14).setModelVersion("v1")
                .setDetectedAt(Instant.EPOCH)
                .build();
    }

    public static ChurnRiskAlert fullChurnRiskAlert() {
        return ChurnRiskAlert.newBuilder()
                .setAlertId("acme/SCORE_DROP/IMMINENT/2023-W46").setAccountId("acme").setRule(AlertRule.SCORE_DROP)
                .setSeverity(Severity.IMMINENT).setScore(38.0).setLevel(HealthLevel.LV1)
                .setPreviousLevel(HealthLevel.LV2).setDelta7d(-26.5).setReasons(List.of("score −26.5 in 7 days"))
                .setRenewalDate(LocalDate.of(2024, 1, 31)).setCsmOwnerEmail("csm@example.com")
                .setCoverageModel(CoverageModel.HIGH_TOUCH).setSegment("enterprise").setModelVersion("v1")
                .setRaisedAt(OCCURRED_AT)
                .build();
    }

    public static ChurnRiskAlert minimalChurnRiskAlert() {
        return ChurnRiskAlert.newBuilder()
                .setAlertId("x").setAccountId("a").setRule(AlertRule.OTHER).setSeverity(Severity.SUSPECTED)
                .setScore(50.0).setLevel(HealthLevel.LV2).setReasons(List.of()).setModelVersion("v1")
                .setRaisedAt(Instant.EPOCH)
                .build();
    }
}
