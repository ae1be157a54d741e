package io.healthscore.ingest.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How many records an accepted request must have written, worked out from the request alone (independently of
 * the service's mappers): one per native event, signal or profile; one per Segment track, page, screen or group
 * call (those without an account go to the dead-letter topic, still one record each); none for identify and
 * alias.
 */
final class ExpectedRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STORED_CALLS = Set.of("track", "page", "screen", "group");

    private ExpectedRecords() {
    }

    /** Empty when the body is not JSON at all (then the request must not have been accepted). */
    static OptionalInt of(FuzzEndpoint endpoint, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        if (json == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(switch (endpoint) {
            case EVENTS, SIGNALS -> json.isArray() ? json.size() : 1;
            case ACCOUNTS -> 1;
            case TRACK, PAGE, SCREEN, GROUP -> 1;
            case IDENTIFY, ALIAS -> 0;
            case BATCH -> {
                int n = 0;
                for (JsonNode call : json.path("batch")) {
                    if (STORED_CALLS.contains(call.path("type").asText("").toLowerCase(Locale.ROOT))) {
                        n++;
                    }
                }
                yield n;
            }
        });
    }
}
