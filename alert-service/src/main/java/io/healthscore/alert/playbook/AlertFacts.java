package io.healthscore.alert.playbook;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import io.micronaut.core.annotation.Nullable;

/** The properties of an alert that playbooks match on; direction, coverage model and segment may be unknown. */
public record AlertFacts(AlertRule rule, Severity severity, HealthLevel level, @Nullable Direction direction,
                         @Nullable CoverageModel coverageModel, @Nullable String segment) {
}
