package io.healthscore.scoring.state;

import io.healthscore.avro.Severity;

/** The last alert raised for one rule: its severity and when its cooldown window started. */
public record AlertMemory(Severity severity, long windowStartMillis) {
}
