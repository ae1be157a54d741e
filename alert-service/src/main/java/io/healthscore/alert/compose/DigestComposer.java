package io.healthscore.alert.compose;

import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.StoredAlert;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The daily digest for one CSM: open alerts, then renewals within the horizon that are at risk. Names, ids and
 * reasons are shown on one line each, capped (see {@link Text}).
 */
@Singleton
public final class DigestComposer {

    private static final int MAX_REASONS = 20;

    /** A renewal at risk: the account, its renewal date and the level that makes it at risk. */
    public record RenewalAtRisk(AccountContact account, String level) {
    }

    /** A notice held for the digest (its recipient chose the digest): when it was held and its subject. */
    public record Held(java.time.Instant at, String subject) {
    }

    public ComposedMessage compose(LocalDate day, List<StoredAlert> openAlerts, List<RenewalAtRisk> renewals,
                                   int horizonDays) {
        return compose(day, openAlerts, 0, renewals, 0, List.of(), 0, horizonDays);
    }

    /** A digest that lists some of the CSM's alerts and renewals and counts the {@code more...} it leaves out. */
    public ComposedMessage compose(LocalDate day, List<StoredAlert> openAlerts, int moreAlerts,
                                   List<RenewalAtRisk> renewals, int moreRenewals, int horizonDays) {
        return compose(day, openAlerts, moreAlerts, renewals, moreRenewals, List.of(), 0, horizonDays);
    }

    /** The same, then the notices held for this digest (newest first) and how many more there were. */
    public ComposedMessage compose(LocalDate day, List<StoredAlert> openAlerts, int moreAlerts,
                                   List<RenewalAtRisk> renewals, int moreRenewals, List<Held> held, int moreHeld,
                                   int horizonDays) {
        int alertCount = openAlerts.size() + moreAlerts;
        int renewalCount = renewals.size() + moreRenewals;
        int heldCount = held.size() + moreHeld;
        String subject = "Daily digest " + day + ": " + alertCount + " open alerts, " + renewalCount
                + " renewals at risk" + (heldCount == 0 ? "" : ", " + heldCount + " notices");
        StringBuilder b = new StringBuilder();
        b.append("Open alerts (").append(alertCount).append("):\n");
        for (StoredAlert a : openAlerts) {
            b.append("- ").append(a.severity()).append(' ').append(a.rule()).append(" for ").append(Text.id(a.accountId()))
                    .append(String.format(Locale.ROOT, ", score %.1f %s", a.score(), a.level()))
                    .append(", raised ").append(a.raisedAt()).append(" [").append(a.status()).append("]\n");
            for (String reason : Text.firstOf(a.reasons(), MAX_REASONS)) {
                b.append("    ").append(Text.oneLine(reason)).append('\n');
            }
        }
        if (moreAlerts > 0) {
            b.append("- and ").append(moreAlerts).append(" more\n");
        }
        b.append("\nRenewals in the next ").append(horizonDays).append(" days at risk (").append(renewalCount)
                .append("):\n");
        for (RenewalAtRisk r : renewals) {
            String name = r.account().name() == null ? r.account().accountId() : r.account().name();
            b.append("- ").append(r.account().renewalDate()).append(' ').append(Text.oneLine(name)).append(" (")
                    .append(Text.id(r.account().accountId())).append("), level ").append(r.level()).append('\n');
        }
        if (moreRenewals > 0) {
            b.append("- and ").append(moreRenewals).append(" more\n");
        }
        if (heldCount > 0) {
            b.append("\nNotices held for this digest (").append(heldCount).append("):\n");
            for (Held h : held) {
                b.append("- ").append(h.at().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)).append(' ')
                        .append(Text.oneLine(h.subject())).append('\n');
            }
            if (moreHeld > 0) {
                b.append("- and ").append(moreHeld).append(" more\n");
            }
        }
        return new ComposedMessage(subject, b.toString());
    }
}
