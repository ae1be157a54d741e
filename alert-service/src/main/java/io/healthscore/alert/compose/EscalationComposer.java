package io.healthscore.alert.compose;

import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.ScoreRecord;
import io.healthscore.alert.store.StoredAlert;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;

/**
 * The escalation email to the CSM: why automation was not enough (the trigger), and the account's history —
 * alerts, what was sent, and recent scores — so the CSM can act without looking anything up. Names, ids, the
 * trigger and reasons are shown on one line each, capped (see {@link Text}).
 */
@Singleton
public final class EscalationComposer {

    private static final int MAX_REASONS = 20;

    private static final int MAX_SCORES = 10;

    public ComposedMessage compose(String accountId, String accountName, String link, String trigger,
                                   List<StoredAlert> alerts, List<Delivery> deliveries, List<ScoreRecord> scores) {
        String name = Text.oneLine(accountName);
        String subject = Text.oneLine("[ESCALATION] " + name + ": tech-touch follow-up did not help", 200);
        StringBuilder b = new StringBuilder();
        b.append("Automated follow-up for ").append(name).append(" (").append(Text.id(accountId))
                .append(") did not stop the decline. Please reach out personally.\n\n");
        b.append("Trigger: ").append(Text.oneLine(trigger)).append("\n\nAlerts:\n");
        for (StoredAlert a : alerts) {
            b.append("- ").append(a.raisedAt()).append(' ').append(a.severity()).append(' ').append(a.rule())
                    .append(", score ").append(fmt(a.score())).append(' ').append(a.level())
                    .append(" [").append(a.status()).append("]\n");
            for (String reason : Text.firstOf(a.reasons(), MAX_REASONS)) {
                b.append("    ").append(Text.oneLine(reason)).append('\n');
            }
        }
        b.append("\nActions taken:\n");
        for (Delivery d : deliveries) {
            b.append("- ").append(d.createdAt()).append(' ').append(d.channel()).append(" -> ")
                    .append(d.channel().name().endsWith("EMAIL") ? "email" : d.target()).append(": ")
                    .append(d.status()).append('\n');
        }
        b.append("\nRecent scores:\n");
        List<ScoreRecord> recent = scores.subList(Math.max(0, scores.size() - MAX_SCORES), scores.size());
        for (ScoreRecord s : recent) {
            b.append("- ").append(s.evaluatedAt()).append(' ').append(fmt(s.score())).append(' ').append(s.level())
                    .append('\n');
        }
        b.append("\nAccount: ").append(link).append('\n');
        return new ComposedMessage(subject, b.toString());
    }

    private static String fmt(double score) {
        return String.format(Locale.ROOT, "%.1f", score);
    }
}
