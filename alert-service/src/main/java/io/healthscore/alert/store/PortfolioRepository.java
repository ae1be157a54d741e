package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One account as the console's account page heads it: its latest score and level (of the latest score, else of the
 * latest alert) and how many alerts are open. The portfolio's rows are {@link PortfolioRows}.
 */
@Singleton
public final class PortfolioRepository {

    /** One row of the portfolio. */
    public record AccountSummary(String accountId, @Nullable String name, @Nullable String owner,
                                 @Nullable Double score, @Nullable String level, int openAlerts) {
    }

    private static final String SELECT = "SELECT p.account_id, p.name, p.csm_owner, s.score, "
            + "COALESCE(s.level, (SELECT a.level FROM alerts a WHERE a.account_id = p.account_id "
            + "ORDER BY a.raised_at DESC, a.alert_id DESC LIMIT 1)) AS level, "
            + "(SELECT count(*) FROM alerts a WHERE a.account_id = p.account_id AND a.status = 'OPEN') AS open_alerts "
            + "FROM account_profiles p LEFT JOIN LATERAL (SELECT h.score, h.level FROM health_scores h "
            + "WHERE h.account_id = p.account_id ORDER BY h.evaluated_at DESC LIMIT 1) s ON true ";

    public Optional<AccountSummary> account(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE p.account_id = ?")) {
            s.setString(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static AccountSummary read(ResultSet rs) throws SQLException {
        return new AccountSummary(rs.getString("account_id"), rs.getString("name"), rs.getString("csm_owner"),
                (Double) rs.getObject("score"), rs.getString("level"), rs.getInt("open_alerts"));
    }
}
