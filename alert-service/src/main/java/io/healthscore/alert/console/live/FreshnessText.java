package io.healthscore.alert.console.live;

import io.healthscore.alert.console.Text;
import io.micronaut.core.annotation.Nullable;

/** A freshness reading as every page shows it, in the page's language. */
public final class FreshnessText {

    /** Scoring this many usage events behind the log end is worth a warning colour. */
    static final long LAG_WARNING = 10_000;

    private FreshnessText() {
    }

    /** "Last event received 2026-12-04 19:40:02 UTC · scoring caught up · newest score 2026-12-04 19:40:01 UTC". */
    public static String line(@Nullable Freshness.Reading r, Text text) {
        if (r == null) {
            return text.t("fresh.unknown");
        }
        String score = r.lastScore() == null ? text.t("fresh.none") : text.time(r.lastScore());
        if (!r.kafka()) {
            return text.t("fresh.kafkaDown", score);
        }
        return text.t("fresh.line", r.lastEvent() == null ? text.t("fresh.none") : text.time(r.lastEvent()),
                r.scoringLag() == null ? 0L : r.scoringLag(), score);
    }

    /** Whether the reading warns: Kafka did not answer, or scoring is far behind the log. */
    public static boolean stale(@Nullable Freshness.Reading r) {
        return r == null || !r.kafka() || (r.scoringLag() != null && r.scoringLag() > LAG_WARNING);
    }
}
