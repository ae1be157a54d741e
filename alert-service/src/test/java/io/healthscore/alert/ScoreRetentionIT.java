package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.alert.store.ScoreRetentionJob;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Score history is kept for retention.scores (400 days by default) and pruned in bounded batches. */
@ExtendWith(LocalStackExtension.class)
class ScoreRetentionIT {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(400);

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        // Batches of 7, so 23 old rows take four transactions; the schedule itself stays out of the way.
        service = AlertServiceFixture.start(stack, "retention_it", Map.of("retention.batch-size", "7",
                "retention.prune-interval", "1h"));
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void scoresOlderThanTheRetentionAreDeletedInBatchesAndRecentOnesStay() throws SQLException {
        // Given 23 scores evaluated before the retention's cutoff and 5 at or after it
        Instant cutoff = NOW.minus(RETENTION);
        for (int i = 0; i < 23; i++) {
            insertScore("acct-old-" + (i % 3), cutoff.minusSeconds(1 + i * 86_400L));
        }
        List<Instant> kept = List.of(cutoff, cutoff.plusSeconds(1), NOW.minus(Duration.ofDays(30)), NOW,
                NOW.plusSeconds(60));
        for (Instant at : kept) {
            insertScore("acct-old-0", at);
        }

        // When the retention job runs at NOW
        int deleted = service.context().getBean(ScoreRetentionJob.class).prune(NOW);

        // Then exactly the old scores are gone
        assertThat(deleted).isEqualTo(23);
        assertThat(sql.rows("SELECT evaluated_at FROM health_scores ORDER BY evaluated_at"))
                .extracting(r -> ((Timestamp) r.get("evaluated_at")).toInstant()).containsExactlyElementsOf(kept);
        // And a second run finds nothing to do
        assertThat(service.context().getBean(ScoreRetentionJob.class).prune(NOW)).isZero();
    }

    private static void insertScore(String account, Instant at) throws SQLException {
        try (Connection c = DriverManager.getConnection(service.jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement("INSERT INTO health_scores (account_id, evaluated_at, score, "
                     + "level, delta_7d, reasons) VALUES (?, ?, 50, 'LV3', NULL, '{}')")) {
            s.setString(1, account);
            s.setTimestamp(2, Timestamp.from(at));
            s.executeUpdate();
        }
    }
}
