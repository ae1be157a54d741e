package io.healthscore.backtest.mapping;

/** One numbered rule of a mapping: records that pass {@code when} become {@code emit}. */
public record MappingRule(int number, String name, int line, Condition when, Emission emit) {

    /** How messages name the rule: {@code rule #3 'thumbs-down'}. */
    public String label() {
        return "rule #" + number + " '" + name + "'";
    }
}
