package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What of an unattributed Segment call is parked on the usage-events dead-letter topic: the call as sent, less
 * its {@code writeKey} (a credential has no place in a topic many can read) and less every {@code context} member
 * but those a replay or a reader of the topic needs ({@value #KEPT_CONTEXT}); the IP address, user agent, user
 * traits, location and campaign data of the browser are dropped.
 */
final class ParkedCall {

    static final String KEPT_CONTEXT = "groupId, library, app, locale, timezone";
    private static final List<String> CONTEXT_MEMBERS = List.of("groupId", "library", "app", "locale", "timezone");

    private ParkedCall() {
    }

    static String of(JsonNode call) {
        ObjectNode copy = call.deepCopy();
        copy.remove("writeKey");
        JsonNode context = copy.get("context");
        if (context != null && context.isObject()) {
            ObjectNode trimmed = copy.objectNode();
            for (String member : CONTEXT_MEMBERS) {
                if (context.has(member)) {
                    trimmed.set(member, context.get(member));
                }
            }
            copy.set("context", trimmed);
        }
        return copy.toString();
    }
}
