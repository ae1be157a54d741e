package io.healthscore.alert.delivery;

import io.healthscore.alert.config.NotificationConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * Which Slack incoming webhooks a console user may have their notices posted to: a URL of at most
 * {@value #MAX_LENGTH} characters, without user info, fragment, dot segments or spaces, that starts with one of
 * {@code notifications.slack-webhook-prefixes}. The service posts to what a user typed, so this is what keeps it
 * from posting anywhere else; it is checked when the setting is saved and again before every post. The prefixes are
 * checked at start-up ({@code @Context}): each must name a scheme, a host and a path ending in {@code /}, so that
 * no prefix can be extended into another host.
 */
@Context
public final class SlackWebhooks {

    public static final int MAX_LENGTH = 500;

    /** Why a webhook is refused. */
    public enum Problem {
        MALFORMED, TOO_LONG, NOT_ALLOWED
    }

    private final List<String> prefixes;

    public SlackWebhooks(NotificationConfig config) {
        List<String> given = config.slackWebhookPrefixes() == null ? List.of() : config.slackWebhookPrefixes();
        this.prefixes = given.stream().map(String::strip).filter(p -> !p.isEmpty()).map(SlackWebhooks::checked).toList();
    }

    public Optional<Problem> problem(String url) {
        if (url.length() > MAX_LENGTH) {
            return Optional.of(Problem.TOO_LONG);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(Problem.MALFORMED);
        }
        if (!uri.isAbsolute() || uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getHost() == null
                || !uri.normalize().toString().equals(url) || url.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
            return Optional.of(Problem.MALFORMED);
        }
        return prefixes.stream().anyMatch(url::startsWith) ? Optional.empty() : Optional.of(Problem.NOT_ALLOWED);
    }

    public List<String> prefixes() {
        return prefixes;
    }

    private static String checked(String prefix) {
        try {
            URI uri = new URI(prefix);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawPath() == null
                    || !uri.getRawPath().endsWith("/") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigurationException("notifications.slack-webhook-prefixes: '" + prefix
                        + "' must be an http(s) URL with a host and a path ending in /");
            }
            return prefix;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("notifications.slack-webhook-prefixes: '" + prefix + "' is not a URL");
        }
    }
}
