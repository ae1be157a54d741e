package io.healthscore.scoring.expansion;

import io.healthscore.avro.ExpansionKind;
import java.util.List;

/**
 * What an expansion rule found, before the cooldown: its kind, the reasons in words and the evidence numbers the
 * published signal carries (null where the kind has none).
 */
public record ExpansionFinding(ExpansionKind kind, List<String> reasons, int activeUsers, Integer previousActiveUsers,
                               Integer seats, int windowDays, Integer daysAtLevel, Integer userDays,
                               Integer previousUserDays) {

    public ExpansionFinding {
        reasons = List.copyOf(reasons);
    }
}
