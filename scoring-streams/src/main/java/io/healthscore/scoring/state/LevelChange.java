package io.healthscore.scoring.state;

import io.healthscore.avro.HealthLevel;

/** One level change of an account, kept for queries: from, to, the score that caused it, and when. */
public record LevelChange(HealthLevel from, HealthLevel to, double score, long atMillis) {
}
