package io.healthscore.backtest.mapping;

import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEventType;
import io.healthscore.backtest.mapping.Condition.FieldTest;
import io.healthscore.backtest.mapping.ProfileMapping.ProfileField;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads an {@link EventMapping} from YAML (format in {@code backtest/README.md}). Unknown fields, unknown event or
 * signal types, missing parameters and bad patterns fail with a {@link MappingException} that names the file, the
 * line, the rule and the field, before any record is read.
 */
public final class MappingLoader {

    /** The mapping of the log format that {@code BacktestMain generate} writes; used when no mapping is given. */
    public static final String NATIVE_RESOURCE = "io/healthscore/backtest/native-mapping.yml";

    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("name", "account", "user", "time", "session", "rules", "profile",
            "churn", "upgrade");
    private static final Set<String> RULE = Set.of("name", "when", "emit");
    private static final Set<String> EMIT = Set.of("type", "signal", "feature", "step", "nps", "ticket", "priority");

    private MappingLoader() {
    }

    public static EventMapping load(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new MappingException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MappingException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public static EventMapping loadNative() {
        try (InputStream in = MappingLoader.class.getClassLoader().getResourceAsStream(NATIVE_RESOURCE)) {
            if (in == null) {
                throw new MappingException(NATIVE_RESOURCE + ": not on the class path");
            }
            return parse("native-mapping.yml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MappingException(NATIVE_RESOURCE + ": cannot be read: " + e.getMessage(), e);
        }
    }

    public static EventMapping parse(String fileName, String yaml) {
        Node root = compose(fileName, yaml);
        if (root == null) {
            throw new MappingException(fileName + ": empty; a mapping needs at least 'account', 'time' and 'rules'");
        }
        YamlPlace top = new YamlPlace(fileName, null, "", root);
        Map<String, YamlPlace> fields = top.children(TOP);
        FieldPath account = field(require(top, fields, "account"));
        YamlPlace timePlace = require(top, fields, "time");
        TimeField time = time(timePlace);
        FieldPath user = fields.containsKey("user") ? field(fields.get("user")) : null;
        FieldPath session = fields.containsKey("session") ? field(fields.get("session")) : null;
        String name = fields.containsKey("name") ? fields.get("name").text() : fileName;
        List<MappingRule> rules = rules(require(top, fields, "rules"));
        ProfileMapping profile = fields.containsKey("profile") ? profile(fields.get("profile")) : null;
        Condition churn = null;
        if (fields.containsKey("churn")) {
            Map<String, YamlPlace> c = fields.get("churn").children(Set.of("when"));
            if (!c.containsKey("when")) {
                throw fields.get("churn").error("needs 'when', the records that mark an account as churned");
            }
            churn = condition(c.get("when"));
        }
        Condition upgrade = null;
        if (fields.containsKey("upgrade")) {
            Map<String, YamlPlace> u = fields.get("upgrade").children(Set.of("when"));
            if (!u.containsKey("when")) {
                throw fields.get("upgrade").error("needs 'when', the records that mark an upgrade (e.g. {page: Submit "
                        + "Upgrade})");
            }
            upgrade = condition(u.get("when"));
        }
        return new EventMapping(fileName, name, account, user, time, session, rules, profile, churn, upgrade);
    }

    private static Node compose(String fileName, String yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new MappingException(fileName + " line " + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new MappingException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static YamlPlace require(YamlPlace parent, Map<String, YamlPlace> fields, String name) {
        YamlPlace place = fields.get(name);
        if (place == null) {
            String path = parent.path().isEmpty() ? name : parent.path() + "." + name;
            throw parent.error("field '" + path + "' is missing");
        }
        return place;
    }

    private static FieldPath field(YamlPlace place) {
        try {
            return new FieldPath(place.text());
        } catch (IllegalArgumentException e) {
            throw place.error(e.getMessage());
        }
    }

    private static TimeField time(YamlPlace place) {
        if (place.isScalar()) {
            return new TimeField(field(place), TimeField.Format.AUTO);
        }
        Map<String, YamlPlace> t = place.children(Set.of("field", "format"));
        FieldPath field = field(require(place, t, "field"));
        TimeField.Format format = TimeField.Format.AUTO;
        if (t.containsKey("format")) {
            format = TimeField.Format.of(t.get("format").text());
            if (format == null) {
                throw t.get("format").error("unknown time format '" + t.get("format").text()
                        + "'; expected one of epoch-ms, epoch-s, iso-8601, auto");
            }
        }
        return new TimeField(field, format);
    }

    private static List<MappingRule> rules(YamlPlace place) {
        List<YamlPlace> items = place.items();
        if (items.isEmpty()) {
            throw place.error("at least one rule is needed");
        }
        List<MappingRule> rules = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlPlace item = items.get(i);
            int number = i + 1;
            String peeked = item.peek("name");
            String name = peeked == null ? "rule-" + number : peeked;
            YamlPlace rule = item.inRule("rule #" + number + " '" + name + "'");
            Map<String, YamlPlace> f = rule.children(RULE);
            if (!names.add(name)) {
                throw f.get("name").error("another rule has the same name");
            }
            if (!f.containsKey("when")) {
                throw rule.error("field 'when' is missing; every rule needs a condition");
            }
            if (!f.containsKey("emit")) {
                throw rule.error("field 'emit' is missing; use 'emit: none' to ignore matching records on purpose");
            }
            rules.add(new MappingRule(number, name, item.line(), condition(f.get("when")), emission(f.get("emit"))));
        }
        return rules;
    }

    static Condition condition(YamlPlace place) {
        Map<String, YamlPlace> fields = place.children(null);
        if (fields.isEmpty()) {
            throw place.error("an empty condition; name at least one field");
        }
        List<FieldTest> tests = new ArrayList<>();
        fields.forEach((fieldName, value) -> tests.add(fieldTest(fieldName, value)));
        return new Condition(tests);
    }

    private static FieldTest fieldTest(String fieldName, YamlPlace value) {
        FieldPath field;
        try {
            field = new FieldPath(fieldName);
        } catch (IllegalArgumentException e) {
            throw value.error(e.getMessage());
        }
        if (!value.isMapping()) {
            return new Condition.OneOf(field, new LinkedHashSet<>(value.scalars()));
        }
        Map<String, YamlPlace> op = value.children(Set.of("not", "matches", "exists"));
        if (op.size() != 1) {
            throw value.error("expected exactly one of not, matches, exists");
        }
        Map.Entry<String, YamlPlace> only = op.entrySet().iterator().next();
        YamlPlace arg = only.getValue();
        return switch (only.getKey()) {
            case "not" -> new Condition.NoneOf(field, new LinkedHashSet<>(arg.scalars()));
            case "matches" -> {
                try {
                    yield new Condition.Matches(field, Pattern.compile(arg.text()));
                } catch (PatternSyntaxException e) {
                    throw arg.error("not a valid regular expression: " + e.getDescription());
                }
            }
            default -> {
                String flag = arg.text().toLowerCase(Locale.ROOT);
                if (!flag.equals("true") && !flag.equals("false")) {
                    throw arg.error("expected true or false, got '" + arg.text() + "'");
                }
                yield new Condition.Exists(field, Boolean.parseBoolean(flag));
            }
        };
    }

    private static Emission emission(YamlPlace place) {
        if (place.isScalar()) {
            String text = place.scalar().trim();
            if (text.equalsIgnoreCase("none") || text.equalsIgnoreCase("ignore")) {
                return new Emission.Ignore();
            }
            throw place.error("expected 'none' or a mapping with 'type' (a usage event) or 'signal', got '" + text + "'");
        }
        Map<String, YamlPlace> e = place.children(EMIT);
        boolean usage = e.containsKey("type");
        boolean signal = e.containsKey("signal");
        if (usage == signal) {
            throw place.error("expected exactly one of 'type' (a usage event) or 'signal' (an account signal)");
        }
        return usage ? usageEmission(e) : signalEmission(place, e);
    }

    private static Emission usageEmission(Map<String, YamlPlace> e) {
        YamlPlace typePlace = e.get("type");
        UsageEventType type = enumValue(typePlace, UsageEventType.class, "event type");
        refuse(e, "nps", "ticket", "priority", "signal");
        Template feature = e.containsKey("feature") ? template(e.get("feature")) : null;
        Template step = e.containsKey("step") ? template(e.get("step")) : null;
        if (type == UsageEventType.FEATURE_USED && feature == null) {
            throw typePlace.error("FEATURE_USED needs 'feature' (a name, or ${field} to take it from the record)");
        }
        if (type == UsageEventType.ONBOARDING_STEP_COMPLETED && step == null) {
            throw typePlace.error("ONBOARDING_STEP_COMPLETED needs 'step' (a name, or ${field})");
        }
        if (feature != null && type != UsageEventType.FEATURE_USED) {
            throw e.get("feature").error("only FEATURE_USED takes a feature");
        }
        if (step != null && type != UsageEventType.ONBOARDING_STEP_COMPLETED) {
            throw e.get("step").error("only ONBOARDING_STEP_COMPLETED takes a step");
        }
        return new Emission.Usage(type, feature, step);
    }

    private static Emission signalEmission(YamlPlace place, Map<String, YamlPlace> e) {
        YamlPlace typePlace = e.get("signal");
        SignalType type = enumValue(typePlace, SignalType.class, "signal type");
        refuse(e, "feature", "step");
        Template nps = e.containsKey("nps") ? template(e.get("nps")) : null;
        Template ticket = e.containsKey("ticket") ? template(e.get("ticket")) : null;
        Template priority = e.containsKey("priority") ? template(e.get("priority")) : null;
        if (type == SignalType.NPS_ANSWER) {
            if (nps == null) {
                throw typePlace.error("NPS_ANSWER needs 'nps' (0..10, or ${field})");
            }
            String literal = nps.render(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            if (literal != null && parseNps(literal) == null) {
                throw e.get("nps").error("expected a whole number 0..10, got '" + literal + "'");
            }
        } else if (nps != null) {
            throw e.get("nps").error("only NPS_ANSWER takes an nps score");
        }
        boolean ticketType = type == SignalType.SUPPORT_TICKET_OPENED || type == SignalType.SUPPORT_TICKET_CLOSED;
        if (type == SignalType.SUPPORT_TICKET_CLOSED && ticket == null) {
            throw typePlace.error("SUPPORT_TICKET_CLOSED needs 'ticket' (${field} with the ticket id)");
        }
        if (!ticketType && (ticket != null || priority != null)) {
            throw (ticket != null ? e.get("ticket") : e.get("priority")).error("only ticket signals take a ticket or priority");
        }
        if (priority != null) {
            String literal = priority.render(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            if (literal != null && parsePriority(literal) == null) {
                throw e.get("priority").error("unknown priority '" + literal + "'; expected one of "
                        + Arrays.toString(TicketPriority.values()));
            }
        }
        return new Emission.Signal(type, nps, ticket, priority);
    }

    private static void refuse(Map<String, YamlPlace> e, String... names) {
        for (String name : names) {
            if (e.containsKey(name)) {
                throw e.get(name).error("not allowed here");
            }
        }
    }

    private static Template template(YamlPlace place) {
        try {
            return Template.parse(place.text());
        } catch (IllegalArgumentException ex) {
            throw place.error(ex.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(YamlPlace place, Class<E> type, String what) {
        String text = place.text();
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw place.error("unknown " + what + " '" + text + "'; expected one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static ProfileMapping profile(YamlPlace place) {
        Map<String, YamlPlace> p = place.children(Set.of("when", "fields"));
        Condition when = p.containsKey("when") ? condition(p.get("when")) : null;
        Map<String, ProfileField> byName = new java.util.LinkedHashMap<>();
        for (ProfileField f : ProfileField.values()) {
            byName.put(f.yamlName(), f);
        }
        YamlPlace fieldsPlace = require(place, p, "fields");
        Map<ProfileField, FieldPath> fields = new EnumMap<>(ProfileField.class);
        fieldsPlace.children(byName.keySet()).forEach((name, value) -> fields.put(byName.get(name), field(value)));
        if (fields.isEmpty()) {
            throw fieldsPlace.error("name at least one profile field");
        }
        return new ProfileMapping(when, fields);
    }

    /** 0..10, or null. */
    static Integer parseNps(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            int n = (int) Math.round(v);
            return n >= 0 && n <= 10 && Math.abs(v - n) < 1e-9 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A ticket priority, case-insensitive, or null. */
    static TicketPriority parsePriority(String text) {
        try {
            return TicketPriority.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
