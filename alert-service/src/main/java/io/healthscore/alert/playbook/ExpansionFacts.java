package io.healthscore.alert.playbook;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionKind;
import io.micronaut.core.annotation.Nullable;

/** The properties of an expansion signal that playbooks match on; coverage model and segment may be unknown. */
public record ExpansionFacts(ExpansionKind kind, @Nullable CoverageModel coverageModel, @Nullable String segment) {
}
