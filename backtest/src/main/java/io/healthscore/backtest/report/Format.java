package io.healthscore.backtest.report;

import java.util.Locale;

/** Number formatting shared by the report writers; NaN prints as "n/a". */
final class Format {

    private Format() {
    }

    static String auc(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String days(double days) {
        return Double.isNaN(days) ? "n/a" : String.format(Locale.ROOT, "%.1f", days);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** NaN and infinities have no JSON form: they are written as null. */
    static Double json(double value) {
        return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
    }
}
