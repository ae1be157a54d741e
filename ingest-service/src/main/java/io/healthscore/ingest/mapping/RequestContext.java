package io.healthscore.ingest.mapping;

import java.time.Instant;

/** What a mapper knows besides the body: the authenticated source's name and when the request arrived. */
public record RequestContext(String source, Instant receivedAt) {
}
