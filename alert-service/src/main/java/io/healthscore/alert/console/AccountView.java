package io.healthscore.alert.console;

import io.healthscore.alert.api.TimelineEntry;
import io.healthscore.alert.store.AccountHistoryRepository.DetailedScore;
import io.healthscore.alert.store.AccountHistoryRepository.Facts;
import io.healthscore.alert.store.PortfolioRepository.AccountSummary;
import io.healthscore.alert.store.StoredAlert;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** The account page's model and the words and numbers it shows (kept out of the shared {@link Pages}). */
public final class AccountView {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private AccountView() {
    }

    /** What {@link AccountOverview} read; {@code latest} is the newest score of the window, null without one. */
    public record Model(AccountSummary account, List<StoredAlert> alerts, Facts facts, @Nullable DetailedScore latest,
                        @Nullable Double trend7d, @Nullable Double trend30d, String chartSvg,
                        List<ScoreChart.Point> points, List<ScoreChart.Marker> markers,
                        List<WhyItChanged.Cause> causes, List<TimelineEntry> timeline,
                        @Nullable Instant olderBefore) {
    }

    /** The template's record: the frame, the model and the notice of a finished action. */
    /**
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

    public static List<ComponentRow> components(@Nullable DetailedScore s) {
        List<ComponentRow> rows = new ArrayList<>();
        if (s != null) {
            for (int i = 0; i < s.names().size(); i++) {
                rows.add(new ComponentRow(WhyItChanged.label(s.names().get(i)), AccountOverview.at(s.weights(), i),
                        AccountOverview.at(s.values(), i), AccountOverview.at(s.measures(), i)));
            }
        }
        return rows;
    }

    /** "€1,250.00 per month" from minor units in the currency's own digits; "–" when unknown. */
    public static String mrr(@Nullable Long minor, @Nullable String currency) {
        if (minor == null || currency == null) {
            return "–";
        }
        try {
            Currency c = Currency.getInstance(currency);
            int digits = Math.max(0, c.getDefaultFractionDigits());
            NumberFormat f = NumberFormat.getCurrencyInstance(Locale.ENGLISH);
            f.setCurrency(c);
            f.setMinimumFractionDigits(digits);
            f.setMaximumFractionDigits(digits);
            return f.format(BigDecimal.valueOf(minor, digits)) + " per month";
        } catch (IllegalArgumentException e) {
            return "–";
        }
    }

    /** "+4.0 vs 7 days ago", "−12.5 vs 30 days ago", "no score then". */
    public static String trend(@Nullable Double delta, int days) {
        if (delta == null) {
            return "no score " + days + " days ago";
        }
        String sign = delta > 0.05 ? "up " : delta < -0.05 ? "down " : "flat ";
        return sign + String.format(Locale.ROOT, "%.1f", Math.abs(delta)) + " vs " + days + " days ago";
    }

    public static String percent(@Nullable Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    public static String number(@Nullable Double v) {
        return v == null ? "no data" : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String text(@Nullable Object v) {
        return v == null ? "–" : v.toString();
    }

    public static String day(@Nullable java.time.LocalDate d) {
        return d == null ? "–" : DAY.format(d);
    }

    public static String moment(Instant t) {
        return MOMENT.format(t);
    }

    public static String model(@Nullable DetailedScore s) {
        return s == null || s.modelVersion() == null ? "–" : s.modelVersion();
    }
}
