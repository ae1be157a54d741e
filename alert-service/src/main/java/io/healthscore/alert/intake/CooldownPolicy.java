package io.healthscore.alert.intake;

import io.healthscore.alert.config.NoiseConfig;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Severity;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One acted-on alert per account and rule per cooldown window: a later alert in the window is suppressed unless
 * its severity is higher than every acted-on alert in it (a rise from SUSPECTED to IMMINENT always gets through).
 * The window is measured on the alerts' own raisedAt times, so a replay of old records decides the same way.
 */
@Singleton
public final class CooldownPolicy {

    private final NoiseConfig config;
    private final AlertRepository alerts;

    public CooldownPolicy(NoiseConfig config, AlertRepository alerts) {
        this.config = config;
        this.alerts = alerts;
    }

    /** @return why the alert is suppressed, or empty when it is to be acted on */
    public Optional<String> suppression(Connection c, ChurnRiskAlert alert) throws SQLException {
        Optional<Severity> strongest = alerts.strongestActedOnSince(c, alert.getAccountId(), alert.getRule().name(),
                alert.getRaisedAt().minus(config.cooldown()), alert.getAlertId());
        if (strongest.isPresent() && alert.getSeverity().ordinal() <= strongest.get().ordinal()) {
            return Optional.of("cooldown: a " + strongest.get() + " " + alert.getRule() + " alert for this account "
                    + "was acted on within " + config.cooldown().toDays() + " days");
        }
        return Optional.empty();
    }
}
