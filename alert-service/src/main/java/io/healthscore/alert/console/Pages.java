package io.healthscore.alert.console;

import io.healthscore.alert.evidence.BacktestEvidence;
import io.healthscore.alert.evidence.EvidenceRepository.Loaded;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.micronaut.core.annotation.Nullable;
import java.util.Locale;

/** The models of the console's pages, one record per template; what every page shows is in {@link Frame}. */
public final class Pages {

    private Pages() {
    }

    /**
     * What the layout shows on every page: who is signed in (null on the sign-in page), the forms' CSRF token, and how
     * fresh the data is (null before sign-in).
     */
    public record Frame(String title, @Nullable Person person, String csrf, Text text, @Nullable String freshness,
                        boolean stale, @Nullable Loaded evidence) {

        /** A frame without a freshness line or evidence (before sign-in, in tests). */
        public Frame(String title, @Nullable Person person, String csrf, Text text) {
            this(title, person, csrf, text, null, false, null);
        }

        /**
         * The loaded backtest's record of alerts of {@code rule} at {@code severity}, in one line: its median lead
         * before churn, precision and recall, naming the model it was measured on; null when no report is loaded.
         */
        @Nullable
        public String evidence(String rule, String severity) {
            if (evidence == null) {
                return null;
            }
            BacktestEvidence e = evidence.evidence();
            return e.recordOf(rule, severity).map(r -> text.t(r.medianLeadDays() == null ? "evidence.noLead"
                    : "evidence.line", e.modelVersion(), text.number(r.medianLeadDays(), 1), text.percent(r.precision()),
                    text.percent(r.recall()), e.horizonDays())).orElse(text.t("evidence.none", e.modelVersion()));
        }

        /** The message of {@code key} in the page's language. */
        public String t(String key, Object... args) {
            return text.t(key, args);
        }

        /** Whether a backtest is loaded and measured another model than {@code modelVersion} (null: unknown). */
        public boolean evidenceModelDiffers(@Nullable String modelVersion) {
            return evidence != null && modelVersion != null && !modelVersion.equals(evidence.evidence().modelVersion());
        }

        public boolean lead() {
            return person != null && person.has(Role.LEAD);
        }

        public String roles() {
            return person == null ? "" : String.join(", ", person.roles().stream().map(Role::label).sorted().toList());
        }
    }

    public record Login(Frame frame, @Nullable String error, @Nullable String oidcLabel, String username) {
    }

    public record Error(Frame frame, int status, String message) {
    }

    /** "Lv2" for LV2, "no score" for none. */
    public static String levelText(@Nullable String level) {
        return level == null ? "no score" : "Lv" + level.substring(level.length() - 1);
    }

    /** The CSS class giving a level its colour (the text always names it too). */
    public static String levelClass(@Nullable String level) {
        return level == null ? "level level-none" : "level level-" + level.toLowerCase(Locale.ROOT);
    }

    /** The number of pages {@code total} items fill at {@code size} a page, at least 1. */
    public static int pageCount(long total, int size) {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    /** Page numbers to link: first, last and two either side of {@code current} (0 marks a gap). */
    public static java.util.List<Integer> pageLinks(int current, int last) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int prev = 0;
        for (int p = 1; p <= last; p++) {
            if (p == 1 || p == last || Math.abs(p - current) <= 2) {
                if (prev != 0 && p - prev > 1) {
                    out.add(0);
                }
                out.add(p);
                prev = p;
            }
        }
        return out;
    }

    /**
     * {@code path} with the query {@code values} after {@code replacements} (name, value pairs; a null value removes
     * the name), each value percent-encoded, in the values' order.
     */
    public static String queryLink(String path, java.util.Map<String, String> values, String... replacements) {
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>(values);
        for (int i = 0; i + 1 < replacements.length; i += 2) {
            if (replacements[i + 1] == null) {
                v.remove(replacements[i]);
            } else {
                v.put(replacements[i], replacements[i + 1]);
            }
        }
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (java.util.Map.Entry<String, String> e : v.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(),
                    java.nio.charset.StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    /** A path segment: every character but unreserved ones percent-encoded (UTF-8). */
    public static String segment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String score(@Nullable Double score) {
        return score == null ? "–" : String.format(Locale.ROOT, "%.1f", score);
    }
}
