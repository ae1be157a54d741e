package io.healthscore.chaos.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's record of the load, the "known totals" the pipeline is reconciled against: every event and signal
 * sent, whether its request got a 2xx (accepted), a 4xx (rejected) or never an answer that settled it before the
 * run gave up (unresolved: it may or may not be in Kafka), and how often requests had to be sent again.
 */
public final class Ledger {

    private final Map<String, Set<String>> acceptedUsage = new HashMap<>();
    private final Map<String, Set<String>> unresolvedUsage = new HashMap<>();
    private final Set<String> sentUsage = new HashSet<>();
    private final List<IngestCall.Message> acceptedSignals = new ArrayList<>();
    private final List<IngestCall.Message> unresolvedSignals = new ArrayList<>();
    private long rejectedMessages;
    private long rejectedRequests;
    private long unresolvedRequests;
    private long requests;
    private long retriedRequests;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong answered5xx = new AtomicLong();
    private final AtomicLong answered429 = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    private final AtomicLong answersDropped = new AtomicLong();

    /** A request is about to be sent (for the first time or again). */
    void attempt() {
        attempts.incrementAndGet();
    }

    /** The request failed in a way that is retried: a status (429, 5xx) or -1 with a refused or lost connection. */
    void retryable(int status, boolean connectionRefused) {
        if (status == 429) {
            answered429.incrementAndGet();
        } else if (status > 0) {
            answered5xx.incrementAndGet();
        } else if (connectionRefused) {
            refused.incrementAndGet();
        } else {
            noAnswer.incrementAndGet();
        }
    }

    /** A 2xx the client treated as lost in the network (the request is sent again, unchanged). */
    void answerDropped() {
        answersDropped.incrementAndGet();
    }

    public synchronized void sent(IngestCall call) {
        if (call.kind() == IngestCall.Kind.USAGE) {
            call.messages().forEach(m -> sentUsage.add(m.messageId()));
        }
    }

    public synchronized void accepted(IngestCall call, int attemptsTaken) {
        settled(attemptsTaken);
        for (IngestCall.Message m : call.messages()) {
            if (call.kind() == IngestCall.Kind.USAGE) {
                acceptedUsage.computeIfAbsent(m.accountId(), a -> new HashSet<>()).add(m.messageId());
            } else if (call.kind() == IngestCall.Kind.SIGNAL) {
                acceptedSignals.add(m);
            }
        }
    }

    public synchronized void rejected(IngestCall call, int attemptsTaken) {
        settled(attemptsTaken);
        rejectedRequests++;
        rejectedMessages += call.messages().size();
    }

    public synchronized void unresolved(IngestCall call, int attemptsTaken) {
        settled(attemptsTaken);
        unresolvedRequests++;
        for (IngestCall.Message m : call.messages()) {
            if (call.kind() == IngestCall.Kind.USAGE) {
                unresolvedUsage.computeIfAbsent(m.accountId(), a -> new HashSet<>()).add(m.messageId());
            } else if (call.kind() == IngestCall.Kind.SIGNAL) {
                unresolvedSignals.add(m);
            }
        }
    }

    private void settled(int attemptsTaken) {
        requests++;
        if (attemptsTaken > 1) {
            retriedRequests++;
        }
    }

    /** Usage messageIds whose request got a 2xx, by account. */
    public synchronized Map<String, Set<String>> acceptedUsage() {
        Map<String, Set<String>> copy = new HashMap<>();
        acceptedUsage.forEach((account, ids) -> copy.put(account, Set.copyOf(ids)));
        return copy;
    }

    /** Usage messageIds whose request never got a settling answer, by account. */
    public synchronized Map<String, Set<String>> unresolvedUsage() {
        Map<String, Set<String>> copy = new HashMap<>();
        unresolvedUsage.forEach((account, ids) -> copy.put(account, Set.copyOf(ids)));
        return copy;
    }

    public synchronized boolean wasSent(String usageMessageId) {
        return sentUsage.contains(usageMessageId);
    }

    public synchronized long usageSent() {
        return sentUsage.size();
    }

    public synchronized long usageAccepted() {
        return acceptedUsage.values().stream().mapToLong(Set::size).sum();
    }

    public synchronized List<IngestCall.Message> acceptedSignals() {
        return List.copyOf(acceptedSignals);
    }

    public synchronized List<IngestCall.Message> unresolvedSignals() {
        return List.copyOf(unresolvedSignals);
    }

    public synchronized Figures figures() {
        return new Figures(requests, retriedRequests, attempts.get(), answered5xx.get(), answered429.get(),
                refused.get(), noAnswer.get(), answersDropped.get(), rejectedRequests, rejectedMessages,
                unresolvedRequests);
    }

    /**
     * Request counts: settled requests, those sent more than once, all attempts, and the retried answers by kind
     * (5xx such as 503 while Kafka or the registry is away, 429, connection refused while ingest is down, and no
     * answer at all: a reset or timeout, whose outcome the client cannot know), and the 2xx answers the client
     * dropped on purpose to simulate an answer lost on its way back.
     */
    public record Figures(long requests, long retriedRequests, long attempts, long answered5xx, long answered429,
                          long connectionsRefused, long noAnswer, long answersDropped, long rejectedRequests,
                          long rejectedMessages, long unresolvedRequests) {
    }
}
