package io.healthscore.alert.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * A named HTTP receiver: a Slack incoming webhook ({@code channels.slack.<name>}) or a generic webhook
 * ({@code channels.webhooks.<name>}, whose body is signed with {@code secret}). URLs of Slack webhooks are
 * secrets too; neither is logged nor stored in the database, where only the name is kept.
 */
public interface HttpTarget {

    String name();

    String url();

    /** Slack incoming webhooks, by name. */
    @EachProperty("channels.slack")
    record Slack(@Parameter String name, String url) implements HttpTarget {
        @Override
        public String toString() {
            return "Slack[" + name + "]";
        }
    }

    /** Generic webhooks for MA tools and CRMs, by name; bodies are signed with HMAC-SHA256 under the secret. */
    @EachProperty("channels.webhooks")
    record Webhook(@Parameter String name, String url, @Nullable String secret) implements HttpTarget {
        @Override
        public String toString() {
            return "Webhook[" + name + "]";
        }
    }
}
