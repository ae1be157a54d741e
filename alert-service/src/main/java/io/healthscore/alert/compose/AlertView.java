package io.healthscore.alert.compose;

import io.healthscore.avro.ChurnRiskAlert;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.util.List;

/**
 * The parts of an alert messages show, with the account's display name and links resolved: {@code link} is the
 * internal account page for CSMs, Slack and webhooks; {@code customerLink} is the only link a customer email may
 * carry (null: none).
 */
public record AlertView(ChurnRiskAlert alert, String accountName, String link, @Nullable String customerLink) {

    public String accountId() {
        return alert.getAccountId();
    }

    public List<String> reasons() {
        return alert.getReasons();
    }

    public String scoreText() {
        return String.format(java.util.Locale.ROOT, "%.1f", alert.getScore());
    }

    public LocalDate renewalDate() {
        return alert.getRenewalDate();
    }
}
