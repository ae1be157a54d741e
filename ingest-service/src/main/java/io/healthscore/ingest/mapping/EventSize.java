package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.ingest.problem.IngestRejection;

import java.nio.charset.StandardCharsets;

/** Limits on the number and size of events in one request; an event's size is its compact JSON encoding. */
final class EventSize {

    private EventSize() {
    }

    static void requireCount(int count, int max, String path) {
        if (count > max) {
            throw IngestRejection.tooLarge(path, "holds " + count + " events; at most " + max + " are allowed per request");
        }
        if (count == 0) {
            throw IngestRejection.invalid(path, "holds no events");
        }
    }

    static void requireSize(JsonNode event, int maxBytes, String path) {
        int size = event.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw IngestRejection.tooLarge(path.isEmpty() ? "body" : path,
                    "is " + size + " bytes; at most " + maxBytes + " are allowed per event");
        }
    }
}
