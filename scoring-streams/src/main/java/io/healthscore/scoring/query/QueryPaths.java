package io.healthscore.scoring.query;

/** The query API's paths. */
final class QueryPaths {

    /** The prefix of the paths instances forward queries on, with the peer token. */
    static final String INTERNAL = "/internal";

    private QueryPaths() {
    }
}
