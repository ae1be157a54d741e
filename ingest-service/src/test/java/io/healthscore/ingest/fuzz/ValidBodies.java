package io.healthscore.ingest.fuzz;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Valid requests of every ingest endpoint, drawn at random: the seeds that the generator then breaks. Times lie
 * within the accepted range around {@link HostileRequestGenerator#NOW}, the service's pinned clock.
 */
final class ValidBodies {

    /** One valid request: where it goes and its body. */
    record Valid(FuzzEndpoint endpoint, String target, Object body) {
    }

    private static final String[] EVENT_TYPES = {"login", "logout", "feature_used", "onboarding_step_completed",
            "page_viewed"};
    private static final String[] SIGNAL_TYPES = {"nps_answer", "support_ticket_opened", "support_ticket_closed",
            "payment_failed", "payment_succeeded", "csm_touchpoint"};
    private static final String[] FEATURES = {"reports", "dashboards", "exports", "api", "Report Exported"};
    private static final String[] TEXTS = {"pro", "smb", "enterprise", "Acme Corp", "株式会社サンプル", "Ünïcødé", "a b",
            "emoji 😀", "tab\there", "line\nbreak"};

    private ValidBodies() {
    }

    static Valid any(SplittableRandom r) {
        FuzzEndpoint endpoint = FuzzEndpoint.values()[r.nextInt(FuzzEndpoint.values().length)];
        return of(endpoint, r);
    }

    static Valid of(FuzzEndpoint endpoint, SplittableRandom r) {
        return switch (endpoint) {
            case EVENTS -> new Valid(endpoint, endpoint.path(), r.nextInt(4) == 0 ? array(r, ValidBodies::event) : event(r));
            case SIGNALS -> new Valid(endpoint, endpoint.path(), r.nextInt(4) == 0 ? array(r, ValidBodies::signal) : signal(r));
            case ACCOUNTS -> new Valid(endpoint, "/v1/accounts/" + accountId(r), profile(r));
            case TRACK, PAGE, SCREEN, IDENTIFY, GROUP, ALIAS -> new Valid(endpoint, endpoint.path(),
                    segmentCall(endpoint.segmentType(), r, false));
            case BATCH -> new Valid(endpoint, endpoint.path(), batch(r));
        };
    }

    static Json.Obj event(SplittableRandom r) {
        String type = pick(r, EVENT_TYPES);
        Json.Obj event = Json.obj().put("type", type).put("accountId", accountId(r));
        if (r.nextBoolean()) {
            event.put("userId", "u-" + r.nextInt(50));
        }
        if (type.equals("feature_used")) {
            event.put("feature", pick(r, FEATURES));
        }
        if (type.equals("onboarding_step_completed")) {
            event.put("onboardingStep", "step-" + r.nextInt(5));
        }
        if (r.nextBoolean()) {
            event.put("occurredAt", time(r).toString());
        }
        if (r.nextBoolean()) {
            event.put("messageId", messageId(r));
        }
        if (r.nextInt(3) == 0) {
            event.put("properties", properties(r));
        }
        return event;
    }

    static Json.Obj signal(SplittableRandom r) {
        String type = pick(r, SIGNAL_TYPES);
        Json.Obj signal = Json.obj().put("type", type).put("accountId", accountId(r));
        switch (type) {
            case "nps_answer" -> signal.put("npsScore", r.nextInt(11));
            case "support_ticket_opened", "support_ticket_closed" -> {
                signal.put("ticketId", "T-" + r.nextInt(1000));
                if (r.nextBoolean()) {
                    signal.put("ticketPriority", pick(r, new String[]{"low", "normal", "high", "urgent", "HIGH"}));
                }
            }
            case "payment_failed", "payment_succeeded" -> {
                signal.put("amountMinor", r.nextLong(0, 10_000_000));
                signal.put("currency", pick(r, new String[]{"JPY", "USD", "EUR"}));
            }
            default -> signal.put("note", pick(r, TEXTS));
        }
        if (r.nextBoolean()) {
            signal.put("userId", "u-" + r.nextInt(50));
        }
        if (r.nextBoolean()) {
            signal.put("occurredAt", time(r).toString());
        }
        if (r.nextBoolean()) {
            signal.put("messageId", messageId(r));
        }
        return signal;
    }

    static Json.Obj profile(SplittableRandom r) {
        Json.Obj profile = Json.obj();
        if (r.nextBoolean()) {
            profile.put("name", pick(r, TEXTS));
        }
        if (r.nextBoolean()) {
            profile.put("plan", pick(r, new String[]{"free", "pro", "enterprise"}));
        }
        if (r.nextBoolean()) {
            profile.put("mrrMinor", r.nextLong(0, 100_000_000));
            profile.put("currency", pick(r, new String[]{"JPY", "USD"}));
        }
        if (r.nextBoolean()) {
            profile.put("segment", pick(r, new String[]{"smb", "mid", "enterprise"}));
        }
        if (r.nextBoolean()) {
            profile.put("coverageModel", pick(r, new String[]{"HIGH_TOUCH", "low_touch", "Tech_Touch"}));
        }
        if (r.nextBoolean()) {
            profile.put("csmOwnerEmail", "csm" + r.nextInt(5) + "@example.com");
        }
        if (r.nextBoolean()) {
            profile.put("contactEmail", "it@acme.example").put("contactLanguage", pick(r, new String[]{"ja", "en-US"}));
        }
        if (r.nextBoolean()) {
            profile.put("seats", r.nextInt(0, 5000));
        }
        if (r.nextBoolean()) {
            profile.put("renewalDate", date(r).toString()).put("contractStart", date(r).minusYears(1).toString());
        }
        if (r.nextBoolean()) {
            profile.put("updatedAt", time(r).toString());
        }
        return profile;
    }

    /** A Segment call; in a batch it names its type, a single call may. */
    static Json.Obj segmentCall(String type, SplittableRandom r, boolean inBatch) {
        Json.Obj call = Json.obj();
        if (inBatch || r.nextInt(4) == 0) {
            call.put("type", type);
        }
        if (r.nextInt(5) > 0) {
            call.put("userId", "u-" + r.nextInt(50));
        } else {
            call.put("anonymousId", "anon-" + r.nextInt(50));
        }
        if (r.nextBoolean()) {
            call.put("messageId", messageId(r));
        }
        switch (type) {
            case "track" -> call.put("event", pick(r, new String[]{"Logged In", "Signed Out", "Report Exported",
                    "Dashboard Viewed"}));
            case "page", "screen" -> call.put("name", pick(r, TEXTS));
            case "group" -> call.put("groupId", accountId(r)).put("traits", traits(r));
            case "identify" -> call.put("traits", Json.obj().put("email", "u@example.com").put("name", pick(r, TEXTS)));
            case "alias" -> call.put("previousId", "anon-" + r.nextInt(50));
            default -> throw new IllegalArgumentException(type);
        }
        if (!type.equals("group") && r.nextInt(5) > 0) {
            call.put("context", Json.obj().put("groupId", accountId(r)));
        }
        if (r.nextBoolean() && (type.equals("track") || type.equals("page") || type.equals("screen"))) {
            call.put("properties", properties(r));
        }
        if (r.nextBoolean()) {
            Instant at = time(r);
            call.put("timestamp", at.toString());
            if (r.nextBoolean()) {
                call.put("sentAt", at.plusSeconds(r.nextInt(0, 60)).toString());
            }
        }
        return call;
    }

    static Json.Obj batch(SplittableRandom r) {
        String[] types = {"track", "page", "screen", "identify", "group", "alias"};
        List<Object> calls = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            calls.add(segmentCall(pick(r, types), r, true));
        }
        Json.Obj batch = Json.obj().put("batch", calls);
        if (r.nextBoolean()) {
            batch.put("sentAt", sentAt(r).toString());
        }
        if (r.nextInt(3) == 0) {
            batch.put("context", Json.obj().put("groupId", accountId(r)));
        }
        return batch;
    }

    private static Json.Obj traits(SplittableRandom r) {
        Json.Obj traits = Json.obj().put("name", pick(r, TEXTS));
        if (r.nextBoolean()) {
            traits.put("plan", "pro").put("mrr", r.nextInt(0, 100_000)).put("currency", "USD");
        }
        if (r.nextBoolean()) {
            traits.put("seats", r.nextInt(0, 500)).put("coverageModel", "TECH_TOUCH");
        }
        if (r.nextBoolean()) {
            traits.put("email", "it@acme.example").put("renewalDate", date(r).toString());
        }
        return traits;
    }

    private static Json.Obj properties(SplittableRandom r) {
        Json.Obj properties = Json.obj();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            Object value = switch (r.nextInt(5)) {
                case 0 -> pick(r, TEXTS);
                case 1 -> r.nextInt(-1000, 1000);
                case 2 -> r.nextBoolean();
                case 3 -> List.of(1, "two");
                default -> Json.obj().put("nested", "yes");
            };
            properties.put("p" + i, value);
        }
        return properties;
    }

    static String accountId(SplittableRandom r) {
        return "acct-" + r.nextInt(1000);
    }

    static String messageId(SplittableRandom r) {
        return "m-" + Long.toHexString(r.nextLong());
    }

    /** An event time the service accepts: up to 27 days before its clock and up to 4 minutes after. */
    static Instant time(SplittableRandom r) {
        long seconds = r.nextLong(-Duration.ofDays(27).toSeconds(), Duration.ofMinutes(4).toSeconds());
        return HostileRequestGenerator.NOW.plusSeconds(seconds).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant sentAt(SplittableRandom r) {
        return HostileRequestGenerator.NOW.plusSeconds(r.nextInt(0, 120));
    }

    private static LocalDate date(SplittableRandom r) {
        return LocalDate.of(2026, 6, 1).plusDays(r.nextInt(0, 700));
    }

    static <T> T pick(SplittableRandom r, T[] options) {
        return options[r.nextInt(options.length)];
    }

    private static List<Object> array(SplittableRandom r, java.util.function.Function<SplittableRandom, Json.Obj> one) {
        List<Object> items = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            items.add(one.apply(r));
        }
        return items;
    }
}
