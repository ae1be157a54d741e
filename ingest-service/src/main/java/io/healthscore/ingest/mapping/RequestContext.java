package io.healthscore.ingest.mapping;

import io.healthscore.ingest.scope.SourceScope;

import java.time.Instant;

/** What a mapper knows besides the body: the authenticated source's scope and when the request arrived. */
public record RequestContext(SourceScope scope, Instant receivedAt) {

    /** The authenticated source's name, stamped on every record. */
    public String source() {
        return scope.source();
    }
}
