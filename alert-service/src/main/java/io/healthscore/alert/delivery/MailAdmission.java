package io.healthscore.alert.delivery;

import io.healthscore.alert.config.CustomerMailLimits;
import io.healthscore.alert.metrics.AlertMetrics;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.CustomerEmailCounts;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.OutboxAdmission;
import io.healthscore.schemas.values.EmailAddress;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks every email row as it is written to the outbox, whoever wrote it: the recipient must pass the
 * {@link RecipientPolicy} (a valid address; for CSM mail, an allowed domain or the fallback CSM), and a customer
 * email must stay within {@code mail.customer-limits} (per recipient over all accounts, and per account, within the
 * window). A row that fails is stored SKIPPED with the reason instead; a limit reached also counts in
 * {@code healthscore_customer_emails_limited_total{limit}}. Passing rows are stored with the normalised address.
 */
@Singleton
public final class MailAdmission implements OutboxAdmission {

    private final RecipientPolicy recipients;
    private final CustomerMailLimits limits;
    private final CustomerEmailCounts counts;
    private final AlertMetrics metrics;

    public MailAdmission(RecipientPolicy recipients, CustomerMailLimits limits, CustomerEmailCounts counts,
                         AlertMetrics metrics) {
        this.recipients = recipients;
        this.limits = limits;
        this.counts = counts;
        this.metrics = metrics;
    }

    @Override
    public NewDelivery admit(Connection c, NewDelivery d, Instant now) throws SQLException {
        boolean email = d.channel() == Channel.CSM_EMAIL || d.channel() == Channel.CUSTOMER_EMAIL;
        if (!email || d.status() != DeliveryStatus.PENDING) {
            return d;
        }
        Optional<String> refusal = recipients.refusal(d.channel(), d.target());
        if (refusal.isPresent()) {
            return skipped(d, "-", refusal.get());
        }
        String to = EmailAddress.normalize(d.target());
        if (d.channel() == Channel.CUSTOMER_EMAIL) {
            Optional<String> limit = limitReached(c, to, d.accountId(), now);
            if (limit.isPresent()) {
                return skipped(d, to, limit.get());
            }
        }
        return new NewDelivery(d.idempotencyKey(), d.alertId(), d.accountId(), d.channel(), to, d.subject(), d.body(),
                d.status(), d.note());
    }

    private Optional<String> limitReached(Connection c, String to, String accountId, Instant now) throws SQLException {
        counts.lock(c, to, accountId);
        Instant since = now.minus(limits.window());
        if (counts.toRecipient(c, to, since) >= limits.perRecipient()) {
            metrics.customerEmailLimited("recipient");
            return Optional.of(reason(limits.perRecipient(), "recipient", "per-recipient"));
        }
        if (accountId != null && counts.ofAccount(c, accountId, since) >= limits.perAccount()) {
            metrics.customerEmailLimited("account");
            return Optional.of(reason(limits.perAccount(), "account", "per-account"));
        }
        return Optional.empty();
    }

    private String reason(int max, String what, String setting) {
        return "customer-email limit: " + max + " already queued for this " + what + " within " + limits.window()
                + " (mail.customer-limits." + setting + ")";
    }

    private static NewDelivery skipped(NewDelivery d, String target, String why) {
        return new NewDelivery(d.idempotencyKey(), d.alertId(), d.accountId(), d.channel(), target, d.subject(), "",
                DeliveryStatus.SKIPPED, why);
    }
}
