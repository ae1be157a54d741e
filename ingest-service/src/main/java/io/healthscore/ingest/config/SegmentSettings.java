package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/**
 * Segment mapping choices ({@code ingest.segment.*}): track event names that mean a login or a logout;
 * every other track event is a feature use named by the event.
 */
@ConfigurationProperties("ingest.segment")
public record SegmentSettings(List<String> loginEvents, List<String> logoutEvents) {

    public SegmentSettings {
        loginEvents = loginEvents == null ? List.of() : List.copyOf(loginEvents);
        logoutEvents = logoutEvents == null ? List.of() : List.copyOf(logoutEvents);
    }
}
