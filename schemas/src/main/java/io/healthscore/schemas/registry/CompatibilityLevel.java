package io.healthscore.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The Confluent compatibility levels, checked with Avro's own reader/writer rules. BACKWARD: the new schema
 * reads data written with the old one (consumers upgrade first). FORWARD: the old schema reads data written
 * with the new one. FULL: both. The transitive variants check every earlier version, the others only the latest.
 */
enum CompatibilityLevel {
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true),
    NONE(false, false, false);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Parses a level as the registry spells it, ignoring case; an unknown level is an IllegalArgumentException. */
    static CompatibilityLevel parse(String level) {
        try {
            return valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid compatibility level " + level + "; valid levels are "
                    + List.of(values()), e);
        }
    }

    /**
     * The reasons the candidate may not follow the existing versions (oldest first), one line per broken rule;
     * empty when it may.
     */
    List<String> violations(Schema candidate, List<Schema> existingOldestFirst) {
        List<String> violations = new ArrayList<>();
        int first = transitive ? 0 : Math.max(0, existingOldestFirst.size() - 1);
        for (int i = first; i < existingOldestFirst.size(); i++) {
            Schema existing = existingOldestFirst.get(i);
            int version = i + 1;
            if (newReadsOld) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing), version,
                        "the new schema cannot read data written with", violations);
            }
            if (oldReadsNew) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate), version,
                        "data written with the new schema cannot be read with", violations);
            }
        }
        return violations;
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility result, int version, String problem,
                                 List<String> violations) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            violations.add(problem + " version " + version + ": " + incompatibility.getType() + " at "
                    + incompatibility.getLocation() + " (" + incompatibility.getMessage() + ")");
        }
    }
}
