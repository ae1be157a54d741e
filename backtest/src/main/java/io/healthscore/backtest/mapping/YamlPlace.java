package io.healthscore.backtest.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A node of a mapping file with what an error message needs: the file, the node's line, the rule it belongs to
 * (if any) and its dotted field path, e.g. {@code mapping.yml line 9, rule #2 'play', field 'emit.type': ...}.
 */
final class YamlPlace {

    private final String file;
    private final String rule;
    private final String path;
    private final Node node;

    YamlPlace(String file, String rule, String path, Node node) {
        this.file = file;
        this.rule = rule;
        this.path = path;
        this.node = node;
    }

    YamlPlace inRule(String ruleLabel) {
        return new YamlPlace(file, ruleLabel, "", node);
    }

    int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    String path() {
        return path;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** The children of a mapping in file order; keys outside {@code allowed} are refused (typos). */
    Map<String, YamlPlace> children(Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of fields");
        }
        Map<String, YamlPlace> children = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error("expected a plain field name");
            }
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            YamlPlace child = new YamlPlace(file, rule, childPath, tuple.getValueNode());
            if (allowed != null && !allowed.contains(key.getValue())) {
                throw new YamlPlace(file, rule, childPath, tuple.getKeyNode())
                        .error("unknown field; expected one of " + allowed.stream().sorted().toList());
            }
            if (children.put(key.getValue(), child) != null) {
                throw child.error("field given twice");
            }
        }
        return children;
    }

    List<YamlPlace> items() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list");
        }
        List<YamlPlace> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlPlace(file, rule, path + "[" + i + "]", sequence.getValue().get(i)));
        }
        return items;
    }

    /** The text of a child scalar, without any checks (to name a rule before its fields are checked); or null. */
    String peek(String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && tuple.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
                    return v.getValue().trim();
                }
            }
        }
        return null;
    }

    /** Scalar text, which may be empty (a quoted ""). */
    String scalar() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value");
        }
        return scalar.getValue();
    }

    String text() {
        String value = scalar().trim();
        if (value.isEmpty()) {
            throw error("expected a non-empty value");
        }
        return value;
    }

    /** A scalar, or a list of scalars. */
    List<String> scalars() {
        if (node instanceof SequenceNode) {
            return items().stream().map(YamlPlace::scalar).toList();
        }
        return List.of(scalar());
    }

    MappingException error(String message) {
        StringBuilder text = new StringBuilder(file).append(" line ").append(line());
        if (rule != null) {
            text.append(", ").append(rule);
        }
        if (!path.isEmpty()) {
            text.append(", field '").append(path).append("'");
        }
        return new MappingException(text.append(": ").append(message).toString());
    }
}
