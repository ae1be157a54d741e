package io.healthscore.scoring.model;

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
 * One node of the model file with its dotted path, so that every error names the file, the 1-based line and
 * the field ("model.yml line 7, field 'levels.lv2': expected a number, got 'forty'").
 */
final class YamlField {

    private final String file;
    private final String path;
    private final Node node;

    YamlField(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The children of a mapping, in file order; refuses keys outside {@code allowed} to catch typos. */
    Map<String, YamlField> children(Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping of fields");
        }
        Map<String, YamlField> children = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error("expected a plain field name");
            }
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            YamlField child = new YamlField(file, childPath, tuple.getValueNode());
            if (allowed != null && !allowed.contains(key.getValue())) {
                throw new ModelFileException(file + " line " + line(tuple.getKeyNode()) + ", field '" + childPath
                        + "': unknown field; expected one of " + allowed.stream().sorted().toList());
            }
            if (children.put(key.getValue(), child) != null) {
                throw child.error("field given twice");
            }
        }
        return children;
    }

    String text() {
        if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            throw error("expected a non-empty text value");
        }
        return scalar.getValue().trim();
    }

    double number(double min, double max) {
        String text = text();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error("expected a number, got '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw error("expected a number from " + min + " to " + max + ", got " + text);
        }
        return value;
    }

    int integer(int min, int max) {
        String text = text();
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw error("expected a whole number from " + min + " to " + max + ", got " + text);
        }
        return value;
    }

    List<String> textList() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            values.add(new YamlField(file, path + "[" + i + "]", sequence.getValue().get(i)).text());
        }
        return values;
    }

    /** The items of a sequence, each with its index in the path ("levels.calibration.table[3]"). */
    List<YamlField> items() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list");
        }
        List<YamlField> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlField(file, path + "[" + i + "]", sequence.getValue().get(i)));
        }
        return items;
    }

    String path() {
        return path;
    }

    ModelFileException error(String problem) {
        return new ModelFileException(file + " line " + line(node) + ", field '" + path + "': " + problem);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
