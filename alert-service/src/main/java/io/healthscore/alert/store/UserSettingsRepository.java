package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Console users' own settings ({@code console_user_settings}), one row per e-mail (lower case). */
@Singleton
public final class UserSettingsRepository {

    /** A user's settings; a null language follows the browser. */
    public record Settings(String email, @Nullable String language, Notifications notifications) {

        public static Settings defaults(String email) {
            return new Settings(email, null, Notifications.DEFAULTS);
        }
    }

    private static final String COLUMNS = "email, language, notify_when, notify_email, notify_slack, slack_webhook, "
            + "notify_scope";

    public Optional<Settings> find(Connection c, String email) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM console_user_settings "
                + "WHERE email = ?")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The settings of those of {@code emails} (lower case) who saved any, by e-mail. */
    public Map<String, Settings> findAll(Connection c, Collection<String> emails) throws SQLException {
        Map<String, Settings> found = new HashMap<>();
        if (emails.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM console_user_settings "
                + "WHERE email = ANY (?)")) {
            Array array = c.createArrayOf("text", emails.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Settings settings = read(rs);
                    found.put(settings.email(), settings);
                }
            }
        }
        return found;
    }

    public void save(Connection c, Settings settings, Instant at) throws SQLException {
        Notifications n = settings.notifications();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO console_user_settings (" + COLUMNS + ", updated_at) "
                + "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (email) DO UPDATE SET language = EXCLUDED.language, "
                + "notify_when = EXCLUDED.notify_when, notify_email = EXCLUDED.notify_email, "
                + "notify_slack = EXCLUDED.notify_slack, slack_webhook = EXCLUDED.slack_webhook, "
                + "notify_scope = EXCLUDED.notify_scope, updated_at = EXCLUDED.updated_at")) {
            s.setString(1, settings.email());
            s.setString(2, settings.language());
            s.setString(3, n.when().code());
            s.setBoolean(4, n.email());
            s.setBoolean(5, n.slack());
            s.setString(6, n.slackWebhook());
            s.setString(7, n.reach().code());
            s.setTimestamp(8, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    private static Settings read(ResultSet rs) throws SQLException {
        return new Settings(rs.getString(1), rs.getString(2), new Notifications(
                Notifications.When.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getBoolean(4),
                rs.getBoolean(5), rs.getString(6), Notifications.Reach.valueOf(rs.getString(7).toUpperCase(Locale.ROOT))));
    }
}
