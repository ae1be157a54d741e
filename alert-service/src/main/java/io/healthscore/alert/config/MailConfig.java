package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * The SMTP relay and sender addresses. {@code password} comes from the environment and is never logged.
 * {@code messageIdDomain} is the right-hand side of the deterministic Message-IDs. {@code csmAllowedDomains}
 * (empty: any) are the domains CSM owners may be mailed at; an owner elsewhere gets nothing and the alert goes to
 * {@code fallbackCsm}.
 */
@ConfigurationProperties("mail")
public record MailConfig(String host, int port, @Nullable String username, @Nullable String password,
                         String csmFrom, String customerFrom, String messageIdDomain, Duration timeout,
                         @Nullable String fallbackCsm, @Nullable List<String> csmAllowedDomains) {

    @Override
    public String toString() {
        // Records print every component; the password must not reach a log line.
        return "MailConfig[host=" + host + ", port=" + port + ", username=" + username + ", password=***]";
    }
}
