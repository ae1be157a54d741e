package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.List;
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

    @Test
    void aScoreKeepsWhatTheConsoleShowsComponentsWithTheirMeasuresCoverageRiskModelAndEventCount() {
        // Given a score with two components (one without data), a calibrated risk and an event count
        String acct = "acct-score-detail";
        service.send(service.topics.healthScores(), acct, io.healthscore.avro.HealthScore.newBuilder(
                        Records.score(acct, 61.5, Records.T0)).setDataCoverage(0.75).setModelVersion("v7")
                .setEventCount(1234L).setCalibratedRisk(0.18)
                .setComponents(List.of(
                        ComponentScore.newBuilder().setComponent(ScoreComponent.ACTIVITY).setValue(42.0)
                                .setWeight(0.3).setMeasure("3 of 40 seats active in 7 days").build(),
                        ComponentScore.newBuilder().setComponent(ScoreComponent.SUPPORT).setValue(null)
                                .setWeight(0.1).setMeasure(null).build()))
                .build());

        // Then all of it is stored with the score, the component without data as nulls in its place
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = ?", acct) == 1);
        Map<String, Object> row = sql.rows("SELECT data_coverage, model_version, event_count, calibrated_risk, "
                + "array_to_string(component_names, ',') AS names, "
                + "array_to_string(component_values, ',', 'null') AS vals, "
                + "array_to_string(component_weights, ',') AS weights, "
                + "array_to_string(component_measures, '|', 'null') AS measures "
                + "FROM health_scores WHERE account_id = ?", acct).get(0);
        assertThat(row).containsEntry("data_coverage", 0.75).containsEntry("model_version", "v7")
                .containsEntry("event_count", 1234L).containsEntry("calibrated_risk", 0.18)
                .containsEntry("names", "ACTIVITY,SUPPORT").containsEntry("vals", "42,null")
                .containsEntry("weights", "0.3,0.1").containsEntry("measures", "3 of 40 seats active in 7 days|null");
    }

    @Test
    void aProfileKeepsPlanMrrCurrencyAndSeatsAndAPartialUpdateDoesNotEraseThem() {
        // Given a billing profile with plan, MRR in minor units, currency and seats
        String acct = "acct-mrr";
        service.send(service.topics.accountProfiles(), acct, AccountProfile.newBuilder(Records.profile(acct,
                        "Mrr GmbH", CoverageModel.HIGH_TOUCH, "csm-mrr@example.com", "it@mrr.example", "en"))
                .setPlan("enterprise").setMrrMinor(1_250_000L).setCurrency("EUR").setSeats(40).build());
        // And a later record with only a new name
        service.send(service.topics.accountProfiles(), acct, AccountProfile.newBuilder().setAccountId(acct)
                .setName("Mrr AG").setUpdatedAt(Records.T0).setSource("segment").build());

        // Then the commercial facts are kept beside the new name
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ? AND name = 'Mrr AG'", acct) == 1);
        assertThat(sql.rows("SELECT plan, mrr_minor, currency, seats FROM account_profiles WHERE account_id = ?", acct))
                .containsExactly(Map.of("plan", "enterprise", "mrr_minor", 1_250_000L, "currency", "EUR", "seats", 40));
    }
}
