package io.healthscore.scoring.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** The body of {@code GET /levels}: accounts per level (LV1..LV4) of the segment and CSM asked for, if any. */
@Serdeable
public record LevelsView(@Nullable String segment, @Nullable String csm, Map<String, Long> levels) {
}
