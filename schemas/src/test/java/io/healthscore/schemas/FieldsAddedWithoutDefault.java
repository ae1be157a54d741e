package io.healthscore.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Finds the fields a current schema has that a released one lacks and that have no default, in the records
 * both share (nested ones included, through arrays, maps and unions). Such a field makes data written with
 * the released schema unreadable.
 */
final class FieldsAddedWithoutDefault {

    private FieldsAddedWithoutDefault() {
    }

    /** Paths like {@code io.healthscore.avro.UsageEvent.tenantRegion}; empty when every added field has a default. */
    static List<String> find(Schema current, Schema released) {
        List<String> found = new ArrayList<>();
        walk(current, released, found, new HashSet<>());
        return found;
    }

    private static void walk(Schema current, Schema released, List<String> found, Set<String> visited) {
        switch (current.getType()) {
            case RECORD -> {
                if (released.getType() != Schema.Type.RECORD || !visited.add(current.getFullName())) {
                    return;
                }
                for (Schema.Field field : current.getFields()) {
                    Schema.Field before = releasedField(released, field);
                    if (before == null) {
                        if (!field.hasDefaultValue()) {
                            found.add(current.getFullName() + "." + field.name());
                        }
                    } else {
                        walk(field.schema(), before.schema(), found, visited);
                    }
                }
            }
            case ARRAY -> {
                if (released.getType() == Schema.Type.ARRAY) {
                    walk(current.getElementType(), released.getElementType(), found, visited);
                }
            }
            case MAP -> {
                if (released.getType() == Schema.Type.MAP) {
                    walk(current.getValueType(), released.getValueType(), found, visited);
                }
            }
            case UNION -> {
                for (Schema branch : current.getTypes()) {
                    Schema match = matchingBranch(branch, released);
                    if (match != null) {
                        walk(branch, match, found, visited);
                    }
                }
            }
            default -> {
                // primitives, enums and fixed have no fields
            }
        }
    }

    private static Schema.Field releasedField(Schema released, Schema.Field field) {
        Schema.Field same = released.getField(field.name());
        if (same != null) {
            return same;
        }
        // A renamed field keeps its data when it lists the old name as an alias.
        return field.aliases().stream().map(released::getField).filter(f -> f != null).findFirst().orElse(null);
    }

    private static Schema matchingBranch(Schema branch, Schema released) {
        List<Schema> candidates = released.getType() == Schema.Type.UNION ? released.getTypes() : List.of(released);
        for (Schema candidate : candidates) {
            boolean sameKind = candidate.getType() == branch.getType();
            boolean named = branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.ENUM
                    || branch.getType() == Schema.Type.FIXED;
            if (sameKind && (!named || candidate.getFullName().equals(branch.getFullName()))) {
                return candidate;
            }
        }
        return null;
    }
}
