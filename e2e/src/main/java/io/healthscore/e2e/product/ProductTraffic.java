package io.healthscore.e2e.product;

import io.healthscore.e2e.http.IngestClient;
import io.healthscore.e2e.http.IngestRejectedException;
import io.healthscore.e2e.time.CompressedClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The synthetic product: walks the run's compressed time day by day and, for every account, sends that day's
 * plan of its persona through the ingest HTTP API — usage as native events or, for Segment accounts, as
 * Segment {@code batch} calls (track/page with {@code context.groupId}); onboarding steps and signals through
 * the native API. Event times are the compressed clock's "now", so the pipeline sees the days pass.
 * <p>
 * Once the clock has caught up with the wall clock, days pass in real time, and a day's plan sent once would
 * leave the pipeline quiet until tomorrow. {@link #runLive} then keeps the product going at a wall-clock rate:
 * every {@link #LIVE_ROUND} a twelfth of the accounts send the day's usage again (each account once a minute),
 * one account, in turn, has an incident (a failed payment, a detractor answer, four urgent tickets) and the
 * account whose incident began {@link #RECOVER_AFTER_ROUNDS} rounds earlier recovers (tickets closed, a promoter
 * answer, a payment). The turns go round the accounts that are not declining or churning, in an order shuffled
 * by the seed. An account's alerts of one rule come again only after the model's cooldown (seven days, now real
 * days) or at a higher severity, so from the second turn round on, incidents bring scores and transitions but
 * fewer alerts.
 */
public final class ProductTraffic {

    private static final int NATIVE_EVENTS_PER_REQUEST = 1_000;
    private static final int SEGMENT_CALLS_PER_REQUEST = 500;
    private static final int ATTEMPTS = 4;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    /** Wall time between two rounds of live traffic. */
    public static final Duration LIVE_ROUND = Duration.ofSeconds(5);
    /** Each account sends the day's usage once in this many rounds. */
    private static final int USAGE_ROUNDS = 12;
    /** An incident is resolved this many rounds after it began. */
    public static final int RECOVER_AFTER_ROUNDS = 6;
    private static final int INCIDENT_TICKETS = 4;

    private final List<ProductAccount> accounts;
    /** The accounts live incidents strike, in turn. */
    private final List<ProductAccount> incidentOrder;
    private final CompressedClock clock;
    private final Instant origin;
    private final IngestClient ingest;
    private final Random random;
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile int lastDaySent = -1;

    public ProductTraffic(List<ProductAccount> accounts, CompressedClock clock, Instant origin, IngestClient ingest,
                          long seed) {
        this.accounts = List.copyOf(accounts);
        this.clock = clock;
        this.origin = origin;
        this.ingest = ingest;
        this.random = new Random(seed);
        this.incidentOrder = incidentOrder(this.accounts, seed);
    }

    /**
     * Every account but the declining and churning ones (already on their way to Lv1, where an incident moves
     * nothing), shuffled by the seed so that personas and levels take turns; all accounts if that leaves none.
     */
    private static List<ProductAccount> incidentOrder(List<ProductAccount> accounts, long seed) {
        List<ProductAccount> order = new ArrayList<>(accounts.stream()
                .filter(a -> a.persona() != Persona.DECLINING && a.persona() != Persona.CHURNING).toList());
        if (order.isEmpty()) {
            order.addAll(accounts);
        }
        Collections.shuffle(order, new Random(seed));
        return List.copyOf(order);
    }

    /** Days since the origin, on the compressed clock. */
    public int currentDay() {
        return (int) Duration.between(origin, clock.instant()).toDays();
    }

    /** Sends every account's profile: Segment accounts by a {@code group} call, the others by PUT. */
    public void publishProfiles() {
        for (ProductAccount a : accounts) {
            if (a.segmentApi()) {
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("groupId", a.id());
                group.put("userId", a.userId(0));
                group.put("traits", a.profile());
                withRetries(() -> ingest.segment("group", group));
            } else {
                withRetries(() -> ingest.account(a.id(), a.profile()));
            }
        }
    }

    /**
     * Sends each day as the compressed clock reaches it, up to {@code lastDay} inclusive, returning at the latest
     * at {@code wallDeadline}, when the thread is interrupted, or once the clock has caught up with the wall
     * clock and today has been sent (what follows happens at real time: {@link #runLive}).
     */
    public void runThrough(int lastDay, Instant wallDeadline) {
        int next = Math.max(0, lastDaySent + 1);
        while (next <= lastDay && Instant.now().isBefore(wallDeadline) && !Thread.currentThread().isInterrupted()) {
            if (currentDay() >= next) {
                sendDay(next);
                lastDaySent = next;
                next++;
            } else if (clock.caughtUp()) {
                return;
            } else {
                // Waiting for the compressed clock to reach the next day; bounded by the deadline above.
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    /**
     * Product traffic at real time, in rounds of {@link #LIVE_ROUND} until {@code wallDeadline} or an interrupt:
     * each round a slice of the accounts sends the day's usage, one account has an incident and an earlier one
     * recovers from its own, all stamped with the clock's "now".
     */
    public void runLive(Instant wallDeadline) {
        long nextRound = System.nanoTime();
        for (long round = 0; Instant.now().isBefore(wallDeadline) && !Thread.currentThread().isInterrupted(); round++) {
            liveRound(round);
            nextRound += LIVE_ROUND.toNanos();
            // Bounded by one round; an interrupt ends the wait and, through the loop's condition, the traffic.
            LockSupport.parkNanos(nextRound - System.nanoTime());
        }
    }

    /** One round of {@link #runLive}. */
    void liveRound(long round) {
        int day = currentDay();
        Instant now = clock.instant();
        int slice = (accounts.size() + USAGE_ROUNDS - 1) / USAGE_ROUNDS;
        int from = (int) Math.min(accounts.size(), (round % USAGE_ROUNDS) * slice);
        Traffic traffic = new Traffic();
        for (ProductAccount a : accounts.subList(from, Math.min(accounts.size(), from + slice))) {
            if (day >= a.startDay()) {
                traffic.usage(a, a.persona().planFor(a, day, random), now.toString());
            }
        }
        traffic.signals.addAll(incident(struckIn(round), round, now));
        if (round >= RECOVER_AFTER_ROUNDS) {
            long began = round - RECOVER_AFTER_ROUNDS;
            traffic.signals.addAll(recovery(struckIn(began), began, now));
        }
        traffic.send();
        lastDaySent = Math.max(lastDaySent, day);
    }

    private ProductAccount struckIn(long round) {
        return incidentOrder.get((int) (round % incidentOrder.size()));
    }

    /**
     * A failed payment, a detractor answer and {@link #INCIDENT_TICKETS} urgent tickets: PAYMENT_FAILED,
     * DETRACTOR_NPS, and a drop of about 24 points even from 100 (support 0, sentiment 10, payment 50), enough for
     * SCORE_DROP and, through the hysteresis, a level down.
     */
    private static List<Map<String, Object>> incident(ProductAccount a, long round, Instant at) {
        List<Map<String, Object>> signals = new ArrayList<>();
        signals.add(signal(a, at, Map.of("type", "payment_failed", "amountMinor", 49_00, "currency", "USD")));
        signals.add(signal(a, at, Map.of("type", "nps_answer", "npsScore", 2)));
        for (int t = 1; t <= INCIDENT_TICKETS; t++) {
            signals.add(signal(a, at, Map.of("type", "support_ticket_opened", "ticketId", ticket(a, round, t),
                    "ticketPriority", "urgent")));
        }
        return signals;
    }

    /** The incident's tickets closed, a promoter answer and a payment: the score climbs back. */
    private static List<Map<String, Object>> recovery(ProductAccount a, long round, Instant at) {
        List<Map<String, Object>> signals = new ArrayList<>();
        for (int t = 1; t <= INCIDENT_TICKETS; t++) {
            signals.add(signal(a, at, Map.of("type", "support_ticket_closed", "ticketId", ticket(a, round, t))));
        }
        signals.add(signal(a, at, Map.of("type", "nps_answer", "npsScore", 9)));
        signals.add(signal(a, at, Map.of("type", "payment_succeeded", "amountMinor", a.mrrMinor(), "currency", "USD")));
        return signals;
    }

    private static String ticket(ProductAccount a, long round, int n) {
        return a.id() + "-live-" + round + "-" + n;
    }

    private static Map<String, Object> signal(ProductAccount a, Instant at, Map<String, Object> body) {
        Map<String, Object> s = new LinkedHashMap<>(body);
        s.put("accountId", a.id());
        s.put("occurredAt", at.toString());
        return s;
    }

    /** Sends one day for every account, stamped with the compressed clock's current instant. */
    public void sendDay(int day) {
        Instant now = clock.instant();
        Traffic traffic = new Traffic();
        for (ProductAccount a : accounts) {
            if (day < a.startDay()) {
                continue;
            }
            DayPlan plan = a.persona().planFor(a, day, random);
            String at = now.minusSeconds(random.nextInt(1800)).toString();
            traffic.usage(a, plan, at);
            for (Map<String, Object> signal : plan.signals()) {
                Map<String, Object> s = new LinkedHashMap<>(signal);
                s.put("accountId", a.id());
                s.put("occurredAt", at);
                traffic.signals.add(s);
            }
        }
        traffic.send();
    }

    /** The requests of one round or day, collected per endpoint and then sent in chunks. */
    private final class Traffic {

        final List<Map<String, Object>> events = new ArrayList<>();
        final List<Map<String, Object>> segmentCalls = new ArrayList<>();
        final List<Map<String, Object>> signals = new ArrayList<>();

        /** The plan's logins, features and onboarding steps (not its signals). */
        void usage(ProductAccount a, DayPlan plan, String at) {
            for (int i = 0; i < plan.activeUsers().size(); i++) {
                String user = a.userId(plan.activeUsers().get(i));
                String feature = plan.features().get(i);
                if (a.segmentApi()) {
                    segmentCalls.add(segmentCall("track", a.id(), user, at, "event", "Signed In"));
                    segmentCalls.add(segmentCall("track", a.id(), user, at, "event", feature));
                } else {
                    events.add(nativeEvent("login", a.id(), user, at, null, null));
                    events.add(nativeEvent("feature_used", a.id(), user, at, "feature", feature));
                }
            }
            for (String step : plan.onboardingSteps()) {
                events.add(nativeEvent("onboarding_step_completed", a.id(), a.userId(0), at, "onboardingStep", step));
            }
        }

        void send() {
            ProductTraffic.this.send(events, NATIVE_EVENTS_PER_REQUEST, chunk -> ingest.events(chunk));
            ProductTraffic.this.send(segmentCalls, SEGMENT_CALLS_PER_REQUEST,
                    chunk -> ingest.segment("batch", Map.of("batch", chunk)));
            ProductTraffic.this.send(signals, NATIVE_EVENTS_PER_REQUEST, chunk -> ingest.signals(chunk));
        }
    }

    private static Map<String, Object> nativeEvent(String type, String account, String user, String at,
                                                   String field, String value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("accountId", account);
        e.put("userId", user);
        e.put("occurredAt", at);
        if (field != null) {
            e.put(field, value);
        }
        return e;
    }

    private static Map<String, Object> segmentCall(String type, String account, String user, String at,
                                                   String field, String value) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", type);
        call.put("userId", user);
        call.put(field, value);
        call.put("timestamp", at);
        call.put("context", Map.of("groupId", account));
        return call;
    }

    private void send(List<Map<String, Object>> items, int perRequest,
                      java.util.function.Consumer<List<Map<String, Object>>> request) {
        for (int from = 0; from < items.size(); from += perRequest) {
            List<Map<String, Object>> chunk = items.subList(from, Math.min(items.size(), from + perRequest));
            if (withRetries(() -> request.accept(chunk))) {
                eventsSent.addAndGet(chunk.size());
            }
        }
    }

    /** A few attempts for answers that ask for a retry (429, 503, no answer); a 4xx is counted and dropped. */
    private boolean withRetries(Runnable request) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                request.run();
                return true;
            } catch (IngestRejectedException e) {
                boolean retriable = e.status() == 429 || e.status() == 503 || e.status() == -1;
                if (!retriable || attempt == ATTEMPTS) {
                    rejected.incrementAndGet();
                    System.err.println("ingest rejected a request: " + e.getMessage());
                    return false;
                }
                LockSupport.parkNanos(RETRY_PAUSE.toNanos());
            }
        }
        return false;
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public long rejectedRequests() {
        return rejected.get();
    }

    public int lastDaySent() {
        return lastDaySent;
    }
}
