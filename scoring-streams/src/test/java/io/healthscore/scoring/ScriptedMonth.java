package io.healthscore.scoring;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deterministic month of inputs for six accounts: steady, growing, fading (goes silent after day 10), one with
 * failed payments and a detractor answer, one renewing in 60 days that declines, and a redelivery. Ordered by
 * receivedAt.
 */
final class ScriptedMonth {

    record Input(Instant receivedAt, SpecificRecord value) {
    }

    private ScriptedMonth() {
    }

    static List<Input> inputs(Instant start) {
        Random random = new Random(42);
        List<Input> inputs = new ArrayList<>();
        int[] message = {0};
        LocalDate startDay = LocalDate.ofInstant(start, ZoneOffset.UTC);
        for (String account : List.of("steady", "growing", "fading", "payer", "renewal", "quiet")) {
            inputs.add(new Input(start, AccountProfile.newBuilder().setAccountId(account).setSegment("smb")
                    .setCoverageModel(CoverageModel.TECH_TOUCH).setSeats(10).setCsmOwnerEmail("csm@example.com")
                    .setRenewalDate(account.equals("renewal") ? startDay.plusDays(60) : startDay.plusDays(300))
                    .setUpdatedAt(start).setSource("crm").build()));
        }
        for (int day = 0; day < 30; day++) {
            for (int minute = 0; minute < 8 * 60; minute += 20) {
                Instant at = start.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute + random.nextInt(15)));
                usage(inputs, message, "steady", "u" + random.nextInt(6), at, random);
                if (random.nextInt(30) < day) {
                    usage(inputs, message, "growing", "u" + random.nextInt(2 + day / 3), at, random);
                }
                if (day < 10) {
                    usage(inputs, message, "fading", "u" + random.nextInt(5), at, random);
                }
                if (day < 20 || random.nextInt(4) == 0) {
                    usage(inputs, message, "renewal", "u" + random.nextInt(day < 20 ? 8 : 2), at, random);
                }
                usage(inputs, message, "payer", "u" + random.nextInt(4), at, random);
            }
        }
        Instant d12 = start.plus(Duration.ofDays(12)).plus(Duration.ofHours(3));
        inputs.add(new Input(d12, signal("payer", "s-1", SignalType.PAYMENT_FAILED, d12).build()));
        Instant d13 = d12.plus(Duration.ofDays(1));
        inputs.add(new Input(d13, signal("payer", "s-2", SignalType.PAYMENT_FAILED, d13).build()));
        inputs.add(new Input(d13.plusSeconds(60), signal("payer", "s-3", SignalType.NPS_ANSWER, d13.plusSeconds(60))
                .setNpsScore(2).build()));
        // A redelivery of the same NPS answer, which must not count twice.
        inputs.add(new Input(d13.plusSeconds(120), signal("payer", "s-3", SignalType.NPS_ANSWER, d13.plusSeconds(60))
                .setReceivedAt(d13.plusSeconds(120)).setNpsScore(2).build()));
        Instant d2 = start.plus(Duration.ofDays(2));
        inputs.add(new Input(d2, signal("quiet", "s-4", SignalType.NPS_ANSWER, d2).setNpsScore(9).build()));
        inputs.sort(Comparator.comparing(Input::receivedAt));
        return inputs;
    }

    private static void usage(List<Input> inputs, int[] message, String account, String user, Instant at, Random random) {
        UsageEventType type = switch (random.nextInt(4)) {
            case 0 -> UsageEventType.LOGIN;
            case 1 -> UsageEventType.FEATURE_USED;
            case 2 -> UsageEventType.ONBOARDING_STEP_COMPLETED;
            default -> UsageEventType.PAGE_VIEWED;
        };
        List<String> features = List.of("reports", "dashboards", "exports", "automations", "chat");
        UsageEvent event = UsageEvent.newBuilder().setMessageId(account + "-" + (++message[0])).setAccountId(account)
                .setUserId(user).setType(type)
                .setFeature(type == UsageEventType.FEATURE_USED ? features.get(random.nextInt(features.size())) : null)
                .setOnboardingStep(type == UsageEventType.ONBOARDING_STEP_COMPLETED
                        ? (random.nextBoolean() ? "create-project" : "invite-team") : null)
                .setOccurredAt(at.minusSeconds(random.nextInt(30))).setReceivedAt(at).setSource("script").build();
        inputs.add(new Input(at, event));
    }

    private static AccountSignal.Builder signal(String account, String id, SignalType type, Instant at) {
        return AccountSignal.newBuilder().setMessageId(id).setAccountId(account).setType(type).setOccurredAt(at)
                .setReceivedAt(at).setSource("script");
    }
}
