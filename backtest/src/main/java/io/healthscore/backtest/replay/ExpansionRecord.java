package io.healthscore.backtest.replay;

import io.healthscore.avro.ExpansionKind;

/** One expansion signal the topology published during a replay: whose, when (epoch ms) and of which kind. */
public record ExpansionRecord(String account, long detectedAt, ExpansionKind kind) {
}
