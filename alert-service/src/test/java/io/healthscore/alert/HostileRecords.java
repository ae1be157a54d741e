package io.healthscore.alert;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import io.healthscore.schemas.values.ValueBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Records every field of which Avro accepts but many of which the service should not: dates in the year -5000 or
 * 9999 and at the ends of int and long epochs, NaN, infinities and extreme numbers, 100 KB and empty strings, NUL
 * and control characters, invalid e-mail addresses, 10,000 reasons, nulls in every nullable field, and the valid
 * extremes next to them (1900-01-01, 256-character ids, 100 reasons). Each record draws how hostile its fields are
 * ({@link #HOSTILITY}), so some records carry one odd value among ordinary ones and others nothing but odd values.
 * All from one {@link Random}, so a seed gives the same records again.
 */
final class HostileRecords {

    /** Good records carry times from here on (one second per case), which no hostile value picks. */
    static final Instant GOOD_TIMES = Instant.parse("2150-06-01T00:00:00Z");
    /** Good profiles are as new as a profile may be, so they win the merge over any hostile one. */
    static final Instant GOOD_PROFILE_TIME = ValueBounds.MAX_INSTANT.minusMillis(1);

    private static final String CONTROLS = "\u0001\u0002\u001b[31m\u007f\r\n\t\u0085\u2028";

    /** How likely a field of the record being made is hostile: a few records hostile in one field, some in all. */
    private static final double[] HOSTILITY = {0.04, 0.1, 0.25, 0.6};

    private final Random random;
    private double hostility;

    HostileRecords(Random random) {
        this.random = random;
    }

    private void newRecord() {
        hostility = HOSTILITY[random.nextInt(HOSTILITY.length)];
    }

    /** Whether the next field is an ordinary value. */
    private boolean ordinary() {
        return random.nextDouble() >= hostility;
    }

    ChurnRiskAlert alert(String account, String alertId) {
        newRecord();
        return ChurnRiskAlert.newBuilder().setAlertId(id(alertId)).setAccountId(id(account))
                .setRule(pick(AlertRule.values())).setSeverity(pick(Severity.values())).setScore(number())
                .setLevel(pick(HealthLevel.values())).setPreviousLevel(orNull(() -> pick(HealthLevel.values())))
                .setDelta7d(orNull(this::number)).setReasons(reasons()).setRenewalDate(date())
                .setCsmOwnerEmail(email(account)).setCoverageModel(orNull(() -> pick(CoverageModel.values())))
                .setSegment(orNull(this::text)).setModelVersion(text()).setRaisedAt(instant()).build();
    }

    HealthScore score(String account) {
        newRecord();
        List<ComponentScore> components = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            components.add(ComponentScore.newBuilder().setComponent(pick(ScoreComponent.values()))
                    .setValue(orNull(this::number)).setWeight(number()).setMeasure(orNull(this::text)).build());
        }
        return HealthScore.newBuilder().setAccountId(id(account)).setScore(number())
                .setPreviousScore(orNull(this::number)).setLevel(pick(HealthLevel.values()))
                .setPreviousLevel(orNull(() -> pick(HealthLevel.values()))).setDelta7d(orNull(this::number))
                .setDataCoverage(number()).setComponents(components).setReasons(reasons())
                .setSegment(orNull(this::text)).setCoverageModel(orNull(() -> pick(CoverageModel.values())))
                .setModelVersion(text()).setEventCount(longValue()).setEvaluatedAt(instant()).build();
    }

    LevelTransition transition(String account) {
        newRecord();
        return LevelTransition.newBuilder().setAccountId(id(account)).setFromLevel(pick(HealthLevel.values()))
                .setToLevel(pick(HealthLevel.values())).setDirection(pick(Direction.values())).setScore(number())
                .setPreviousScore(orNull(this::number)).setReasons(reasons()).setSegment(orNull(this::text))
                .setCoverageModel(orNull(() -> pick(CoverageModel.values()))).setModelVersion(text())
                .setTransitionedAt(instant()).build();
    }

    AccountProfile profile(String account) {
        newRecord();
        return AccountProfile.newBuilder().setAccountId(id(account)).setName(orNull(this::text))
                .setPlan(orNull(this::text)).setMrrMinor(orNull(this::longValue)).setCurrency(orNull(this::text))
                .setSegment(orNull(this::text)).setCoverageModel(orNull(() -> pick(CoverageModel.values())))
                .setCsmOwnerEmail(email(account)).setContactEmail(email(account))
                .setContactLanguage(orNull(this::text)).setSeats(orNull(this::intValue)).setContractStart(date())
                .setRenewalDate(date()).setUpdatedAt(instant()).setSource(text()).build();
    }

    /** An id derived from {@code base}, so hostile ids of different cases never meet. */
    String id(String base) {
        if (ordinary()) {
            return base;
        }
        return switch (random.nextInt(9)) {
            case 0 -> "";
            case 1 -> "   ";
            case 2 -> base + "-" + "x".repeat(10_000);
            case 3 -> base + "-" + "x".repeat(256 - base.length()); // 257 characters
            case 4 -> base + "-" + "x".repeat(255 - base.length()); // 256: the longest accepted
            case 5 -> base + "\u0000";
            case 6 -> base + "\n";
            case 7 -> base + "-日本語-😀";
            default -> base + "-" + "y".repeat(1_000);
        };
    }

    Instant instant() {
        if (ordinary()) {
            return Records.T0.minusSeconds(random.nextInt(400_000_000));
        }
        return switch (random.nextInt(12)) {
            case 0 -> Instant.ofEpochMilli(Long.MIN_VALUE);
            case 1 -> Instant.ofEpochMilli(Long.MAX_VALUE);
            case 2 -> Instant.ofEpochMilli(Integer.MIN_VALUE);
            case 3 -> Instant.ofEpochMilli(Integer.MAX_VALUE);
            case 4 -> Instant.EPOCH;
            case 5 -> Instant.ofEpochMilli(-1);
            case 6 -> LocalDate.of(-5000, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case 7 -> LocalDate.of(9999, 12, 31).atStartOfDay().toInstant(ZoneOffset.UTC);
            case 8 -> ValueBounds.MIN_INSTANT;
            case 9 -> ValueBounds.MIN_INSTANT.minusMillis(1);
            case 10 -> ValueBounds.MAX_INSTANT.minusMillis(1);
            default -> ValueBounds.MAX_INSTANT;
        };
    }

    LocalDate date() {
        if (ordinary()) {
            return random.nextBoolean() ? null : LocalDate.of(2026, 5, 1).plusDays(random.nextInt(2000) - 1000);
        }
        return switch (random.nextInt(9)) {
            case 0 -> LocalDate.ofEpochDay(Integer.MIN_VALUE);
            case 1 -> LocalDate.ofEpochDay(Integer.MAX_VALUE);
            case 2 -> LocalDate.of(-5000, 1, 1);
            case 3 -> LocalDate.of(9999, 12, 31);
            case 4 -> LocalDate.of(1899, 12, 31);
            case 5 -> ValueBounds.MIN_DATE;
            case 6 -> ValueBounds.MAX_DATE;
            case 7 -> ValueBounds.MAX_DATE.plusDays(1);
            default -> LocalDate.EPOCH;
        };
    }

    double number() {
        if (ordinary()) {
            return Math.round(random.nextDouble() * 1000) / 10.0;
        }
        return switch (random.nextInt(11)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> Double.MAX_VALUE;
            case 4 -> -Double.MAX_VALUE;
            case 5 -> Double.MIN_VALUE;
            case 6 -> -0.0;
            case 7 -> (double) Long.MAX_VALUE;
            case 8 -> (double) Long.MIN_VALUE;
            case 9 -> 1e-300;
            default -> -1e300;
        };
    }

    long longValue() {
        if (ordinary()) {
            return random.nextInt(1_000_000);
        }
        return switch (random.nextInt(3)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            default -> -1;
        };
    }

    int intValue() {
        if (ordinary()) {
            return random.nextInt(500);
        }
        return random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }

    String text() {
        if (ordinary()) {
            return "ordinary " + random.nextInt(1000);
        }
        return switch (random.nextInt(15)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "n".repeat(100_000);
            case 3 -> "t".repeat(10_000);
            case 4 -> "m".repeat(1_001);
            case 5 -> "k".repeat(1_000);
            case 6 -> "\u0000";
            case 7 -> "before\u0000after";
            case 8 -> "controls " + CONTROLS;
            case 9 -> "日本語のテキスト";
            case 10 -> "emoji 😀👍🏽";
            case 11 -> "lone surrogate \uD800 here";
            case 12 -> "\u202Eright-to-left override";
            case 13 -> "'; DROP TABLE alerts; --";
            default -> "Subject: injected\r\nBcc: victim@example.com";
        };
    }

    String email(String account) {
        if (ordinary()) {
            return random.nextInt(3) == 0 ? null : "csm-" + Math.abs(account.hashCode() % 100) + "@example.com";
        }
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "not an address";
            case 2 -> "csm@[10.0.0.1]";
            case 3 -> "x".repeat(100_000) + "@example.com";
            case 4 -> "csm@exa\u0000mple.com";
            case 5 -> "csm@example.com\r\nBcc: victim@example.com";
            case 6 -> "a@b";
            default -> "   ";
        };
    }

    List<String> reasons() {
        if (ordinary()) {
            return List.of("activity falling " + random.nextInt(100));
        }
        return switch (random.nextInt(8)) {
            case 0 -> List.of();
            case 1 -> Collections.nCopies(10_000, "r");
            case 2 -> Collections.nCopies(101, "one too many");
            case 3 -> Collections.nCopies(100, "as many as allowed");
            case 4 -> List.of("fine", "\u0000");
            case 5 -> List.of("x".repeat(100_000));
            case 6 -> List.of(CONTROLS, "");
            default -> List.of("y".repeat(2_000));
        };
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Null a third of the time for an ordinary field, always for a hostile one. */
    private <T> T orNull(Supplier<T> value) {
        return ordinary() && random.nextInt(3) != 0 ? value.get() : null;
    }
}
