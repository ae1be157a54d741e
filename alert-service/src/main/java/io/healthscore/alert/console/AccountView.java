package io.healthscore.alert.console;

import io.healthscore.alert.api.TimelineEntry;
import io.healthscore.alert.store.AccountHistoryRepository.DetailedScore;
import io.healthscore.alert.store.AccountHistoryRepository.Facts;
import io.healthscore.alert.store.PortfolioRepository.AccountSummary;
import io.healthscore.alert.store.StoredAlert;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The account page's model and the words and numbers it shows (kept out of the shared {@link Pages}). */
public final class AccountView {

    private AccountView() {
    }

    /** What {@link AccountOverview} read; {@code latest} is the newest score of the window, null without one. */
    public record Model(AccountSummary account, List<StoredAlert> alerts, Facts facts, @Nullable DetailedScore latest,
                        @Nullable Double trend7d, @Nullable Double trend30d, String chartSvg,
                        List<ScoreChart.Point> points, List<ScoreChart.Marker> markers,
                        List<WhyItChanged.Cause> causes, List<TimelineEntry> timeline,
                        @Nullable Instant olderBefore) {
    }

    /**
     * The template's record: the frame, the model and the notice of a finished action.
     *
     * @param noteError why the note just posted was refused (the page then keeps {@code noteDraft} in the form), or null
     */
    public record Page(Pages.Frame frame, Model model, @Nullable String notice, @Nullable String noteError,
                       String noteDraft) {

        public Page(Pages.Frame frame, Model model, @Nullable String notice) {
            this(frame, model, notice, null, "");
        }
    }

    /** One row of the component table. */
    public record ComponentRow(String name, @Nullable Double weight, @Nullable Double value, @Nullable String measure) {
    }

    public static List<ComponentRow> components(@Nullable DetailedScore s, Text text) {
        List<ComponentRow> rows = new ArrayList<>();
        if (s != null) {
            for (int i = 0; i < s.names().size(); i++) {
                rows.add(new ComponentRow(text.component(s.names().get(i)), AccountOverview.at(s.weights(), i),
                        AccountOverview.at(s.values(), i), AccountOverview.at(s.measures(), i)));
            }
        }
        return rows;
    }

    /** "EUR 1,250.00 per month" (in the page's language); "–" when unknown. */
    public static String mrr(@Nullable Long minor, @Nullable String currency, Text text) {
        if (minor == null || currency == null) {
            return "–";
        }
        return text.t("account.perMonth", text.money(minor, currency));
    }

    /** "up 4.0 vs 7 days ago", "down 12.5 vs 30 days ago", "no score 7 days ago" (in the page's language). */
    public static String trend(@Nullable Double delta, int days, Text text) {
        if (delta == null) {
            return text.t("trend.none", days);
        }
        String key = delta > 0.05 ? "trend.up" : delta < -0.05 ? "trend.down" : "trend.flat";
        return text.t(key, text.number(Math.abs(delta), 1), days);
    }

    public static String text(@Nullable Object v) {
        return v == null ? "–" : v.toString();
    }

    public static String model(@Nullable DetailedScore s) {
        return s == null || s.modelVersion() == null ? "–" : s.modelVersion();
    }
}
