package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Size and shape limits on request bodies ({@code ingest.limits.*}; defaults in application.yml). Byte limits
 * count the raw request body; an event's size inside a batch counts its compact JSON encoding.
 */
@ConfigurationProperties("ingest.limits")
public record IngestLimits(int segmentMaxEventBytes,
                           int segmentMaxBatchBytes,
                           int segmentMaxBatchEvents,
                           int nativeMaxBodyBytes,
                           int nativeMaxEvents,
                           int nativeMaxEventBytes,
                           int maxNestingDepth,
                           int maxStringLength,
                           int maxProperties) {
}
