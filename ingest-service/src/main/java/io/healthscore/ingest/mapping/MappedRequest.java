package io.healthscore.ingest.mapping;

import io.healthscore.ingest.publish.OutgoingRecord;

import java.util.List;

/**
 * A fully validated request: the records to write, the message ids they carry (for the response), how many
 * events were accepted without being stored (Segment identify and alias), and how many of the records are
 * unattributed Segment events parked on the usage-events dead-letter topic.
 */
public record MappedRequest(List<OutgoingRecord<?, ?>> records, List<String> messageIds, int ignored,
                            int unattributed) {

    public MappedRequest {
        records = List.copyOf(records);
        messageIds = List.copyOf(messageIds);
    }
}
