package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Where people click through to: {@code accountUrl} with {@code {accountId}} replaced. */
@ConfigurationProperties("links")
public record LinkConfig(String accountUrl) {

    public String accountLink(String accountId) {
        return accountUrl.replace("{accountId}", java.net.URLEncoder.encode(accountId,
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
