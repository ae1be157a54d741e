package io.healthscore.scoring.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the CRM, the support desk and billing signalled about an account: the latest NPS answer, the open
 * high-priority tickets and the failed payments (each bounded by {@link StateLimits}, keeping the newest), and
 * whether any ticket or payment signal was ever seen (without one the component has no data).
 */
final class SignalHistory {

    int npsScore = -1;
    long npsAt = AccountState.NONE;
    boolean ticketsSeen;
    final TreeMap<String, Long> openTickets = new TreeMap<>();
    boolean paymentsSeen;
    final List<Long> failedPayments = new ArrayList<>();

    /** Keeps the answer unless a later one is kept already. */
    void recordNps(int score, long at) {
        if (at >= npsAt) {
            npsScore = score;
            npsAt = at;
        }
    }

    void openTicket(String ticketId, long at, StateLimits limits) {
        ticketsSeen = true;
        openTickets.put(ticketId, at);
        while (openTickets.size() > limits.maxOpenTickets()) {
            // Keep the newest tickets: the oldest are the first to leave the penalty window anyway.
            String oldest = openTickets.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            openTickets.remove(oldest);
        }
    }

    void closeTicket(String ticketId) {
        ticketsSeen = true;
        openTickets.remove(ticketId);
    }

    void paymentFailed(long at, StateLimits limits) {
        paymentsSeen = true;
        failedPayments.add(at);
        failedPayments.sort(null);
        while (failedPayments.size() > limits.maxFailedPayments()) {
            failedPayments.remove(0);
        }
    }

    void paymentSucceeded() {
        paymentsSeen = true;
    }

    /** Forgets tickets and failed payments older than the longest window that still counts them. */
    void expire(long cutoffTickets, long cutoffPayments) {
        openTickets.values().removeIf(at -> at < cutoffTickets);
        failedPayments.removeIf(at -> at < cutoffPayments);
    }
}
