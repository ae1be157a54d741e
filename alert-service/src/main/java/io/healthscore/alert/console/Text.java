package io.healthscore.alert.console;

import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/**
 * The console's words and number formats in one language: {@link #t} looks a key up in the bundle and formats it as
 * a {@link MessageFormat} of the language's locale; dates, numbers and money follow the
 * language too. English writes dates as ISO 8601 and money as "EUR 1,234.50"; Japanese as 2026/12/03 and "￥1,200".
 * Times are UTC, and say so.
 */
public final class Text {

    private static final DateTimeFormatter EN_SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter JA_SHORT = DateTimeFormatter.ofPattern("M/d", Locale.JAPANESE);
    private static final DateTimeFormatter EN_MOMENT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'",
            Locale.ENGLISH);
    private static final DateTimeFormatter JA_MOMENT = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm 'UTC'",
            Locale.JAPANESE);
    private static final DateTimeFormatter JA_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd", Locale.JAPANESE);
    private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'",
            Locale.ENGLISH);
    private static final DateTimeFormatter JA_TIME = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss 'UTC'",
            Locale.JAPANESE);

    private final Language language;
    private final Map<String, String> bundle;

    Text(Language language, Map<String, String> bundle) {
        this.language = language;
        this.bundle = bundle;
    }

    public Language language() {
        return language;
    }

    public String lang() {
        return language.tag();
    }

    /**
     * The message of {@code key}, its pattern filled in with the arguments (every message is a pattern, so a quote is
     * always written ''). A key no bundle has is a programming error.
     */
    public String t(String key, Object... args) {
        String pattern = bundle.get(key);
        if (pattern == null) {
            throw new IllegalArgumentException("no console message " + key);
        }
        return new MessageFormat(pattern, language.locale()).format(args);
    }

    /** The title of an error page for an HTTP status. */
    public String errorTitle(int code) {
        String key = "error.status." + code;
        return bundle.containsKey(key) ? t(key) : t("error.status.other");
    }

    /** "Lv2" for LV2, the language's "no score" for none. */
    public String level(@Nullable String level) {
        return level == null || level.equals("NONE") ? t("level.none") : Pages.levelText(level);
    }

    public String coverage(@Nullable String model) {
        if (model == null) {
            return "–";
        }
        String key = "coverage." + model;
        return bundle.containsKey(key) ? t(key) : model;
    }

    /** A score component's name: the bundle's word for it, else the name in plain words. */
    public String component(String name) {
        String key = "component." + name;
        return bundle.containsKey(key) ? t(key) : WhyItChanged.label(name);
    }

    public String integer(long value) {
        return NumberFormat.getIntegerInstance(language.locale()).format(value);
    }

    /** A number with exactly {@code digits} fraction digits, "–" for none. */
    public String number(@Nullable Double value, int digits) {
        if (value == null) {
            return "–";
        }
        NumberFormat f = NumberFormat.getNumberInstance(language.locale());
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        f.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return f.format(value);
    }

    /** A signed number: "+3.5", "−2.0" (a real minus sign), "0.0". */
    public String signed(@Nullable Double value, int digits) {
        if (value == null) {
            return "–";
        }
        String abs = number(Math.abs(value), digits);
        double rounded = BigDecimal.valueOf(value).setScale(digits, java.math.RoundingMode.HALF_UP).doubleValue();
        return rounded > 0 ? "+" + abs : rounded < 0 ? "−" + abs : abs;
    }

    /** A share 0..1 as a percentage: "42%". */
    public String percent(@Nullable Double share) {
        if (share == null) {
            return "–";
        }
        return NumberFormat.getPercentInstance(language.locale()).format(share);
    }

    /** An amount in minor units of its currency (the currency's own fraction digits); "–" without one. */
    public String money(@Nullable Long minor, @Nullable String currency) {
        if (minor == null) {
            return "–";
        }
        String code = currency == null ? "" : currency.strip().toUpperCase(Locale.ROOT);
        Currency known;
        try {
            known = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            known = null;
        }
        if (language == Language.EN || known == null) {
            return PortfolioView.money(minor, currency);
        }
        int digits = Math.max(0, known.getDefaultFractionDigits());
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.JAPAN);
        f.setCurrency(known);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(BigDecimal.valueOf(minor, digits));
    }

    public String date(@Nullable LocalDate date) {
        if (date == null) {
            return "–";
        }
        return language == Language.JA ? JA_DATE.format(date) : date.toString();
    }

    /** A day without its year, for axes and short ranges: "3 Dec" / "12/3". */
    public String shortDate(Instant at) {
        return (language == Language.JA ? JA_SHORT : EN_SHORT).format(at.atOffset(ZoneOffset.UTC));
    }

    /** The day of an instant (UTC), as {@link #date}. */
    public String day(@Nullable Instant at) {
        return at == null ? "–" : date(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    /** An instant to the minute, UTC: "2026-12-03 09:05 UTC" / "2026/12/03 09:05 UTC". */
    public String moment(@Nullable Instant at) {
        if (at == null) {
            return "–";
        }
        return (language == Language.JA ? JA_MOMENT : EN_MOMENT).format(at.atOffset(ZoneOffset.UTC));
    }

    /**
     * The bundle's word for a code of {@code kind} ("severity", "status", "channel", "timeline", "outcome"): IMMINENT,
     * DELIVERED, SLACK... A code the bundle does not know yet shows as it is.
     */
    public String word(String kind, @Nullable Object code) {
        if (code == null) {
            return "–";
        }
        String key = kind + "." + code;
        return bundle.containsKey(key) ? t(key) : code.toString();
    }

    public String time(@Nullable Instant at) {
        if (at == null) {
            return "–";
        }
        return (language == Language.JA ? JA_TIME : EN_TIME).format(at.atOffset(ZoneOffset.UTC));
    }

    /** A duration to the minute, as "2 h 05 min" / "2時間5分"; days above 48 hours. "–" for none. */
    public String duration(@Nullable Duration d) {
        if (d == null) {
            return "–";
        }
        long minutes = Math.max(0, d.toMinutes());
        if (minutes >= 48 * 60) {
            return t("duration.days", new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(language.locale()))
                    .format(minutes / 1440.0));
        }
        return t("duration.hoursMinutes", minutes / 60, minutes % 60);
    }
}
