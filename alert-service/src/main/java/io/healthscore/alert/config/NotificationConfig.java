package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/**
 * Console users' own notices ({@code notifications.*}).
 *
 * @param slackWebhookPrefixes a user's Slack incoming webhook is accepted, and posted to, only when it starts with
 *                             one of these (each a scheme, host and path ending in {@code /})
 */
@ConfigurationProperties("notifications")
public record NotificationConfig(List<String> slackWebhookPrefixes) {
}
