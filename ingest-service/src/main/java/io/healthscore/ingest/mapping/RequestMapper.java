package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates a whole parsed body and maps it to records. Throws {@link io.healthscore.ingest.problem.IngestRejection}
 * (400 or 413) naming the failing fields; returns only when every event of the request is valid.
 */
@FunctionalInterface
public interface RequestMapper {

    MappedRequest map(JsonNode body, RequestContext context);
}
