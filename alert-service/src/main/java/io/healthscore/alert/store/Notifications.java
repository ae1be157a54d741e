package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;

/**
 * How a console user wants to hear of their accounts: when (each notice at once, or only in the daily digest), by
 * which channels (their e-mail, their Slack incoming webhook) and for which accounts (their own, or, for a lead,
 * their team's as well). The defaults are how everyone was notified before these settings existed.
 */
public record Notifications(When when, boolean email, boolean slack, @Nullable String slackWebhook, Reach reach) {

    /** When notices go out. */
    public enum When {
        IMMEDIATE, DIGEST;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whose accounts' notices a user receives. */
    public enum Reach {
        MINE, TEAM;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Notifications DEFAULTS = new Notifications(When.IMMEDIATE, true, false, null, Reach.MINE);

    public Notifications {
        if (slack && slackWebhook == null) {
            throw new IllegalArgumentException("Slack notices need a webhook");
        }
    }

    public boolean immediate() {
        return when == When.IMMEDIATE;
    }

    /** Whether any channel is on. */
    public boolean anyChannel() {
        return email || slack;
    }
}
