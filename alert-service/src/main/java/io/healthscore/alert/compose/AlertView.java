package io.healthscore.alert.compose;

import io.healthscore.avro.ChurnRiskAlert;
import java.time.LocalDate;
import java.util.List;

/** The parts of an alert messages show, with the account's display name and link resolved. */
public record AlertView(ChurnRiskAlert alert, String accountName, String link) {

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
