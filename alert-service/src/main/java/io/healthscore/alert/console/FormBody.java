package io.healthscore.alert.console;

import io.micronaut.core.annotation.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A console form ({@code application/x-www-form-urlencoded}) parsed strictly: UTF-8, well-formed percent escapes, at
 * most {@value #MAX_FIELDS} fields of at most {@value #MAX_VALUE_CHARS} characters, no field twice, and no control
 * characters in any value. One named free-text field (a note) may be longer and hold line breaks and tabs, see
 * {@link #parseWithText}. Anything else is a {@link BadForm}, answered 400, never a server error.
 */
final class FormBody {

    static final int MAX_FIELDS = 16;
    static final int MAX_VALUE_CHARS = 1024;

    /** A form that is not one; the message names the field, never echoing its value. */
    static final class BadForm extends Refusal {
        private static final long serialVersionUID = 1L;

        BadForm(String key, Object... args) {
            super(key, args);
        }
    }

    private final Map<String, String> fields;
    private final List<String> repeated;

    private FormBody(Map<String, String> fields) {
        this(fields, List.of());
    }

    private FormBody(Map<String, String> fields, List<String> repeated) {
        this.fields = fields;
        this.repeated = repeated;
    }

    static FormBody parse(@Nullable byte[] body) {
        return parse(body, null, 0, null, 0);
    }

    /**
     * A form whose field {@code textField} is free text: up to {@code maxChars} characters (code points), with
     * line breaks and tabs; every other field keeps the usual rules.
     */
    static FormBody parseWithText(@Nullable byte[] body, String textField, int maxChars) {
        return parse(body, null, 0, textField, maxChars);
    }

    /**
     * A form where the one field {@code repeatable} may be given up to {@code maxRepeats} times (the bulk actions'
     * checkboxes), read with {@link #all()}; every other rule holds, every other field still at most once.
     */
    static FormBody parseRepeated(@Nullable byte[] body, String repeatable, int maxRepeats) {
        return parse(body, repeatable, maxRepeats, null, 0);
    }

    private static FormBody parse(@Nullable byte[] body, @Nullable String repeatable, int maxRepeats,
                                  @Nullable String textField, int maxTextChars) {
        String text;
        try {
            text = body == null ? "" : StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadForm("form.notUtf8");
        }
        Map<String, String> fields = new HashMap<>();
        if (text.isEmpty()) {
            return new FormBody(fields);
        }
        int maxFields = MAX_FIELDS + maxRepeats;
        String[] pairs = text.split("&", maxFields + 2);
        if (pairs.length > maxFields) {
            throw new BadForm("form.tooManyFields", maxFields);
        }
        List<String> repeated = new ArrayList<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1), printable(name));
            if (name.length() > 64 || !name.matches("[a-z_-]+")) {
                throw new BadForm("form.unknownField");
            }
            boolean freeText = name.equals(textField);
            int max = freeText ? maxTextChars : MAX_VALUE_CHARS;
            if (value.length() > max && value.codePointCount(0, value.length()) > max) {
                throw new BadForm("form.tooLong", name, max);
            }
            if (value.chars().anyMatch(ch -> Character.isISOControl(ch)
                    && !(freeText && (ch == '\n' || ch == '\r' || ch == '\t')))) {
                throw new BadForm("form.control", name);
            }
            if (name.equals(repeatable)) {
                if (repeated.size() == maxRepeats) {
                    throw new BadForm("form.repeated", name, maxRepeats);
                }
                repeated.add(value);
            } else if (fields.put(name, value) != null) {
                throw new BadForm("form.twice", name);
            }
        }
        return new FormBody(fields, List.copyOf(repeated));
    }

    @Nullable
    String get(String name) {
        return fields.get(name);
    }

    /** Every value of the repeatable field, in form order (empty when it was not given). */
    List<String> all() {
        return repeated;
    }

    /** @param field the field whose value this is (printable), null for a field's name */
    private static String decode(String raw, @Nullable String field) {
        try {
            String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (decoded.indexOf('\uFFFD') >= 0 && raw.indexOf('\uFFFD') < 0) {
                throw field == null ? new BadForm("form.nameNotUtf8") : new BadForm("form.valueNotUtf8", field);
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw field == null ? new BadForm("form.nameEscape") : new BadForm("form.valueEscape", field);
        }
    }

    private static String printable(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9_-]", "?");
        return clean.length() > 32 ? clean.substring(0, 32) + "..." : clean;
    }
}
