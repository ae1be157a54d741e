package io.healthscore.alert.playbook;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a playbook file:
 * <pre>
 * playbooks:
 *   - name: imminent-tech-touch
 *     when: {severity: IMMINENT, coverage-model: TECH_TOUCH}
 *     actions:
 *       - {type: customer-email, template: risk-follow-up}
 *       - {type: webhook, target: crm}
 * </pre>
 * Every condition takes one value or a list; absent means any. A playbook whose {@code when} holds a
 * {@code transition} mapping runs on level transitions instead of alerts:
 * <pre>
 *   - name: entered-lv1
 *     when: {transition: {to: LV1, direction: DOWN, coverage-model: TECH_TOUCH}}  # also: from, segment
 *     actions: [{type: csm-email}]
 * </pre>
 * A playbook whose {@code when} holds an {@code expansion} mapping runs on expansion signals (upsell moments):
 * <pre>
 *   - name: seats-upsell
 *     when: {expansion: {kind: SEATS_EXCEEDED, coverage-model: HIGH_TOUCH}}  # also: segment
 *     actions: [{type: webhook, target: crm}]
 * </pre>
 * Anything unknown or missing fails with a {@link PlaybookException} naming the source, the entry (by position
 * and name) and the offending value, so a typo stops start-up instead of silently never matching; so does a
 * transition condition that no level move can meet ({@code from: LV1, direction: DOWN}).
 */
public final class PlaybookParser {

    private static final Set<String> ENTRY_KEYS = Set.of("name", "when", "actions");
    private static final Set<String> WHEN_KEYS = Set.of("rule", "severity", "level", "direction", "coverage-model",
            "segment");
    private static final String TRANSITION = "transition";
    private static final Set<String> TRANSITION_KEYS = Set.of("from", "to", "direction", "coverage-model", "segment");
    private static final String EXPANSION = "expansion";
    private static final Set<String> EXPANSION_KEYS = Set.of("kind", "coverage-model", "segment");
    private static final Set<String> ACTION_KEYS = Set.of("type", "target", "template");
    private static final int MAX_FILE_CHARS = 1_000_000;

    private PlaybookParser() {
    }

    public static List<Playbook> parse(String source, String yamlText) {
        if (yamlText.length() > MAX_FILE_CHARS) {
            throw new PlaybookException(source + ": file is larger than " + MAX_FILE_CHARS + " characters");
        }
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (YAMLException e) {
            throw new PlaybookException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("playbooks") instanceof List<?> entries)) {
            throw new PlaybookException(source + ": expected a top-level 'playbooks:' list");
        }
        List<Playbook> playbooks = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Playbook playbook = entry(source + ": playbook #" + (i + 1), entries.get(i));
            if (!names.add(playbook.name())) {
                throw new PlaybookException(source + ": playbook #" + (i + 1) + " '" + playbook.name()
                        + "': the name is used twice");
            }
            playbooks.add(playbook);
        }
        return List.copyOf(playbooks);
    }

    private static Playbook entry(String where, Object raw) {
        Map<?, ?> entry = map(where, raw);
        if (!(entry.get("name") instanceof String name) || name.isBlank()) {
            throw new PlaybookException(where + ": 'name' is missing or not text");
        }
        String here = where + " '" + name + "'";
        unknownKeys(here, entry, ENTRY_KEYS);
        Map<?, ?> when = entry.get("when") == null ? Map.of() : map(here + " when", entry.get("when"));
        PlaybookMatch match = null;
        TransitionMatch transition = null;
        ExpansionMatch expansion = null;
        if (when.containsKey(TRANSITION) && when.containsKey(EXPANSION)) {
            throw new PlaybookException(here + " when: 'transition' and 'expansion' cannot be combined; a playbook "
                    + "runs on one kind of record");
        }
        if (when.containsKey(TRANSITION)) {
            transition = transition(here, when);
        } else if (when.containsKey(EXPANSION)) {
            expansion = expansion(here, when);
        } else {
            unknownKeys(here + " when", when, WHEN_KEYS);
            match = new PlaybookMatch(
                    values(here, when, "rule", enumParser(AlertRule.class)),
                    values(here, when, "severity", enumParser(Severity.class)),
                    values(here, when, "level", enumParser(HealthLevel.class)),
                    values(here, when, "direction", enumParser(Direction.class)),
                    values(here, when, "coverage-model", enumParser(CoverageModel.class)),
                    values(here, when, "segment", s -> s));
        }
        if (!(entry.get("actions") instanceof List<?> rawActions) || rawActions.isEmpty()) {
            throw new PlaybookException(here + ": 'actions' must be a non-empty list");
        }
        List<PlaybookAction> actions = new ArrayList<>();
        for (int a = 0; a < rawActions.size(); a++) {
            actions.add(action(here + " action #" + (a + 1), rawActions.get(a)));
        }
        return new Playbook(name, match, transition, expansion, List.copyOf(actions));
    }

    private static ExpansionMatch expansion(String here, Map<?, ?> when) {
        List<String> alertKeys = when.keySet().stream().map(String::valueOf).filter(k -> !k.equals(EXPANSION))
                .sorted().toList();
        if (!alertKeys.isEmpty()) {
            throw new PlaybookException(here + " when: 'expansion' cannot be combined with alert conditions "
                    + alertKeys + "; a playbook runs either on alerts or on expansion signals");
        }
        String where = here + " when.expansion";
        if (when.get(EXPANSION) == null) {
            throw new PlaybookException(where + ": expected a mapping, found nothing (write {} for every signal)");
        }
        Map<?, ?> conditions = map(where, when.get(EXPANSION));
        unknownKeys(where, conditions, EXPANSION_KEYS);
        Set<ExpansionKind> kinds = values(where, conditions, "kind", enumParser(ExpansionKind.class));
        return new ExpansionMatch(kinds,
                values(where, conditions, "coverage-model", enumParser(CoverageModel.class)),
                values(where, conditions, "segment", s -> s));
    }

    private static TransitionMatch transition(String here, Map<?, ?> when) {
        List<String> alertKeys = when.keySet().stream().map(String::valueOf).filter(k -> !k.equals(TRANSITION))
                .sorted().toList();
        if (!alertKeys.isEmpty()) {
            throw new PlaybookException(here + " when: 'transition' cannot be combined with alert conditions "
                    + alertKeys + "; a playbook runs either on alerts or on level transitions");
        }
        String where = here + " when.transition";
        if (when.get(TRANSITION) == null) {
            throw new PlaybookException(where + ": expected a mapping, found nothing (write {} for any level move)");
        }
        Map<?, ?> conditions = map(where, when.get(TRANSITION));
        unknownKeys(where, conditions, TRANSITION_KEYS);
        TransitionMatch match = new TransitionMatch(
                values(where, conditions, "from", enumParser(HealthLevel.class)),
                values(where, conditions, "to", enumParser(HealthLevel.class)),
                values(where, conditions, "direction", enumParser(Direction.class)),
                values(where, conditions, "coverage-model", enumParser(CoverageModel.class)),
                values(where, conditions, "segment", s -> s));
        if (!match.levelsCanDiffer()) {
            throw new PlaybookException(where + ": " + describe(match, false) + " can never happen: a transition "
                    + "moves between two different levels");
        }
        if (!match.canHappen()) {
            throw new PlaybookException(where + ": " + describe(match, true) + " can never happen: DOWN is towards "
                    + "LV1, UP towards LV4");
        }
        return match;
    }

    private static String describe(TransitionMatch match, boolean withDirection) {
        List<String> parts = new ArrayList<>();
        if (!match.from().isEmpty()) {
            parts.add("from " + sorted(match.from()));
        }
        if (!match.to().isEmpty()) {
            parts.add("to " + sorted(match.to()));
        }
        if (withDirection && !match.directions().isEmpty()) {
            parts.add("direction " + sorted(match.directions()));
        }
        return String.join(" ", parts);
    }

    private static <E extends Enum<E>> List<E> sorted(Set<E> values) {
        return values.stream().sorted().toList();
    }

    private static PlaybookAction action(String where, Object raw) {
        Map<?, ?> action = map(where, raw);
        unknownKeys(where, action, ACTION_KEYS);
        String typeName = String.valueOf(action.get("type"));
        ActionType type = ActionType.fromYaml(typeName).orElseThrow(() -> new PlaybookException(where
                + ": unknown type '" + typeName + "' (expected one of "
                + Arrays.stream(ActionType.values()).map(ActionType::yamlName).toList() + ")"));
        String target = text(where, action, "target");
        String template = text(where, action, "template");
        if ((type == ActionType.SLACK || type == ActionType.WEBHOOK) && target == null) {
            throw new PlaybookException(where + ": type '" + typeName + "' needs a 'target' (a configured name)");
        }
        if (type == ActionType.CUSTOMER_EMAIL && template == null) {
            throw new PlaybookException(where + ": type 'customer-email' needs a 'template'");
        }
        return new PlaybookAction(type, target, template);
    }

    private static String text(String where, Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new PlaybookException(where + ": '" + key + "' must be text");
        }
        return s;
    }

    private static Map<?, ?> map(String where, Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new PlaybookException(where + ": expected a mapping, found " + (raw == null ? "nothing" : "'" + raw + "'"));
        }
        return map;
    }

    private static void unknownKeys(String where, Map<?, ?> map, Set<String> allowed) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new PlaybookException(where + ": unknown key '" + key + "' (allowed: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private static <T> Set<T> values(String where, Map<?, ?> when, String key, Function<String, T> parse) {
        Object raw = when.get(key);
        if (raw == null) {
            return Set.of();
        }
        List<?> list = raw instanceof List<?> l ? l : List.of(raw);
        Set<T> out = new LinkedHashSet<>();
        for (Object item : list) {
            try {
                out.add(parse.apply(String.valueOf(item)));
            } catch (IllegalArgumentException e) {
                throw new PlaybookException(where + ": " + key + " '" + item + "' is not one of " + e.getMessage());
            }
        }
        return Set.copyOf(out);
    }

    private static <E extends Enum<E>> Function<String, E> enumParser(Class<E> type) {
        return value -> {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Arrays.toString(type.getEnumConstants()));
            }
        };
    }
}
