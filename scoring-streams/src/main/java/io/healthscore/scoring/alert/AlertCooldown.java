package io.healthscore.scoring.alert;

import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AlertMemory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * At most one alert per account and rule per cooldown window unless severity rises: a finding is raised when
 * the rule has no window open (none yet, or now &ge; windowStart + cooldown) or its severity is above the
 * window's. Raising opens a new window at now. alertId = UUIDv3(accountId | rule | severity | windowStart), so
 * a replay or a restart from the changelog raises the very same ids.
 */
public final class AlertCooldown {

    private final Duration cooldown;

    public AlertCooldown(Duration cooldown) {
        this.cooldown = cooldown;
    }

    /** The id of the alert to raise, having opened its window in the state; empty when suppressed. */
    public Optional<String> admit(String accountId, RiskFinding finding, AccountState state, long nowMillis) {
        AlertMemory memory = state.alertMemory(finding.rule());
        boolean windowOpen = memory != null && nowMillis < memory.windowStartMillis() + cooldown.toMillis();
        if (windowOpen && finding.severity().ordinal() <= memory.severity().ordinal()) {
            return Optional.empty();
        }
        state.rememberAlert(finding.rule(), new AlertMemory(finding.severity(), nowMillis));
        String key = accountId + "|" + finding.rule() + "|" + finding.severity() + "|" + nowMillis;
        return Optional.of(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
    }
}
