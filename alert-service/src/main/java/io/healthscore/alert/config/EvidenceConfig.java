package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The backtest evidence shown next to alerts ({@code evidence.*}).
 *
 * @param reportFile a backtest {@code report.json} to load (empty: none; operators may upload one instead), loaded at
 *                   start and again whenever it changes
 * @param checkEvery how often the file is checked for changes
 * @param cacheFor   how long an instance shows the current report before reading it again (another instance may
 *                   have loaded a newer one)
 */
@ConfigurationProperties("evidence")
public record EvidenceConfig(@Nullable String reportFile,
                             @Bindable(defaultValue = "1m") Duration checkEvery,
                             @Bindable(defaultValue = "30s") Duration cacheFor) {
}
