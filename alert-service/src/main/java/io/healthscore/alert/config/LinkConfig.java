package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where people click through to, each a template with {@code {accountId}} replaced: {@code accountUrl} is the
 * internal account page (CSM emails, Slack, webhooks); {@code customerUrl} is the page customers may be sent to,
 * the only link a customer email carries, and none when it is unset.
 */
@ConfigurationProperties("links")
public record LinkConfig(String accountUrl, @Nullable String customerUrl) {

    public String accountLink(String accountId) {
        return fill(accountUrl, accountId);
    }

    public Optional<String> customerLink(String accountId) {
        return customerUrl == null || customerUrl.isBlank() ? Optional.empty()
                : Optional.of(fill(customerUrl.strip(), accountId));
    }

    private static String fill(String template, String accountId) {
        return template.replace("{accountId}", URLEncoder.encode(accountId, StandardCharsets.UTF_8));
    }
}
