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

    public ComposedMessage compose(LocalDate day, List<StoredAlert> openAlerts, List<RenewalAtRisk> renewals,
                                   int horizonDays) {
        String subject = "Daily digest " + day + ": " + openAlerts.size() + " open alerts, " + renewals.size()
                + " renewals at risk";
        StringBuilder b = new StringBuilder();
        b.append("Open alerts (").append(openAlerts.size()).append("):\n");
        for (StoredAlert a : openAlerts) {
            b.append("- ").append(a.severity()).append(' ').append(a.rule()).append(" for ").append(Text.id(a.accountId()))
                    .append(String.format(Locale.ROOT, ", score %.1f %s", a.score(), a.level()))
                    .append(", raised ").append(a.raisedAt()).append(" [").append(a.status()).append("]\n");
            for (String reason : Text.firstOf(a.reasons(), MAX_REASONS)) {
                b.append("    ").append(Text.oneLine(reason)).append('\n');
            }
        }
        b.append("\nRenewals in the next ").append(horizonDays).append(" days at risk (").append(renewals.size())
                .append("):\n");
        for (RenewalAtRisk r : renewals) {
            String name = r.account().name() == null ? r.account().accountId() : r.account().name();
            b.append("- ").append(r.account().renewalDate()).append(' ').append(Text.oneLine(name)).append(" (")
                    .append(Text.id(r.account().accountId())).append("), level ").append(r.level()).append('\n');
        }
        return new ComposedMessage(subject, b.toString());
    }
}
