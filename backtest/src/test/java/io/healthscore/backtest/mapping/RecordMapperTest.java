package io.healthscore.backtest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAPPING = """
            account: userId
            user: userId
            time: {field: ts, format: auto}
            session: sessionId
            rules:
              - name: play
                when: {page: NextSong}
                emit: {type: FEATURE_USED, feature: play}
              - name: named-feature
                when: {page: Feature, feature: {exists: true}}
                emit: {type: FEATURE_USED, feature: "${feature}"}
              - name: ticket
                when: {page: {matches: "Ticket.*"}}
                emit: {signal: SUPPORT_TICKET_OPENED, ticket: "${ticket}", priority: "${priority}"}
              - name: nav
                when: {page: [Home, About]}
                emit: none
            profile:
              fields: {plan: level, seats: seats, renewalDate: renewal}
            churn:
              when: {page: Cancellation Confirmation}
            """;

    private final RecordMapper mapper = new RecordMapper(MappingLoader.parse("m.yml", MAPPING), "log.json");
    private final List<SpecificRecord> out = new ArrayList<>();
    private long line;

    private void map(String json) throws Exception {
        mapper.map(++line, JSON.readTree(json), out::add);
    }

    @Test
    void aNewSessionIsALoginAndTheFirstMatchingRuleDecides() throws Exception {
        map("{\"userId\":\"7\",\"ts\":1538352117000,\"sessionId\":1,\"page\":\"NextSong\"}");
        map("{\"userId\":\"7\",\"ts\":1538352118000,\"sessionId\":1,\"page\":\"Home\"}");
        map("{\"userId\":\"7\",\"ts\":1538352119,\"sessionId\":2,\"page\":\"Feature\",\"feature\":\"export\"}");

        assertThat(out).hasSize(4);
        UsageEvent login = (UsageEvent) out.get(0);
        assertThat(login.getType()).isEqualTo(UsageEventType.LOGIN);
        assertThat(login.getMessageId()).isEqualTo("1-login");
        assertThat(((UsageEvent) out.get(1)).getFeature()).isEqualTo("play");
        assertThat(((UsageEvent) out.get(1)).getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1538352117000L));
        assertThat(((UsageEvent) out.get(2)).getType()).isEqualTo(UsageEventType.LOGIN);
        UsageEvent second = (UsageEvent) out.get(3);
        assertThat(second.getType()).isEqualTo(UsageEventType.FEATURE_USED);
        assertThat(second.getFeature()).isEqualTo("export");
        assertThat(second.getOccurredAt()).isEqualTo(Instant.ofEpochSecond(1538352119L));
        assertThat(mapper.stats().perRule()).containsEntry("rule #1 'play'", 1L).containsEntry("rule #4 'nav'", 1L);
        assertThat(mapper.stats().sessionLogins()).isEqualTo(2);
    }

    @Test
    void unmatchedRecordsAreCountedByTheFieldsTheRulesTest() throws Exception {
        map("{\"userId\":\"7\",\"ts\":\"2018-10-01T00:01:57Z\",\"page\":\"Downgrade\"}");
        map("{\"userId\":\"8\",\"ts\":\"2018-10-01T00:01:58Z\",\"page\":\"Downgrade\"}");
        map("{\"userId\":\"8\",\"ts\":\"2018-10-01T00:01:59Z\",\"page\":\"Feature\"}");

        assertThat(out).isEmpty();
        assertThat(mapper.stats().unmatched()).isEqualTo(3);
        assertThat(mapper.stats().topUnmatched(5)).containsExactly(
                Map.entry("page=Downgrade, feature=(missing)", 2L), Map.entry("page=Feature, feature=(missing)", 1L));
    }

    @Test
    void aRecordTheRuleCannotMapIsCountedWithFileLineAndRule() throws Exception {
        map("{\"userId\":\"7\",\"ts\":1538352117000,\"page\":\"TicketOpened\",\"ticket\":\"T1\"}");
        map("{\"userId\":\"7\",\"ts\":1538352117000,\"page\":\"TicketOpened\",\"ticket\":\"T2\",\"priority\":\"huge\"}");
        map("{\"userId\":\"7\",\"ts\":\"yesterday\",\"page\":\"NextSong\"}");
        map("{\"ts\":1538352117000,\"page\":\"NextSong\"}");

        assertThat(out).isEmpty();
        assertThat(mapper.stats().problems().get("rule could not be applied").examples()).containsExactly(
                "log.json line 1, rule #3 'ticket': field 'priority' (used in '${priority}') is missing",
                "log.json line 2, rule #3 'ticket': field 'priority': unknown priority 'huge'; expected one of "
                        + "[LOW, NORMAL, HIGH, URGENT]");
        assertThat(mapper.stats().problems().get("unreadable event time").examples()).containsExactly(
                "log.json line 3: field 'ts': expected an ISO-8601 time, got 'yesterday'");
        assertThat(mapper.stats().withoutAccount()).isEqualTo(1);
    }

    @Test
    void ticketsBecomeSignalsAndProfileFactsAreReplayedOnlyWhenTheyChange() throws Exception {
        map("{\"userId\":\"7\",\"ts\":1538352117000,\"page\":\"Home\",\"level\":\"free\",\"seats\":3,\"renewal\":\"2019-01-31\"}");
        map("{\"userId\":\"7\",\"ts\":1538352118000,\"page\":\"Home\",\"level\":\"free\"}");
        map("{\"userId\":\"7\",\"ts\":1538352119000,\"page\":\"Ticket\",\"ticket\":\"T1\",\"priority\":\"high\",\"level\":\"paid\"}");

        assertThat(out).hasSize(3);
        AccountProfile first = (AccountProfile) out.get(0);
        assertThat(first.getPlan()).isEqualTo("free");
        assertThat(first.getSeats()).isEqualTo(3);
        assertThat(first.getRenewalDate()).isEqualTo(LocalDate.of(2019, 1, 31));
        AccountProfile upgrade = (AccountProfile) out.get(1);
        assertThat(upgrade.getPlan()).isEqualTo("paid");
        assertThat(upgrade.getSeats()).isEqualTo(3);
        AccountSignal ticket = (AccountSignal) out.get(2);
        assertThat(ticket.getType()).isEqualTo(SignalType.SUPPORT_TICKET_OPENED);
        assertThat(ticket.getTicketId()).isEqualTo("T1");
        assertThat(ticket.getTicketPriority()).isEqualTo(TicketPriority.HIGH);
        assertThat(mapper.stats().profileUpdates()).isEqualTo(2);
    }

    @Test
    void theFirstChurnRecordOfAnAccountIsItsChurnTimeAndIsNotReplayed() throws Exception {
        map("{\"userId\":\"7\",\"ts\":1538352117000,\"page\":\"Cancellation Confirmation\"}");
        map("{\"userId\":\"7\",\"ts\":1538352999000,\"page\":\"Cancellation Confirmation\"}");

        assertThat(out).isEmpty();
        assertThat(mapper.churnedAt()).containsExactly(Map.entry("7", 1538352117000L));
        assertThat(mapper.stats().churnRecords()).isEqualTo(2);
    }

    @Test
    void everyUpgradeRecordIsNotedAndStillGoesThroughTheRules() throws Exception {
        RecordMapper upgrades = new RecordMapper(MappingLoader.parse("m.yml", MAPPING
                + "upgrade:\n  when: {page: Submit Upgrade}\n"), "log.json");
        List<SpecificRecord> mapped = new ArrayList<>();

        upgrades.map(1, JSON.readTree("{\"userId\":\"7\",\"ts\":1538352117000,\"page\":\"Submit Upgrade\"}"),
                mapped::add);
        upgrades.map(2, JSON.readTree("{\"userId\":\"7\",\"ts\":1538359999000,\"page\":\"Submit Upgrade\"}"),
                mapped::add);

        assertThat(upgrades.upgradedAt()).containsExactly(Map.entry("7", List.of(1538352117000L, 1538359999000L)));
        assertThat(upgrades.stats().upgradeRecords()).isEqualTo(2);
        assertThat(upgrades.stats().records()).isEqualTo(2);
        assertThat(upgrades.stats().unmatched()).as("no rule of this mapping takes the page").isEqualTo(2);
    }
}
