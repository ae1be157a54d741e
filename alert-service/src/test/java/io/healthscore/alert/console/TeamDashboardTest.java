package io.healthscore.alert.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.store.TeamDashboardRows;
import io.healthscore.alert.store.TeamDashboardRows.Flow;
import io.healthscore.alert.store.TeamDashboardRows.OwnerAccounts;
import io.healthscore.alert.store.TeamDashboardRows.OwnerAlerts;
import io.healthscore.alert.store.TeamDashboardRows.OwnerComponent;
import io.healthscore.alert.store.TeamDashboardRows.Renewal;
import io.micronaut.http.simple.SimpleHttpParameters;
import io.micronaut.core.convert.ConversionService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the dashboard turns the store's rows into its figures, and which queries it refuses. */
class TeamDashboardTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final List<TeamDashboardRows.Latest> LATEST = List.of(
            latest("a-up", 55.0, "LV2", NOW.minusSeconds(60)),        // Lv1 30 -> Lv2 55
            latest("b-new", 70.0, "LV3", NOW.minusSeconds(60)),       // no score before
            latest("c-flat", 81.0, "LV4", NOW.minusSeconds(60)),      // Lv4 80 -> Lv4 81
            latest("d-cross", 59.5, "LV2", NOW.minusSeconds(60)),     // Lv3 60.5 -> Lv2 59.5: a level, one point
            latest("e-old", 20.0, "LV1", NOW.minus(Duration.ofDays(3))), // not scored since: Lv3 65 before
            latest("f-none", null, null, null),                       // never scored
            latest("g-up", 50.0, "LV2", NOW.minusSeconds(30)));       // Lv1 35 -> Lv2 50
    private static final Map<String, TeamDashboardRows.Before> BEFORE = Map.of(
            "a-up", new TeamDashboardRows.Before("LV1", 30), "c-flat", new TeamDashboardRows.Before("LV4", 80),
            "d-cross", new TeamDashboardRows.Before("LV3", 60.5), "e-old", new TeamDashboardRows.Before("LV3", 65),
            "g-up", new TeamDashboardRows.Before("LV1", 35), "x-gone", new TeamDashboardRows.Before("LV2", 50));

    private static TeamDashboardRows.Latest latest(String id, Double score, String level, Instant at) {
        return new TeamDashboardRows.Latest(id, "Name " + id, "ana@example.com", level, score, at);
    }

    @Test
    void theFlowCountsEachAccountByItsLevelBeforeAndNowNoneWhereThereIsNoScore() {
        assertThat(TeamDashboard.flowRows(LATEST, BEFORE)).containsExactly(
                new Flow("LV1", "LV2", 2), new Flow("LV3", "LV1", 1), new Flow("LV3", "LV2", 1),
                new Flow("LV4", "LV4", 1), new Flow("NONE", "LV3", 1), new Flow("NONE", "NONE", 1));
    }

    @Test
    void aFlowCellListsItsAccountsBiggestMoveFirstUpToTheLimit() {
        assertThat(TeamDashboard.cellAccounts(LATEST, BEFORE, "LV1", "LV2", 10))
                .extracting(TeamDashboardRows.FlowAccount::accountId).containsExactly("a-up", "g-up");
        assertThat(TeamDashboard.cellAccounts(LATEST, BEFORE, "LV1", "LV2", 1)).hasSize(1);
        assertThat(TeamDashboard.cellAccounts(LATEST, BEFORE, "NONE", "LV3", 10)).singleElement()
                .satisfies(a -> assertThat(a.scoreBefore()).isNull());
    }

    @Test
    void theChangeFeedHasAccountsScoredSinceThatMovedFarOrCrossedALevelBiggestFirst() {
        List<TeamDashboardRows.Change> changes = TeamDashboard.changes(LATEST, BEFORE, NOW.minus(Duration.ofHours(24)),
                10, 50);
        // b-new has nothing to compare with, c-flat moved 1 point, e-old was not scored since, f-none never
        assertThat(changes).extracting(TeamDashboardRows.Change::accountId).containsExactly("a-up", "g-up", "d-cross");
        assertThat(changes.get(2).levelBefore()).isEqualTo("LV3");
        assertThat(TeamDashboard.changes(LATEST, BEFORE, NOW.minus(Duration.ofHours(24)), 10, 1)).hasSize(1);
    }

    @Test
    void startsAreRoundedDownToTheReadersStep() {
        assertThat(TeamDashboardReader.step(Instant.parse("2026-12-04T11:59:59.999Z")))
                .isEqualTo(Instant.parse("2026-12-04T11:50:00Z"));
        assertThat(TeamDashboardReader.step(Instant.parse("2026-12-04T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-04T12:00:00Z"));
    }

    @Test
    void theComponentPullingAPortfolioDownCostsItsAverageTheMostPoints() {
        List<OwnerAccounts> accounts = List.of(new OwnerAccounts("ana", 4, 4, 50.0, 1),
                new OwnerAccounts("lee", 1, 1, 75.0, 0));
        // Ana's logins are 40 under the team's mean of her 4 and Lee's 1 (30 vs 46); support only 4 under.
        List<OwnerComponent> components = List.of(
                new OwnerComponent("ana", "LOGIN_FREQUENCY", 30, 0.25, 4),
                new OwnerComponent("ana", "SUPPORT", 60, 0.75, 4),
                new OwnerComponent("lee", "LOGIN_FREQUENCY", 110, 0.25, 1),
                new OwnerComponent("lee", "SUPPORT", 80, 0.75, 1));
        Double team = TeamDashboard.teamAverage(accounts);
        assertThat(team).isEqualTo(55.0);

        List<TeamDashboard.CsmRow> rows = TeamDashboard.csms(accounts, List.of(new OwnerAlerts("ana", 3, 1,
                Duration.ofHours(3), 2), new OwnerAlerts("bo-by-alert", 1, 0, null, 0)), components, team);

        TeamDashboard.CsmRow ana = rows.get(0);
        assertThat(ana.owner()).isEqualTo("ana");
        assertThat(ana.versusTeam()).isEqualTo(-5.0);
        // logins: 0.25 x (30 - 46) = -4.0; support: 0.75 x (60 - 64) = -3.0
        assertThat(ana.pullingDown()).isEqualTo("LOGIN_FREQUENCY");
        assertThat(ana.pullingDownPoints()).isCloseTo(-4.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ana.openAlerts()).isEqualTo(3);
        assertThat(ana.medianToAcknowledge()).isEqualTo(Duration.ofHours(3));
        assertThat(rows.get(2).pullingDown()).as("above the team on every component").isNull();
        assertThat(rows.get(1).owner()).as("an owner with alerts but no accounts still gets a row")
                .isEqualTo("bo-by-alert");
        assertThat(rows.get(1).averageScore()).isNull();
    }

    @Test
    void theFlowMatrixListsMovesBetweenScoredLevelsMostAccountsFirst() {
        List<String> levels = TeamDashboard.levels(Set.of("LV1", "NONE"));
        assertThat(levels).containsExactly("LV1", "LV2", "LV3", "LV4", "NONE");
        TeamDashboard.FlowMatrix m = TeamDashboard.flow(List.of(new Flow("LV1", "LV2", 34), new Flow("LV3", "LV2", 40),
                new Flow("NONE", "LV1", 99), new Flow("LV2", "LV2", 500)), levels);
        assertThat(m.moves()).extracting(TeamDashboard.Move::from, TeamDashboard.Move::to, TeamDashboard.Move::accounts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LV3", "LV2", 40L),
                        org.assertj.core.groups.Tuple.tuple("LV1", "LV2", 34L));
        assertThat(m.moves().get(1).up()).isTrue();
        assertThat(m.total()).isEqualTo(673);
    }

    @Test
    void mrrAtRiskSumsLv1AndLv2ByCurrencyAndNeverAcrossCurrencies() {
        var renewals = TeamDashboard.renewals(List.of(new Renewal(30, "LV1", "JPY", 2, 100_000L),
                new Renewal(30, "LV2", "JPY", 1, 50_000L), new Renewal(30, "LV2", "EUR", 1, 900L),
                new Renewal(30, "LV4", "JPY", 5, 1_000_000L), new Renewal(60, "LV3", null, 1, null)));
        var atRisk = TeamDashboard.mrrAtRisk(renewals);
        assertThat(atRisk.get(30)).isEqualTo(Map.of("JPY", 150_000L, "EUR", 900L));
        assertThat(atRisk.get(60)).isEmpty();
        assertThat(renewals.get(30).get("LV2").accounts()).isEqualTo(2);
        assertThat(renewals.get(60).get("LV3").mrrByCurrency()).isEmpty();
    }

    @Test
    void theWeeksStartOnMondayAndTheLastHoldsToday() {
        Instant now = Instant.parse("2026-12-03T18:00:00Z"); // a Thursday
        Instant first = TeamDashboard.firstWeek(now);
        assertThat(first).isEqualTo(Instant.parse("2026-09-14T00:00:00Z"));
        assertThat(TeamDashboard.weeks(List.of(), first, List.of("LV1"))).hasSize(TeamDashboard.WEEKS)
                .last().extracting(TeamDashboard.Week::start).hasToString("2026-11-30");
    }

    @Test
    void aQueryItCannotTakeIsRefusedWithTheReason() {
        assertThat(parse(Map.of()).period()).isEqualTo("month");
        assertThat(parse(Map.of("period", List.of("7d"), "points", List.of("25"))).points()).isEqualTo(25);
        assertThat(parse(Map.of("from", List.of("NONE"), "to", List.of("LV1"))).fromLevel()).isEqualTo("NONE");
        for (Map<String, List<String>> bad : List.of(Map.of("period", List.of("year")),
                Map.of("points", List.of("0")), Map.of("points", List.of("1e3")), Map.of("from", List.of("LV1")),
                Map.of("from", List.of("LV1"), "to", List.of("lv2")), Map.of("owner", List.of("bo")),
                Map.of("period", List.of("7d", "30d")), Map.of("coverage", List.of("SOME")),
                Map.of("segment", List.of("a\u0000b")), Map.of("segment", List.of("s".repeat(101))))) {
            assertThatThrownBy(() -> parse(bad)).as(bad.toString()).isInstanceOf(PortfolioView.BadQuery.class);
        }
        assertThatThrownBy(() -> parse(Map.of("owner\n", List.of("x")))).hasMessageNotContaining("\n");
    }

    private static TeamDashboard.Query parse(Map<String, List<String>> values) {
        return TeamDashboard.parse(new SimpleHttpParameters(new HashMap<>(values), ConversionService.SHARED));
    }
}
