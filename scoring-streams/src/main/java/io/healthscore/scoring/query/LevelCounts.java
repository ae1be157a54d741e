package io.healthscore.scoring.query;

import io.healthscore.scoring.topology.LevelTally;

import io.healthscore.avro.HealthLevel;
import io.healthscore.scoring.state.AccountState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Accounts per level (LV1..LV4, accounts without a score left out), optionally only those of one segment and/or
 * one CSM owner. Counts from several instances add up.
 */
public final class LevelCounts {

    private final String segment;
    private final String csm;
    private final EnumMap<HealthLevel, Long> counts = new EnumMap<>(HealthLevel.class);

    public LevelCounts(String segment, String csm) {
        this.segment = segment;
        this.csm = csm;
        for (HealthLevel level : HealthLevel.values()) {
            counts.put(level, 0L);
        }
    }

    public void count(AccountState state) {
        if (state.lastLevel() == null || segment != null && !Objects.equals(segment, state.segment())
                || csm != null && !Objects.equals(csm, state.csmOwnerEmail())) {
            return;
        }
        counts.merge(state.lastLevel(), 1L, Long::sum);
    }

    /** {@code n} accounts of one group of the tally, counted when the group matches the filters. */
    public void count(LevelTally.Group group, long n) {
        if (segment != null && !Objects.equals(segment, group.segment())
                || csm != null && !Objects.equals(csm, group.csm())) {
            return;
        }
        counts.merge(group.level(), n, Long::sum);
    }

    public void add(Map<String, ?> other) {
        for (HealthLevel level : HealthLevel.values()) {
            Object n = other.get(level.name());
            if (n instanceof Number number) {
                counts.merge(level, number.longValue(), Long::sum);
            }
        }
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        counts.forEach((level, n) -> map.put(level.name(), n));
        return map;
    }
}
