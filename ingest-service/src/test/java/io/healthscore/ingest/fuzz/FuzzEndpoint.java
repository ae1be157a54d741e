package io.healthscore.ingest.fuzz;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ingest endpoints, with the method they take and, for Segment's single calls, the call type. */
enum FuzzEndpoint {
    EVENTS("POST", "/v1/events"),
    ACCOUNTS("PUT", "/v1/accounts/{accountId}"),
    SIGNALS("POST", "/v1/signals"),
    TRACK("POST", "/v1/track"),
    PAGE("POST", "/v1/page"),
    SCREEN("POST", "/v1/screen"),
    IDENTIFY("POST", "/v1/identify"),
    GROUP("POST", "/v1/group"),
    ALIAS("POST", "/v1/alias"),
    BATCH("POST", "/v1/batch");

    private static final Pattern ROUTE = Pattern.compile("^/v1/(events|signals|track|page|screen|identify|group|alias"
            + "|batch|accounts/[^/]+)/?$");

    private final String method;
    private final String path;

    FuzzEndpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    boolean segment() {
        return ordinal() >= TRACK.ordinal();
    }

    /** The Segment call type of a single-call endpoint ("track"), or null. */
    String segmentType() {
        return segment() && this != BATCH ? name().toLowerCase(Locale.ROOT) : null;
    }

    /**
     * The endpoint a request target can have reached (query and trailing slash aside), or empty for every other
     * target; used to decide how many records an accepted request must have written.
     */
    static Optional<FuzzEndpoint> routedFrom(String target) {
        String path = target;
        int scheme = path.indexOf("://");
        if (scheme > 0 && path.indexOf('/') > scheme) {
            // absolute-form (http://host/v1/events), which HTTP/1.1 servers must accept
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        for (char stop : new char[]{'?', '#'}) {
            int at = path.indexOf(stop);
            if (at >= 0) {
                path = path.substring(0, at);
            }
        }
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(1).startsWith("accounts/") ? "ACCOUNTS" : m.group(1).toUpperCase(Locale.ROOT);
        return Optional.of(valueOf(name));
    }
}
