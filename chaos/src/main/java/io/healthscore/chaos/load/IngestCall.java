package io.healthscore.chaos.load;

import java.util.List;

/**
 * One request to the ingest API with everything needed to send it again unchanged: a retry after a timeout, a
 * reset connection or a 503 carries the same messageIds, as a real client's would.
 *
 * @param messages the events or signals in the body (none for a profile)
 */
public record IngestCall(Kind kind, String method, String path, Object body, List<Message> messages) {

    public IngestCall {
        messages = List.copyOf(messages);
    }

    /** What the request carries. */
    public enum Kind { PROFILE, USAGE, SIGNAL }

    /** One event or signal of a request; {@code signalType} is null for usage events. */
    public record Message(String messageId, String accountId, String signalType) {
    }
}
