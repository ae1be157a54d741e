package io.healthscore.alert.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes values from records safe to show in a message, and is the one place that does it: every composer passes
 * account names, ids, reasons and notes through {@link #oneLine} before they reach a mail subject or body or a
 * Slack block. The result is one line: control characters (CR and LF, which would inject mail headers, tab, NEL)
 * and Unicode line and paragraph separators become spaces; bidi embeddings, overrides, isolates and marks and
 * other invisible format characters (zero-width space, BOM, soft hyphen) are dropped, so a name cannot reorder
 * or hide the text around it; runs of spaces become one. It is at most so many characters long (a name, reason
 * or note {@link #MAX_FIELD}), cut with an ellipsis between characters, never inside a surrogate pair.
 */
public final class Text {

    /** Longest account name, reason, trigger or note a message shows, ellipsis included. */
    public static final int MAX_FIELD = 100;

    /** Longest identifier a message shows: intake accepts alert and account ids up to 256 characters. */
    public static final int MAX_ID = 256;

    private static final Pattern BREAKS = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");
    // Format characters (Cf) and lone surrogates, except the zero-width non-joiner and joiner that Persian, Indic
    // scripts and emoji sequences need.
    private static final Pattern INVISIBLE = Pattern.compile("[[\\p{Cf}\\p{Cs}]&&[^\\u200C\\u200D]]");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private Text() {
    }

    /** At most {@code max} items, then a "(+n more)" line, so a record with thousands of reasons stays readable. */
    public static List<String> firstOf(List<String> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        List<String> out = new ArrayList<>(items.subList(0, max));
        out.add("(+" + (items.size() - max) + " more)");
        return out;
    }

    /** A name, reason or note on one line, at most {@link #MAX_FIELD} characters. */
    public static String oneLine(String value) {
        return oneLine(value, MAX_FIELD);
    }

    /** An alert or account id on one line, at most {@link #MAX_ID} characters. */
    public static String id(String value) {
        return oneLine(value, MAX_ID);
    }

    /** {@code value} on one line, at most {@code maxChars} characters (code points); null is empty. */
    public static String oneLine(String value, int maxChars) {
        if (value == null) {
            return "";
        }
        String visible = INVISIBLE.matcher(value).replaceAll("");
        String clean = SPACES.matcher(BREAKS.matcher(visible).replaceAll(" ")).replaceAll(" ").strip();
        if (clean.codePointCount(0, clean.length()) <= maxChars) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, maxChars - 1)).stripTrailing() + "…";
    }
}
