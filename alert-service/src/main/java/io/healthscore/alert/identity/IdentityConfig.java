package io.healthscore.alert.identity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Console sign-in settings ({@code identity.*}): session idle and absolute lifetimes, how many sessions are kept, and
 * the lockout after failed sign-ins (so many within the window lock the user for the lock time).
 */
@ConfigurationProperties("identity")
public record IdentityConfig(@Bindable(defaultValue = "30m") Duration sessionIdle,
                             @Bindable(defaultValue = "12h") Duration sessionAbsolute,
                             @Bindable(defaultValue = "10000") int maxSessions,
                             @Bindable(defaultValue = "5") int lockoutFailures,
                             @Bindable(defaultValue = "15m") Duration lockoutWindow,
                             @Bindable(defaultValue = "15m") Duration lockoutDuration,
                             @Bindable(defaultValue = "10000") int lockoutTracked) {
}
