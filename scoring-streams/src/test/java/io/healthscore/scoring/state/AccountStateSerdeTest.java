package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link AccountStateSerde} refuses bytes it cannot read correctly, instead of reading them as something else. */
class AccountStateSerdeTest {

    /** Not a code of any table. */
    private static final byte UNKNOWN_CODE = 85;

    static Stream<Arguments> codedFields() {
        return Stream.of(
                coded("coverageModel", GoldenStates::rich, s -> s.profile.coverageModel = CoverageModel.LOW_TOUCH),
                coded("lastLevel", GoldenStates::rich, s -> s.published.level = HealthLevel.LV4),
                coded("lastComponents[1]", GoldenStates::sketched, s -> {
                    Double sentiment = s.published.components.remove(ScoreComponent.SENTIMENT);
                    s.published.components.put(ScoreComponent.PAYMENT, sentiment);
                }),
                coded("alerts[0].rule", GoldenStates::sketched, s -> {
                    AlertMemory memory = s.alerts.remove(AlertRule.DETRACTOR_NPS);
                    s.alerts.put(AlertRule.PAYMENT_FAILED, memory);
                }),
                coded("alerts[0].severity", GoldenStates::sketched, s -> s.alerts.put(AlertRule.DETRACTOR_NPS,
                        new AlertMemory(Severity.IMMINENT, s.alerts.get(AlertRule.DETRACTOR_NPS).windowStartMillis()))),
                coded("recentLevelChanges[0].from", GoldenStates::rich, s -> {
                    LevelChange c = s.published.recentLevelChanges.get(0);
                    s.published.recentLevelChanges.set(0, new LevelChange(HealthLevel.LV4, c.to(), c.score(), c.atMillis()));
                }),
                coded("recentLevelChanges[0].to", GoldenStates::rich, s -> {
                    LevelChange c = s.published.recentLevelChanges.get(0);
                    s.published.recentLevelChanges.set(0, new LevelChange(c.from(), HealthLevel.LV4, c.score(), c.atMillis()));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codedFields")
    void aStoredCodeThatNamesNoSymbolFailsNamingTheFieldAndTheCode(String field, Supplier<AccountState> recipe,
                                                                   Consumer<AccountState> changeOfThatField) {
        byte[] bytes = withUnknownCodeIn(recipe, changeOfThatField);

        assertThatThrownBy(() -> AccountStateSerde.decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(field + ": unknown ")
                .hasMessageContaining("code " + UNKNOWN_CODE)
                .hasRootCauseInstanceOf(UnknownStateCodeException.class);
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(bytes = {0, 3, 9, -1, Byte.MAX_VALUE})
    void aFormatThisVersionDoesNotKnowIsRefusedNamingItAndTheKnownOnes(byte format) {
        byte[] bytes = AccountStateSerde.encode(GoldenStates.rich());
        bytes[0] = format;

        assertThatThrownBy(() -> AccountStateSerde.decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("account state format " + format)
                .hasMessageContaining("reads formats 1 and 2");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 20, 500})
    void aTruncatedStateIsRefused(int length) {
        byte[] whole = AccountStateSerde.encode(GoldenStates.rich());
        byte[] truncated = java.util.Arrays.copyOf(whole, length);

        assertThatThrownBy(() -> AccountStateSerde.decode(truncated)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot read account state (" + length + " bytes)");
    }

    /** The recipe's bytes with {@link #UNKNOWN_CODE} where the changed field's code is (the first byte that moves). */
    private static byte[] withUnknownCodeIn(Supplier<AccountState> recipe, Consumer<AccountState> change) {
        byte[] original = AccountStateSerde.encode(recipe.get());
        AccountState changed = recipe.get();
        change.accept(changed);
        byte[] other = AccountStateSerde.encode(changed);
        assertThat(other).hasSameSizeAs(original);
        int at = 0;
        while (original[at] == other[at]) {
            at++;
        }
        original[at] = UNKNOWN_CODE;
        return original;
    }

    private static Arguments coded(String field, Supplier<AccountState> recipe, Consumer<AccountState> change) {
        return Arguments.of(field, recipe, change);
    }
}
