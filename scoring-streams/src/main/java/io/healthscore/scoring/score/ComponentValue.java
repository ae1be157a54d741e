package io.healthscore.scoring.score;

/** A component's score 0..100 and its raw measure in words. */
public record ComponentValue(double value, String measure) {

    public ComponentValue {
        value = Math.max(0, Math.min(100, value));
    }
}
