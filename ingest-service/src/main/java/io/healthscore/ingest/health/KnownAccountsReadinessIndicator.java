package io.healthscore.ingest.health;

import io.healthscore.ingest.limits.KnownAccounts;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Readiness: DOWN until the accounts the pipeline knows are loaded, because until then every active account
 * would count against its source's new-account cap.
 */
@Singleton
@Readiness
public class KnownAccountsReadinessIndicator implements HealthIndicator {

    private final KnownAccounts known;

    public KnownAccountsReadinessIndicator(KnownAccounts known) {
        this.known = known;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("known-accounts", known.loaded() ? HealthStatus.UP
                : HealthStatus.DOWN).build());
    }
}
