package io.healthscore.e2e.product;

import io.healthscore.e2e.http.IngestClient;
import io.healthscore.e2e.http.IngestRejectedException;
import io.healthscore.e2e.time.CompressedClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 */
public final class ProductTraffic {

    private static final int NATIVE_EVENTS_PER_REQUEST = 1_000;
    private static final int SEGMENT_CALLS_PER_REQUEST = 500;
    private static final int ATTEMPTS = 4;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final List<ProductAccount> accounts;
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
     * at {@code wallDeadline} or when the thread is interrupted.
     */
    public void runThrough(int lastDay, Instant wallDeadline) {
        int next = Math.max(0, lastDaySent + 1);
        while (next <= lastDay && Instant.now().isBefore(wallDeadline) && !Thread.currentThread().isInterrupted()) {
            if (currentDay() >= next) {
                sendDay(next);
                lastDaySent = next;
                next++;
            } else {
                // Waiting for the compressed clock to reach the next day; bounded by the deadline above.
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    /** Sends one day for every account, stamped with the compressed clock's current instant. */
    public void sendDay(int day) {
        Instant now = clock.instant();
        List<Map<String, Object>> events = new ArrayList<>();
        List<Map<String, Object>> segmentCalls = new ArrayList<>();
        List<Map<String, Object>> signals = new ArrayList<>();
        for (ProductAccount a : accounts) {
            if (day < a.startDay()) {
                continue;
            }
            DayPlan plan = a.persona().planFor(a, day, random);
            String at = now.minusSeconds(random.nextInt(1800)).toString();
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
            for (Map<String, Object> signal : plan.signals()) {
                Map<String, Object> s = new LinkedHashMap<>(signal);
                s.put("accountId", a.id());
                s.put("occurredAt", at);
                signals.add(s);
            }
        }
        send(events, NATIVE_EVENTS_PER_REQUEST, chunk -> ingest.events(chunk));
        send(segmentCalls, SEGMENT_CALLS_PER_REQUEST, chunk -> ingest.segment("batch", Map.of("batch", chunk)));
        send(signals, NATIVE_EVENTS_PER_REQUEST, chunk -> ingest.signals(chunk));
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
