package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The codes {@link AccountStateSerde} stores for enum symbols are forever: every account's state in RocksDB and
 * in its changelog topic holds them. This test pins them; it must only ever grow.
 */
class StateCodesTest {

    private static final String FOREVER = "State codes are stored in every account's state (RocksDB and the changelog "
            + "topic). Changing or reusing a code makes every stored state read as another symbol, silently. Never "
            + "change a code; give a new symbol the next free code in StateCodes and pin it here.";

    /** Every code ever given, as {@code Enum.SYMBOL -> code}. Add lines; never change or remove one. */
    private static final Map<String, Integer> PINNED = pinned(
            "CoverageModel.HIGH_TOUCH", 0, "CoverageModel.LOW_TOUCH", 1, "CoverageModel.TECH_TOUCH", 2,
            "HealthLevel.LV1", 0, "HealthLevel.LV2", 1, "HealthLevel.LV3", 2, "HealthLevel.LV4", 3,
            "ScoreComponent.ACTIVITY", 0, "ScoreComponent.LOGIN_FREQUENCY", 1, "ScoreComponent.FEATURE_ADOPTION", 2,
            "ScoreComponent.TREND", 3, "ScoreComponent.ONBOARDING", 4, "ScoreComponent.SUPPORT", 5,
            "ScoreComponent.SENTIMENT", 6, "ScoreComponent.PAYMENT", 7,
            "AlertRule.SCORE_DROP", 0, "AlertRule.LEVEL_DOWN", 1, "AlertRule.INACTIVITY", 2,
            "AlertRule.RENEWAL_AT_RISK", 3, "AlertRule.PAYMENT_FAILED", 4, "AlertRule.DETRACTOR_NPS", 5,
            "AlertRule.OTHER", 6, "AlertRule.USAGE_DECLINE", 7, "AlertRule.RISK_RISE", 8,
            "Severity.SUSPECTED", 0, "Severity.IMMINENT", 1);

    @Test
    void pinnedCodesNeverChange() {
        Map<String, Integer> current = currentCodes();

        PINNED.forEach((symbol, code) -> assertThat(current.get(symbol))
                .withFailMessage("%s: pinned code %d, now %s. %s", symbol, code, current.get(symbol), FOREVER)
                .isEqualTo(code));
    }

    @Test
    void everyCodeIsPinned() {
        Map<String, Integer> unpinned = new TreeMap<>(currentCodes());
        unpinned.keySet().removeAll(PINNED.keySet());

        assertThat(unpinned).withFailMessage("Codes not pinned in StateCodesTest yet: %s. %s", unpinned, FOREVER)
                .isEmpty();
    }

    @Test
    void everySymbolOfEveryStoredEnumHasExactlyOneCode() {
        for (CodeTable<?> table : StateCodes.all()) {
            assertEveryConstantHasItsOwnCode(table);
        }
    }

    @Test
    void aSymbolInsertedInTheMiddleStillReadsOldCodesAsTheirOldSymbols() {
        // Release 1 wrote Tier with codes in declaration order; release 2 inserted SILVER_TRIAL before SILVER
        // (legal under BACKWARD compatibility) and gave it the next free code.
        CodeTable<Tier> release1 = CodeTable.of(Tier.class, Map.of(Tier.BRONZE, 0, Tier.SILVER, 1, Tier.GOLD, 2));
        CodeTable<TierWithInsert> release2 = CodeTable.of(TierWithInsert.class, Map.of(TierWithInsert.BRONZE, 0,
                TierWithInsert.SILVER, 1, TierWithInsert.GOLD, 2, TierWithInsert.SILVER_TRIAL, 3));
        int[] stored = {release1.code(Tier.BRONZE), release1.code(Tier.SILVER), release1.code(Tier.GOLD)};

        assertThat(release2.symbol("tier", stored[0])).isEqualTo(TierWithInsert.BRONZE);
        assertThat(release2.symbol("tier", stored[1])).isEqualTo(TierWithInsert.SILVER);
        assertThat(release2.symbol("tier", stored[2])).isEqualTo(TierWithInsert.GOLD);
        // What writing ordinals would have read: every symbol after the insertion shifted by one.
        assertThat(TierWithInsert.values()[stored[1]]).isEqualTo(TierWithInsert.SILVER_TRIAL);
        assertThat(TierWithInsert.values()[stored[2]]).isEqualTo(TierWithInsert.SILVER);
    }

    @Test
    void anUnknownCodeIsRefusedNamingTheFieldAndTheCode() {
        CodeTable<Tier> table = CodeTable.of(Tier.class, Map.of(Tier.BRONZE, 0, Tier.SILVER, 1, Tier.GOLD, 2));

        assertThatThrownBy(() -> table.symbol("tier", 7))
                .isInstanceOf(UnknownStateCodeException.class)
                .hasMessageContaining("tier")
                .hasMessageContaining("7")
                .hasMessageContaining("Tier");
        assertThatThrownBy(() -> table.symbol("tier", -2)).isInstanceOf(UnknownStateCodeException.class);
    }

    @Test
    void aTableWithoutACodeForASymbolCannotBeBuilt() {
        assertThatThrownBy(() -> CodeTable.of(TierWithInsert.class, Map.of(TierWithInsert.BRONZE, 0,
                TierWithInsert.SILVER, 1, TierWithInsert.GOLD, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TierWithInsert.SILVER_TRIAL has no state code");
    }

    @Test
    void aTableGivingTwoSymbolsOneCodeCannotBeBuilt() {
        assertThatThrownBy(() -> CodeTable.of(Tier.class, Map.of(Tier.BRONZE, 0, Tier.SILVER, 1, Tier.GOLD, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("code 1");
    }

    @Test
    void codesFitTheByteTheyAreStoredInAndLeaveMinusOneForAbsent() {
        assertThatThrownBy(() -> CodeTable.of(Tier.class, Map.of(Tier.BRONZE, -1, Tier.SILVER, 1, Tier.GOLD, 2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CodeTable.of(Tier.class, Map.of(Tier.BRONZE, 0, Tier.SILVER, 1, Tier.GOLD, 128)))
                .isInstanceOf(IllegalStateException.class);
    }

    private enum Tier { BRONZE, SILVER, GOLD }

    private enum TierWithInsert { BRONZE, SILVER_TRIAL, SILVER, GOLD }

    private static <E extends Enum<E>> void assertEveryConstantHasItsOwnCode(CodeTable<E> table) {
        Map<Integer, E> seen = new TreeMap<>();
        for (E symbol : table.type().getEnumConstants()) {
            int code = table.code(symbol);
            assertThat(seen.put(code, symbol)).as("%s code %d given twice", table.type().getSimpleName(), code).isNull();
            assertThat(table.symbol("test", code)).isEqualTo(symbol);
        }
        assertThat(table.codes()).hasSize(table.type().getEnumConstants().length);
    }

    private static Map<String, Integer> currentCodes() {
        Map<String, Integer> codes = new TreeMap<>();
        for (CodeTable<?> table : StateCodes.all()) {
            table.codes().forEach((symbol, code) -> codes.put(
                    table.type().getSimpleName() + "." + symbol.name(), code));
        }
        return codes;
    }

    private static Map<String, Integer> pinned(Object... symbolsAndCodes) {
        Map<String, Integer> pinned = new LinkedHashMap<>();
        for (int i = 0; i < symbolsAndCodes.length; i += 2) {
            pinned.put((String) symbolsAndCodes[i], (Integer) symbolsAndCodes[i + 1]);
        }
        return pinned;
    }
}
