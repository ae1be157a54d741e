package io.healthscore.backtest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A test on one record: every field test must hold (AND). A field test is one of
 * <ul>
 *   <li>{@code page: NextSong}: the field's text equals the value;</li>
 *   <li>{@code page: [Home, About]}: it equals one of them;</li>
 *   <li>{@code page: {not: NextSong}} / {@code {not: [a, b]}}: present and none of them;</li>
 *   <li>{@code page: {matches: "Submit.*"}}: the whole text matches the regular expression;</li>
 *   <li>{@code userId: {exists: false}}: the field is missing, null or empty text ({@code true}: present and
 *       non-empty).</li>
 * </ul>
 */
public record Condition(List<FieldTest> tests) {

    public Condition {
        tests = List.copyOf(tests);
    }

    public boolean test(JsonNode record) {
        for (FieldTest t : tests) {
            if (!t.test(record)) {
                return false;
            }
        }
        return true;
    }

    /** The fields this condition reads, in order. */
    public List<FieldPath> fields() {
        return tests.stream().map(FieldTest::field).toList();
    }

    /** One field's test. */
    public sealed interface FieldTest permits OneOf, NoneOf, Matches, Exists {

        FieldPath field();

        boolean test(JsonNode record);
    }

    public record OneOf(FieldPath field, Set<String> values) implements FieldTest {
        @Override
        public boolean test(JsonNode record) {
            String text = field.text(record);
            return text != null && values.contains(text);
        }
    }

    public record NoneOf(FieldPath field, Set<String> values) implements FieldTest {
        @Override
        public boolean test(JsonNode record) {
            String text = field.text(record);
            return text != null && !values.contains(text);
        }
    }

    public record Matches(FieldPath field, Pattern pattern) implements FieldTest {
        @Override
        public boolean test(JsonNode record) {
            String text = field.text(record);
            return text != null && pattern.matcher(text).matches();
        }
    }

    public record Exists(FieldPath field, boolean present) implements FieldTest {
        @Override
        public boolean test(JsonNode record) {
            String text = field.text(record);
            boolean has = text != null && !text.isEmpty();
            return has == present;
        }
    }
}
