package io.healthscore.scoring.expansion;

import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The expansion signal of one account after an evaluation: updates how long it has been at the rising-adoption
 * level, runs {@link SeatsExceededRule} and {@link RisingAdoptionRule}, and lets a finding through when its kind has
 * not fired for the account within the cooldown (measured from the last firing, on the scoring clock). signalId =
 * UUIDv3(accountId | kind | detectedAt), so a replay or a restart from the changelog signals the very same ids. The
 * memory lives in its own store and is written only when it changes.
 */
public final class ExpansionSignals {

    private final ScoringModel model;
    private final ExpansionThresholds thresholds;
    private final KeyValueStore<String, ExpansionMemory> store;

    public ExpansionSignals(ScoringModel model, KeyValueStore<String, ExpansionMemory> store) {
        this.model = model;
        this.thresholds = model.expansion();
        this.store = store;
    }

    /** The signals to publish for an account just evaluated (its state holds the published score and level). */
    public List<ExpansionOpportunity> detect(String accountId, AccountState state, long nowMillis) {
        if (!thresholds.enabled() || !state.hasScore() || state.lastLevel() == null) {
            return List.of();
        }
        ExpansionMemory stored = store.get(accountId);
        ExpansionMemory memory = stored != null ? stored : new ExpansionMemory();
        boolean changed = memory.atLevel(state.lastLevel().ordinal() >= thresholds.adoptionLevel().ordinal(),
                nowMillis);
        List<ExpansionOpportunity> signals = new ArrayList<>();
        if (open(memory, ExpansionKind.SEATS_EXCEEDED, nowMillis)) {
            changed |= admit(SeatsExceededRule.evaluate(state, AccountClock.epochDay(nowMillis), thresholds),
                    accountId, state, memory, nowMillis, signals);
        }
        if (open(memory, ExpansionKind.RISING_ADOPTION, nowMillis)) {
            changed |= admit(RisingAdoptionRule.evaluate(state, memory, nowMillis, thresholds), accountId, state,
                    memory, nowMillis, signals);
        }
        if (changed) {
            store.put(accountId, memory);
        }
        return signals;
    }

    /** An erased account's memory goes with its state. */
    public void forget(String accountId) {
        store.delete(accountId);
    }

    private boolean open(ExpansionMemory memory, ExpansionKind kind, long nowMillis) {
        Long last = memory.lastSignalled(kind);
        return last == null || nowMillis >= last + thresholds.cooldown().toMillis();
    }

    private boolean admit(Optional<ExpansionFinding> finding, String accountId, AccountState state,
                          ExpansionMemory memory, long nowMillis, List<ExpansionOpportunity> signals) {
        if (finding.isEmpty()) {
            return false;
        }
        ExpansionFinding f = finding.get();
        memory.signalled(f.kind(), nowMillis);
        String key = accountId + "|" + f.kind() + "|" + nowMillis;
        signals.add(ExpansionOpportunity.newBuilder()
                .setSignalId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString())
                .setAccountId(accountId).setKind(f.kind()).setReasons(f.reasons())
                .setScore(state.lastScore()).setLevel(state.lastLevel())
                .setActiveUsers(f.activeUsers()).setPreviousActiveUsers(f.previousActiveUsers()).setSeats(f.seats())
                .setWindowDays(f.windowDays()).setDaysAtLevel(f.daysAtLevel()).setUserDays(f.userDays())
                .setPreviousUserDays(f.previousUserDays()).setSegment(state.segment())
                .setCoverageModel(state.coverageModel()).setModelVersion(model.version())
                .setDetectedAt(Instant.ofEpochMilli(nowMillis))
                .build());
        return true;
    }
}
