package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the service keeps of profiles and scores: profile records are partial updates (a Segment group call with
 * only a name must not erase the CRM's contact), and a later score with the same evaluation time replaces the
 * earlier one instead of being dropped.
 */
@ExtendWith(LocalStackExtension.class)
class HistoryAndProfileMergeIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "merge_it", Map.of());
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aProfileCarryingOnlyANameKeepsTheContactSoTheTechTouchEmailStillGoesOut() {
        // Given a full CRM profile with a Japanese-speaking contact
        String acct = "acct-merge";
        service.send(service.topics.accountProfiles(), acct, Records.profile(acct, "Merge KK", CoverageModel.TECH_TOUCH,
                "csm-merge@example.com", "it@merge.example", "ja"));
        // And a later profile record that carries only a new name (as a Segment group call does)
        service.send(service.topics.accountProfiles(), acct, AccountProfile.newBuilder().setAccountId(acct)
                .setName("Merge Holdings").setUpdatedAt(Records.T0).setSource("segment").build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ? AND name = 'Merge Holdings'", acct) == 1);

        // When a tech-touch alert arrives
        service.send(service.topics.churnRiskAlerts(), acct,
                Records.alert("merge-1", acct, AlertRule.SCORE_DROP, Severity.IMMINENT, CoverageModel.TECH_TOUCH)
                        .setCsmOwnerEmail(null).build());

        // Then the contact, language and owner from the CRM are still there, and the customer email reaches them
        assertThat(sql.rows("SELECT contact_email, contact_language, csm_owner, segment FROM account_profiles "
                + "WHERE account_id = ?", acct)).containsExactly(Map.of("contact_email", "it@merge.example",
                "contact_language", "ja", "csm_owner", "csm-merge@example.com", "segment", "smb"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !service.mailTo("it@merge.example").isEmpty());
    }

    @Test
    void aLaterScoreWithTheSameEvaluationTimeReplacesTheEarlierAndAReplayChangesNothing() {
        // Given a score of an account
        String acct = "acct-same-instant";
        service.send(service.topics.healthScores(), acct, Records.score(acct, 52.0, Records.T0));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = ? AND score = 52.0", acct) == 1);

        // When a different score with the same evaluation time follows, and then that one is replayed
        service.send(service.topics.healthScores(), acct, Records.score(acct, 47.5, Records.T0));
        service.send(service.topics.healthScores(), acct, Records.score(acct, 47.5, Records.T0));

        // Then the history holds the later score once
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = ? AND score = 47.5", acct) == 1);
        assertThat(sql.count("SELECT count(*) FROM health_scores WHERE account_id = ?", acct)).isEqualTo(1);
    }
}
