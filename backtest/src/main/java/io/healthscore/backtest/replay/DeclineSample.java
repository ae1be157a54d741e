package io.healthscore.backtest.replay;

/** An account's USAGE_DECLINE measure (0..1) as its state stood at the start of a UTC day. */
public record DeclineSample(String account, long epochDay, double decline) {
}
