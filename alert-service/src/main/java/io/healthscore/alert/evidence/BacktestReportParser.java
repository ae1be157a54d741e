package io.healthscore.alert.evidence;

import io.healthscore.alert.evidence.BacktestEvidence.RuleRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the evidence out of a backtest {@code report.json}, strictly: a report that says it is not usable, or lacks
 * what the console shows (the model version, whether its levels are calibrated, the horizon, the churners, the rules'
 * records), is refused with a {@link BadReport} naming the field; numbers must be finite and in range (shares 0..1,
 * counts 0..10^9, days 0..3650), names short and of the rules' alphabet. Everything else in the report is ignored.
 */
@Singleton
public final class BacktestReportParser {

    /** The most bytes of a report read. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    static final int MAX_RULES = 200;
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern GROUP = Pattern.compile("([A-Z][A-Z0-9_]{0,63}) ([A-Z][A-Z0-9_]{0,31})");
    private static final Pattern VERSION = Pattern.compile("[\\p{L}\\p{N}._:+-]{1,100}");

    /** A report the console cannot use, and why. */
    public static final class BadReport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadReport(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonMapper json;

    public BacktestReportParser(JsonMapper json) {
        this.json = json;
    }

    public BacktestEvidence parse(byte[] report) {
        if (report.length == 0) {
            throw new BadReport("the report is empty");
        }
        if (report.length > MAX_BYTES) {
            throw new BadReport("the report is larger than " + MAX_BYTES + " bytes");
        }
        Map<String, Object> root;
        try {
            root = json.readValue(report, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            throw new BadReport("the report is not a JSON object");
        }
        if (root == null) {
            throw new BadReport("the report is not a JSON object");
        }
        if (Boolean.FALSE.equals(root.get("usable"))) {
            Object why = root.get("unusableBecause");
            throw new BadReport("the backtest says its report is not usable"
                    + (why instanceof String s ? ": " + cut(s) : ""));
        }
        Map<String, Object> inputs = object(root, "inputs");
        String version = string(inputs, "inputs.modelVersion");
        if (!VERSION.matcher(version).matches()) {
            throw new BadReport("inputs.modelVersion: not a model version");
        }
        Map<String, Object> model = object(object(root, "levels"), "levels.model");
        Object calibrated = model.get("calibrated");
        if (!(calibrated instanceof Boolean)) {
            throw new BadReport("levels.model.calibrated: must be true or false");
        }
        Map<String, Object> evaluation = object(root, "evaluation");
        int horizon = (int) count(evaluation, "evaluation.horizonDays", 1, 3650);
        Map<String, Object> alerts = object(root, "alerts");
        int churners = (int) count(alerts, "alerts.churners", 0, 1_000_000_000);
        Object groups = alerts.get("byRuleAndSeverity");
        if (!(groups instanceof List<?> list)) {
            throw new BadReport("alerts.byRuleAndSeverity: must be a list");
        }
        if (list.size() > MAX_RULES) {
            throw new BadReport("alerts.byRuleAndSeverity: more than " + MAX_RULES + " groups");
        }
        List<RuleRecord> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "alerts.byRuleAndSeverity[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> g)) {
                throw new BadReport(at + ": must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> group = (Map<String, Object>) g;
            var m = GROUP.matcher(string(group, at + ".group"));
            if (!m.matches()) {
                throw new BadReport(at + ".group: must be a rule and a severity, as \"SCORE_DROP SUSPECTED\"");
            }
            int fired = (int) count(group, at + ".alerts", 0, 1_000_000_000);
            int hits = (int) count(group, at + ".hits", 0, fired);
            Double precision = share(group, at + ".precision");
            Map<String, Object> lead = group.get("leadDays") == null ? Map.of() : object(group, at + ".leadDays");
            int warned = lead.get("churnersWarned") == null ? 0
                    : (int) count(lead, at + ".leadDays.churnersWarned", 0, churners);
            Double recall = churners == 0 ? null : (double) warned / churners;
            if (rules.stream().anyMatch(r -> r.rule().equals(m.group(1)) && r.severity().equals(m.group(2)))) {
                throw new BadReport(at + ".group: " + m.group(0) + " appears twice");
            }
            rules.add(new RuleRecord(m.group(1), m.group(2), fired, hits, precision, warned, recall,
                    days(lead, at + ".leadDays.median"), days(lead, at + ".leadDays.p25"),
                    days(lead, at + ".leadDays.p75")));
        }
        return new BacktestEvidence(sha256(report), instant(root, "generatedAt"), version, (Boolean) calibrated,
                horizon, share(evaluation, "evaluation.baseRate"), churners, instant(evaluation, "evaluation.firstMidnight"),
                instant(evaluation, "evaluation.lastMidnight"), inputs.get("events") instanceof String e && !e.isBlank()
                        ? cut(e) : null, List.copyOf(rules));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String path) {
        Object v = parent.get(last(path));
        if (!(v instanceof Map<?, ?>)) {
            throw new BadReport(path + ": missing, or not an object");
        }
        return (Map<String, Object>) v;
    }

    private static String string(Map<String, Object> parent, String path) {
        if (!(parent.get(last(path)) instanceof String s) || s.isBlank()) {
            throw new BadReport(path + ": missing, or not a string");
        }
        return s;
    }

    private static long count(Map<String, Object> parent, String path, long min, long max) {
        Object v = parent.get(last(path));
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw new BadReport(path + ": must be a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    @Nullable
    private static Double share(Map<String, Object> parent, String path) {
        return number(parent, path, 0, 1);
    }

    @Nullable
    private static Double days(Map<String, Object> parent, String path) {
        return number(parent, path, -3650, 3650);
    }

    @Nullable
    private static Double number(Map<String, Object> parent, String path, double min, double max) {
        Object v = parent.get(last(path));
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw new BadReport(path + ": must be a number from " + min + " to " + max + " or null");
        }
        return n.doubleValue();
    }

    @Nullable
    private static Instant instant(Map<String, Object> parent, String path) {
        Object v = parent.get(last(path));
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse((String) v);
        } catch (ClassCastException | DateTimeParseException e) {
            throw new BadReport(path + ": must be an ISO-8601 instant or null");
        }
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String cut(String s) {
        String one = s.replaceAll("\\p{Cntrl}", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 199) + "…";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
