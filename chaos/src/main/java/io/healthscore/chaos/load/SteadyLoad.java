package io.healthscore.chaos.load;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady synthetic load through the ingest API: every tick one request with {@code batchSize} usage events
 * (logins, key-feature uses, page views by the accounts' users, event time = now) for random accounts, and the
 * signals that are due: each account sends one failed payment and one detractor NPS answer at random moments of
 * the planned duration, so that PAYMENT_FAILED and DETRACTOR_NPS alerts (and the deliveries of their playbooks)
 * keep coming while faults are injected; and for one account in three whose renewal is far, the CRM moves the
 * renewal date to 30 days ahead at a random moment, which raises an IMMINENT RENEWAL_AT_RISK alert (Slack, email
 * and webhook) when the account's level is Lv2 or lower. Requests are sent by a pool of workers through {@link IngestSender}, so
 * one request stuck in retries does not hold up the others. Every messageId is unique to the run.
 */
public final class SteadyLoad implements AutoCloseable {

    private static final List<String> KEY_FEATURES = List.of("dashboards", "reports", "integrations", "automations",
            "exports");
    private static final int WORKERS = 8;
    private static final String RENEWAL_SOON = "renewal_soon";

    private final List<ChaosAccount> accounts;
    private final IngestSender sender;
    private final Random random;
    private final String idPrefix;
    private final int batchSize;
    private final Duration tick;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> new Thread(r, "chaos-load"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chaos-ticker"));
    private final PriorityQueue<DueSignal> signals = new PriorityQueue<>();
    private final List<Future<?>> calls = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long giveUpAtNanos;
    private long startNanos;

    public SteadyLoad(List<ChaosAccount> accounts, IngestSender sender, double eventsPerSecond, int batchSize,
                      long seed, String idPrefix) {
        this.accounts = List.copyOf(accounts);
        this.sender = sender;
        this.random = new Random(seed);
        this.idPrefix = idPrefix;
        this.batchSize = batchSize;
        this.tick = Duration.ofNanos((long) (batchSize / eventsPerSecond * 1e9));
    }

    /** Sends every account's profile and waits (bounded) until each got its answer. */
    public void publishProfiles(Duration atMost) {
        long giveUp = System.nanoTime() + atMost.toNanos();
        List<Future<?>> profiles = new ArrayList<>();
        for (ChaosAccount a : accounts) {
            IngestCall call = new IngestCall(IngestCall.Kind.PROFILE, "PUT", "/v1/accounts/" + a.id(), a.profile(), List.of());
            profiles.add(workers.submit(() -> sender.deliver(call, () -> giveUp)));
        }
        awaitAll(profiles, giveUp);
    }

    /**
     * Starts the load. Signals are spread over {@code planned}; {@link #stop(Duration)} sends any not yet due, so
     * every account gets both however long the run takes. Requests retry until {@code hardLimit} at most.
     */
    public synchronized void start(Duration planned, Duration hardLimit) {
        startNanos = System.nanoTime();
        giveUpAtNanos = startNanos + hardLimit.toNanos();
        for (int i = 0; i < accounts.size(); i++) {
            ChaosAccount a = accounts.get(i);
            signals.add(new DueSignal(due(planned, 0.05, 0.75), a.id(), "payment_failed"));
            signals.add(new DueSignal(due(planned, 0.10, 0.80), a.id(), "nps_answer"));
            if (i % 3 == 1 && a.renewalDate().isAfter(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(90))) {
                signals.add(new DueSignal(due(planned, 0.10, 0.80), a.id(), RENEWAL_SOON));
            }
        }
        ticker.scheduleAtFixedRate(this::tick, 0, tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    private long due(Duration planned, double from, double to) {
        return startNanos + (long) (planned.toNanos() * (from + random.nextDouble() * (to - from)));
    }

    private synchronized void tick() {
        submit(usageCall());
        List<IngestCall.Message> due = new ArrayList<>();
        while (!signals.isEmpty() && signals.peek().dueNanos() <= System.nanoTime()) {
            dueNow(signals.poll(), due);
        }
        if (!due.isEmpty()) {
            submit(signalCall(due));
        }
    }

    /** A renewal change is sent at once as the CRM's profile update; a signal joins the tick's signal request. */
    private void dueNow(DueSignal s, List<IngestCall.Message> signalBatch) {
        if (s.type().equals(RENEWAL_SOON)) {
            Map<String, Object> update = Map.of("renewalDate",
                    java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString());
            submit(new IngestCall(IngestCall.Kind.PROFILE, "PUT", "/v1/accounts/" + s.accountId(), update, List.of()));
        } else {
            signalBatch.add(new IngestCall.Message(nextId("s"), s.accountId(), s.type()));
        }
    }

    private IngestCall usageCall() {
        String occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<Object> events = new ArrayList<>();
        List<IngestCall.Message> messages = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            ChaosAccount a = accounts.get(random.nextInt(accounts.size()));
            String id = nextId("e");
            Map<String, Object> e = new LinkedHashMap<>();
            int kind = random.nextInt(10);
            e.put("type", kind < 3 ? "login" : kind < 7 ? "feature_used" : "page_viewed");
            if (kind >= 3 && kind < 7) {
                e.put("feature", KEY_FEATURES.get(random.nextInt(KEY_FEATURES.size())));
            }
            e.put("accountId", a.id());
            e.put("userId", "u" + (1 + random.nextInt(a.users())));
            e.put("occurredAt", occurredAt);
            e.put("messageId", id);
            events.add(e);
            messages.add(new IngestCall.Message(id, a.id(), null));
        }
        return new IngestCall(IngestCall.Kind.USAGE, "POST", "/v1/events", events, messages);
    }

    private static IngestCall signalCall(List<IngestCall.Message> due) {
        String occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<Object> body = new ArrayList<>();
        for (IngestCall.Message m : due) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", m.signalType());
            s.put("accountId", m.accountId());
            if (m.signalType().equals("nps_answer")) {
                s.put("npsScore", 3);
            } else {
                s.put("amountMinor", 49_000);
                s.put("currency", "JPY");
            }
            s.put("occurredAt", occurredAt);
            s.put("messageId", m.messageId());
            body.add(s);
        }
        return new IngestCall(IngestCall.Kind.SIGNAL, "POST", "/v1/signals", body, due);
    }

    private String nextId(String kind) {
        return idPrefix + "-" + kind + sequence.incrementAndGet();
    }

    private void submit(IngestCall call) {
        calls.add(workers.submit(() -> sender.deliver(call, () -> giveUpAtNanos)));
    }

    /**
     * Stops generating (sending the signals not yet due at once), then waits until every request is settled;
     * requests still retrying after {@code drainAtMost} give up and count as unresolved.
     *
     * @return whether every request settled before giving up
     */
    public boolean stop(Duration drainAtMost) throws InterruptedException {
        ticker.shutdown();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        List<Future<?>> pending;
        synchronized (this) {
            List<IngestCall.Message> rest = new ArrayList<>();
            while (!signals.isEmpty()) {
                dueNow(signals.poll(), rest);
            }
            if (!rest.isEmpty()) {
                submit(signalCall(rest));
            }
            giveUpAtNanos = Math.min(giveUpAtNanos, System.nanoTime() + drainAtMost.toNanos());
            pending = List.copyOf(calls);
        }
        return awaitAll(pending, giveUpAtNanos + Duration.ofSeconds(15).toNanos());
    }

    /**
     * After {@link #stop}: one login per account by a user it has not seen, counted like any other event. Scoring
     * counts an event that changes none of the score's inputs without re-evaluating the account (for up to a
     * minute after its last evaluation), so the latest score may not yet carry the last repeats in its
     * {@code eventCount}; a login is always evaluated, so afterwards every account's latest score counts every
     * event it was sent. Waits (bounded) until every login got its answer.
     */
    public boolean closeWithLogins(Duration atMost) {
        long giveUp = System.nanoTime() + atMost.toNanos();
        String occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<Future<?>> closing = new ArrayList<>();
        for (int from = 0; from < accounts.size(); from += batchSize) {
            List<Object> events = new ArrayList<>();
            List<IngestCall.Message> messages = new ArrayList<>();
            for (ChaosAccount a : accounts.subList(from, Math.min(accounts.size(), from + batchSize))) {
                String id = nextId("e");
                events.add(Map.of("type", "login", "accountId", a.id(), "userId", "closing", "occurredAt", occurredAt,
                        "messageId", id));
                messages.add(new IngestCall.Message(id, a.id(), null));
            }
            IngestCall call = new IngestCall(IngestCall.Kind.USAGE, "POST", "/v1/events", events, messages);
            closing.add(workers.submit(() -> sender.deliver(call, () -> giveUp)));
        }
        return awaitAll(closing, giveUp + Duration.ofSeconds(15).toNanos());
    }

    public long requestsSubmitted() {
        synchronized (this) {
            return calls.size();
        }
    }

    private static boolean awaitAll(List<Future<?>> futures, long deadlineNanos) {
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a load request failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    private record DueSignal(long dueNanos, String accountId, String type) implements Comparable<DueSignal> {
        @Override
        public int compareTo(DueSignal other) {
            return Long.compare(dueNanos, other.dueNanos);
        }
    }
}
