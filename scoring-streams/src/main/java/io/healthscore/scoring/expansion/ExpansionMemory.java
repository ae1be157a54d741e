package io.healthscore.scoring.expansion;

import io.healthscore.avro.ExpansionKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the expansion rules remember of one account between evaluations: since when it has been at or above the
 * rising-adoption level without a break ({@link #NOT_AT_LEVEL} when it is not), and when each kind last fired (the
 * cooldown's start). Mutable; kept in the store {@code scoring-expansion-memory}, apart from the account's state, so
 * the account state's format does not change.
 */
public final class ExpansionMemory {

    public static final long NOT_AT_LEVEL = Long.MIN_VALUE;

    private long atLevelSince = NOT_AT_LEVEL;
    private final Map<ExpansionKind, Long> lastSignalled = new EnumMap<>(ExpansionKind.class);

    public long atLevelSince() {
        return atLevelSince;
    }

    /** @return whether anything changed */
    public boolean atLevel(boolean atLevel, long nowMillis) {
        if (atLevel && atLevelSince == NOT_AT_LEVEL) {
            atLevelSince = nowMillis;
            return true;
        }
        if (!atLevel && atLevelSince != NOT_AT_LEVEL) {
            atLevelSince = NOT_AT_LEVEL;
            return true;
        }
        return false;
    }

    /** When the kind last fired, or null. */
    public Long lastSignalled(ExpansionKind kind) {
        return lastSignalled.get(kind);
    }

    public void signalled(ExpansionKind kind, long nowMillis) {
        lastSignalled.put(Objects.requireNonNull(kind, "kind"), nowMillis);
    }

    Map<ExpansionKind, Long> signalled() {
        return lastSignalled;
    }

    void restore(long since, Map<ExpansionKind, Long> signalled) {
        atLevelSince = since;
        lastSignalled.clear();
        lastSignalled.putAll(signalled);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpansionMemory m && m.atLevelSince == atLevelSince && m.lastSignalled.equals(lastSignalled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(atLevelSince, lastSignalled);
    }

    @Override
    public String toString() {
        return "ExpansionMemory{atLevelSince=" + atLevelSince + ", lastSignalled=" + lastSignalled + "}";
    }
}
