package io.healthscore.backtest.replay;

import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.ScoreComponent;
import java.util.Arrays;

/**
 * One account's health as the topology published it, sampled at every UTC midnight of the replay: the score, level
 * and component values of the last score published before that midnight. Days before the account's first score
 * have nothing. Component values that had no data are NaN.
 */
public final class AccountTimeline {

    public static final int COMPONENTS = ScoreComponent.values().length;
    private static final int INITIAL_DAYS = 64;

    private final String account;
    private long firstDay = Long.MIN_VALUE;
    private int days;
    private float[] scores = new float[INITIAL_DAYS];
    private byte[] levels = new byte[INITIAL_DAYS];
    private float[] components = new float[INITIAL_DAYS * COMPONENTS];
    private final float[] latestComponents = new float[COMPONENTS];
    private final double[] latestWeights = new double[COMPONENTS];
    private float latestScore = Float.NaN;
    private byte latestLevel = -1;
    private long firstScoreAt = -1;
    private String segment;

    AccountTimeline(String account) {
        this.account = account;
    }

    void published(HealthScore score) {
        latestScore = (float) score.getScore();
        latestLevel = (byte) score.getLevel().ordinal();
        Arrays.fill(latestComponents, Float.NaN);
        for (ComponentScore c : score.getComponents()) {
            int i = c.getComponent().ordinal();
            latestComponents[i] = c.getValue() == null ? Float.NaN : c.getValue().floatValue();
            latestWeights[i] = c.getWeight();
        }
        segment = score.getSegment();
        if (firstScoreAt < 0) {
            firstScoreAt = score.getEvaluatedAt().toEpochMilli();
        }
    }

    /** Records the latest published values as this day's (its midnight's) sample. */
    void sample(long epochDay) {
        if (latestLevel < 0) {
            return;
        }
        if (firstDay == Long.MIN_VALUE) {
            firstDay = epochDay;
        }
        int index = (int) (epochDay - firstDay);
        if (index < days) {
            return;
        }
        ensureCapacity(index + 1);
        for (int i = days; i < index; i++) {
            copyDay(i, i == 0 ? -1 : i - 1);
        }
        scores[index] = latestScore;
        levels[index] = latestLevel;
        System.arraycopy(latestComponents, 0, components, index * COMPONENTS, COMPONENTS);
        days = index + 1;
    }

    private void copyDay(int to, int from) {
        if (from < 0) {
            scores[to] = Float.NaN;
            levels[to] = -1;
            Arrays.fill(components, to * COMPONENTS, (to + 1) * COMPONENTS, Float.NaN);
        } else {
            scores[to] = scores[from];
            levels[to] = levels[from];
            System.arraycopy(components, from * COMPONENTS, components, to * COMPONENTS, COMPONENTS);
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= scores.length) {
            return;
        }
        int size = Math.max(needed, scores.length * 2);
        scores = Arrays.copyOf(scores, size);
        levels = Arrays.copyOf(levels, size);
        components = Arrays.copyOf(components, size * COMPONENTS);
    }

    public String account() {
        return account;
    }

    private int index(long epochDay) {
        if (firstDay == Long.MIN_VALUE || epochDay < firstDay || epochDay - firstDay >= days) {
            return -1;
        }
        return (int) (epochDay - firstDay);
    }

    /** The score at the midnight starting {@code epochDay}, or NaN when the account had none yet. */
    public double scoreOn(long epochDay) {
        int i = index(epochDay);
        return i < 0 ? Double.NaN : scores[i];
    }

    /** The level's ordinal (0 = LV1) at that midnight, or -1. */
    public int levelOn(long epochDay) {
        int i = index(epochDay);
        return i < 0 ? -1 : levels[i];
    }

    /** A component's value at that midnight, NaN without data (or without a score). */
    public double componentOn(long epochDay, ScoreComponent component) {
        int i = index(epochDay);
        return i < 0 ? Double.NaN : components[i * COMPONENTS + component.ordinal()];
    }

    /** The weight each component had in the last published score (the model's, with the segment's overrides). */
    public double weightInForce(ScoreComponent component) {
        return latestWeights[component.ordinal()];
    }

    public String segment() {
        return segment;
    }

    /** When the account's first score was published (epoch ms), or -1. */
    public long firstScoreAt() {
        return firstScoreAt;
    }

    public long firstDay() {
        return firstDay;
    }

    public int days() {
        return days;
    }
}
