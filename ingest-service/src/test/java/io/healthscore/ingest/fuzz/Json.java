package io.healthscore.ingest.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that can also hold what a parser must refuse: duplicate member names (an object is a list of
 * members, not a map) and raw tokens written verbatim ({@code 1e400}, {@code NaN}, {@code "\ud800"}). The
 * fuzz generator builds valid bodies with it and then breaks them structurally.
 */
final class Json {

    /** JSON null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Json() {
    }

    /** A token written exactly as given. */
    record Raw(String text) {
    }

    /** An object: members in order, names may repeat. */
    static final class Obj {
        final List<Map.Entry<String, Object>> members = new ArrayList<>();

        Obj put(String name, Object value) {
            members.add(Map.entry(name, value));
            return this;
        }

        Obj putIfNotNull(String name, Object value) {
            return value == null ? this : put(name, value);
        }

        Obj copy() {
            Obj copy = new Obj();
            members.forEach(m -> copy.members.add(Map.entry(m.getKey(), deepCopy(m.getValue()))));
            return copy;
        }
    }

    static Obj obj() {
        return new Obj();
    }

    static Object deepCopy(Object value) {
        if (value instanceof Obj o) {
            return o.copy();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null || value == NULL) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Obj o) {
            out.append('{');
            for (int i = 0; i < o.members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, o.members.get(i).getKey());
                out.append(':');
                append(out, o.members.get(i).getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
