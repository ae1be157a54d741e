package io.healthscore.alert.compose;

/**
 * Makes values from records safe to put into mail headers and one-line fields: control characters (CR/LF that
 * would inject headers) become spaces and over-long values are cut.
 */
public final class Text {

    private Text() {
    }

    /** At most {@code max} items, then a "(+n more)" line, so a record with thousands of reasons stays readable. */
    public static java.util.List<String> firstOf(java.util.List<String> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        java.util.List<String> out = new java.util.ArrayList<>(items.subList(0, max));
        out.add("(+" + (items.size() - max) + " more)");
        return out;
    }

    public static String oneLine(String value, int maxChars) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars - 1) + "…";
    }
}
