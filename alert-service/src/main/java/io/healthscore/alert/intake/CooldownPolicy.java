package io.healthscore.alert.intake;

import io.healthscore.alert.config.NoiseConfig;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.ExpansionRepository;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One acted-on alert per account and rule per cooldown window: a later alert in the window is suppressed unless
 * its severity is higher than every acted-on alert in it (a rise from SUSPECTED to IMMINENT always gets through).
 * The window is measured on the alerts' own raisedAt times, so a replay of old records decides the same way.
 * Level transitions have no rule or severity: one acted-on transition per account and transition playbook per
 * window, measured on transitionedAt; expansion signals likewise, per account and expansion playbook, on detectedAt.
 * An alert raised while an unresolved alert of the same account and rule is snoozed past its raisedAt is suppressed
 * too; once the snooze date has passed, the cooldown alone decides.
 */
@Singleton
public final class CooldownPolicy {

    private final NoiseConfig config;
    private final AlertRepository alerts;
    private final HistoryRepository history;
    private final ExpansionRepository expansions;

    public CooldownPolicy(NoiseConfig config, AlertRepository alerts, HistoryRepository history,
                          ExpansionRepository expansions) {
        this.config = config;
        this.alerts = alerts;
        this.history = history;
        this.expansions = expansions;
    }

    /** @return why the alert is suppressed, or empty when it is to be acted on */
    public Optional<String> suppression(Connection c, ChurnRiskAlert alert) throws SQLException {
        // While a CSM has an alert of this account and rule snoozed, a new one folds into it: no new deliveries.
        Optional<java.time.Instant> snoozed = alerts.snoozedPast(c, alert.getAccountId(), alert.getRule().name(),
                alert.getRaisedAt(), alert.getAlertId());
        if (snoozed.isPresent()) {
            return Optional.of("snoozed: a " + alert.getRule() + " alert for this account is snoozed until "
                    + snoozed.get());
        }
        Optional<Severity> strongest = alerts.strongestActedOnSince(c, alert.getAccountId(), alert.getRule().name(),
                alert.getRaisedAt().minus(config.cooldown()), alert.getAlertId());
        if (strongest.isPresent() && alert.getSeverity().ordinal() <= strongest.get().ordinal()) {
            return Optional.of("cooldown: a " + strongest.get() + " " + alert.getRule() + " alert for this account "
                    + "was acted on within " + config.cooldown().toDays() + " days");
        }
        return Optional.empty();
    }

    /** @return why the expansion signal is not acted on by this playbook, or empty when it is to be acted on */
    public Optional<String> suppression(Connection c, ExpansionOpportunity signal, String playbook)
            throws SQLException {
        if (expansions.actedOnSince(c, signal.getAccountId(), playbook,
                signal.getDetectedAt().minus(config.cooldown()), signal.getSignalId())) {
            return Optional.of("cooldown: playbook '" + playbook + "' acted on an expansion signal of this account "
                    + "within " + config.cooldown().toDays() + " days");
        }
        return Optional.empty();
    }

    /** @return why the transition is not acted on by this playbook, or empty when it is to be acted on */
    public Optional<String> suppression(Connection c, LevelTransition transition, String playbook)
            throws SQLException {
        if (history.transitionActedOnSince(c, transition.getAccountId(), playbook,
                transition.getTransitionedAt().minus(config.cooldown()), transition)) {
            return Optional.of("cooldown: playbook '" + playbook + "' acted on a level transition of this account "
                    + "within " + config.cooldown().toDays() + " days");
        }
        return Optional.empty();
    }
}
