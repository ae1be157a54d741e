package io.healthscore.alert.playbook;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.micronaut.core.annotation.Nullable;

/** The properties of a level transition that playbooks match on; coverage model and segment may be unknown. */
public record TransitionFacts(HealthLevel from, HealthLevel to, Direction direction,
                              @Nullable CoverageModel coverageModel, @Nullable String segment) {
}
