package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Console users' own settings ({@code console_user_settings}), one row per e-mail (lower case). */
@Singleton
public final class UserSettingsRepository {

    /** A user's settings; a null language follows the browser. */
    public record Settings(String email, @Nullable String language) {

        public static Settings defaults(String email) {
            return new Settings(email, null);
        }
    }

    public Optional<Settings> find(Connection c, String email) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT email, language FROM console_user_settings "
                + "WHERE email = ?")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Settings(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    public void save(Connection c, Settings settings, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO console_user_settings (email, language, updated_at) "
                + "VALUES (?,?,?) ON CONFLICT (email) DO UPDATE SET language = EXCLUDED.language, "
                + "updated_at = EXCLUDED.updated_at")) {
            s.setString(1, settings.email());
            s.setString(2, settings.language());
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
        }
    }
}
