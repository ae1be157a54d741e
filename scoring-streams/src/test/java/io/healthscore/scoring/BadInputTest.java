package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redeliveries, late and future events, poison records and hostile fields: each has a clear outcome. */
class BadInputTest {

    private ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void aRedeliveredMessageIsCountedOnce() {
        UsageEvent login = hs.event("acme", "u1", UsageEventType.LOGIN).build();
        // When the same message arrives three times, the last one a day later
        hs.pipe(login);
        hs.pipe(login);
        hs.advanceDays(1);
        hs.pipe(UsageEvent.newBuilder(login).setReceivedAt(hs.now()).build());
        // Then it was scored once
        assertThat(hs.scores()).extracting(HealthScore::getEventCount).containsExactly(1L);
        assertThat(hs.state("acme").days(0, Long.MAX_VALUE).values()).singleElement()
                .satisfies(day -> assertThat(day.events()).isEqualTo(1));
        assertThat(hs.latestScores()).hasSize(1);
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void aMessageIdIsForgottenAfterTheRetentionSoTheStoreStaysBounded() {
        UsageEvent login = hs.event("acme", "u1", UsageEventType.LOGIN).build();
        hs.pipe(login);
        hs.advanceDays(5);
        // When a new event reuses the id after the 48 h retention
        hs.pipe(UsageEvent.newBuilder(login).setOccurredAt(hs.now()).setReceivedAt(hs.now()).build());
        // Then it counts as new
        assertThat(hs.state("acme").days(0, Long.MAX_VALUE).values()).hasSize(2);
    }

    @Test
    void aLateEventWithinTheGraceChangesTheScoreOfTheDayItOccurredOn() {
        hs.profile("acme", 10, null);
        hs.login("acme", "u1");
        hs.advance(Duration.ofDays(2));
        hs.drain();
        // When a login that occurred on day 0 arrives two days late
        Instant occurred = ScoringDriver.T0.plus(Duration.ofHours(1));
        hs.pipe(hs.event("acme", "u2", UsageEventType.LOGIN).setOccurredAt(occurred).build());
        // Then it counts for day 0: two active users, still one login day
        HealthScore score = hs.lastScore();
        assertThat(ScoringDriver.component(score, ScoreComponent.ACTIVITY)).isEqualTo(20.0);
        assertThat(ScoringDriver.measure(score, ScoreComponent.LOGIN_FREQUENCY)).isEqualTo("logged in on 1 of the last 28 days");
        long day0 = AccountClock.epochDay(ScoringDriver.T0.toEpochMilli());
        assertThat(hs.state("acme").activeUsers().onDay(day0)).isEqualTo(2);
        assertThat(hs.usageDlq().isEmpty()).isTrue();
    }

    @Test
    void twoAccountsEventsThatShareAMessageIdBothCount() {
        // Message ids come from many clients and sources; only a repeat within one account is a redelivery
        UsageEvent first = hs.event("acme", "u1", UsageEventType.LOGIN).setMessageId("m-shared").build();
        UsageEvent second = hs.event("globex", "u9", UsageEventType.LOGIN).setMessageId("m-shared").build();

        hs.pipe(first);
        hs.pipe(second);

        assertThat(hs.state("acme").hasUsage()).isTrue();
        assertThat(hs.state("globex").hasUsage()).isTrue();
    }

    @Test
    void aBacklogThatArrivedOnTimeStillCountsWhenScoringProcessesItDaysLater() {
        // Given scoring has moved four days on (other accounts' traffic) while one account's login waited in the
        // topic, e.g. during an outage of scoring itself
        hs.login("other", "x1");
        hs.advance(Duration.ofDays(4));
        hs.login("other", "x2");
        hs.drain();
        // When the login that occurred and was received on day 0 is processed now
        Instant day0 = ScoringDriver.T0.plus(Duration.ofHours(1));
        hs.pipe(hs.event("acme", "u1", UsageEventType.LOGIN).setOccurredAt(day0).setReceivedAt(day0.plusSeconds(2)).build());
        // Then it counts for day 0 and nothing is dead-lettered
        long epochDay0 = AccountClock.epochDay(ScoringDriver.T0.toEpochMilli());
        assertThat(hs.state("acme").activeUsers().onDay(epochDay0)).isEqualTo(1);
        assertThat(hs.usageDlq().isEmpty()).isTrue();
    }

    @Test
    void anEventOlderThanTheScoringWindowGoesToTheDeadLetterTopic() {
        // Given scoring is 30 days on
        hs.login("other", "x1");
        hs.advance(Duration.ofDays(30));
        hs.login("other", "x2");
        hs.drain();
        // When an event that occurred (and was received) 30 days ago is processed
        Instant old = ScoringDriver.T0.plus(Duration.ofHours(1));
        hs.pipe(hs.event("acme", "u1", UsageEventType.LOGIN).setOccurredAt(old).setReceivedAt(old).build());
        // Then it cannot change a score and is dead-lettered with that reason
        assertThat(headers(hs.usageDlq().readRecord()).get("dlq.reason")).contains("outside the scoring window");
    }

    @Test
    void anEventLaterThanTheGraceGoesToTheDeadLetterTopicWithItsReason() {
        // A grace shorter than the default (the 28-day window), as a team that wants stale events kept out sets it
        hs.close();
        hs = new ScoringDriver(ScoringDriver.defaultConfig().withLateGrace(Duration.ofDays(3)));
        hs.login("acme", "u1");
        hs.drain();
        hs.advance(Duration.ofDays(4));
        // When a login that occurred four days ago arrives now (grace 3 days)
        UsageEvent late = hs.event("acme", "u2", UsageEventType.LOGIN).setOccurredAt(ScoringDriver.T0).build();
        hs.pipe(late);
        // Then it is dead-lettered with its original bytes and a reason, and the state did not change
        TestRecord<byte[], byte[]> dead = hs.usageDlq().readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("acme");
        assertThat(hs.topics.usageEvents().valueSerde().deserializer().deserialize("usage-events", dead.value()))
                .isEqualTo(late);
        Map<String, String> headers = headers(dead);
        assertThat(headers.get("dlq.reason")).contains("later than the grace period").contains("PT72H");
        assertThat(headers.get("dlq.error.class")).endsWith("InputRejectedException");
        assertThat(headers.get("dlq.source.topic")).isEqualTo("usage-events");
        assertThat(headers).containsKeys("dlq.source.partition", "dlq.source.offset", "dlq.failed.at");
        assertThat(Instant.parse(headers.get("dlq.failed.at"))).isNotNull();
        assertThat(hs.scores()).isEmpty();
        assertThat(hs.state("acme").activeUsers().distinct(0, Long.MAX_VALUE / 2)).isEqualTo(1);
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void anEventFromTheFutureGoesToTheDeadLetterTopic() {
        hs.pipe(hs.event("acme", "u1", UsageEventType.LOGIN).setOccurredAt(hs.now().plus(Duration.ofMinutes(10))).build());
        assertThat(headers(hs.usageDlq().readRecord()).get("dlq.reason")).contains("event from the future");
        assertThat(hs.state("acme")).isNull();
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void aPoisonRecordDoesNotStopScoring() {
        // When undecodable bytes arrive, then a good event
        // (the dead-letter record itself is asserted in DeadLetterHandlersTest and ScoringPipelineIT: the test
        // driver does not capture records that a deserialization handler returns)
        hs.pipeRawUsage("acme".getBytes(StandardCharsets.UTF_8), "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8));
        hs.login("acme", "u1");
        // Then the good one was scored
        assertThat(hs.scores()).hasSize(1);
        assertThat(hs.state("acme").days(0, Long.MAX_VALUE).values()).singleElement()
                .satisfies(day -> assertThat(day.events()).isEqualTo(1));
    }

    @Test
    void aKeyThatIsNotTheAccountIdIsDeadLettered() {
        hs.pipe("other", hs.event("acme", "u1", UsageEventType.LOGIN).build());
        assertThat(headers(hs.usageDlq().readRecord()).get("dlq.reason")).isEqualTo("key 'other' differs from accountId 'acme'");
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void anOversizeFieldIsDeadLettered() {
        hs.pipe(hs.event("acme", "u".repeat(300), UsageEventType.LOGIN).build());
        assertThat(headers(hs.usageDlq().readRecord()).get("dlq.reason"))
                .isEqualTo("userId is 300 characters long; at most 256 are accepted");
        assertThat(hs.state("acme")).isNull();
    }

    @Test
    void anNpsOutsideZeroToTenIsDeadLettered() {
        hs.pipe(hs.signal("acme", SignalType.NPS_ANSWER).setNpsScore(11).build());
        assertThat(headers(hs.signalsDlq().readRecord()).get("dlq.reason")).isEqualTo("npsScore must be 0..10 for NPS_ANSWER, got 11");
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void anOlderProfileArrivingAfterANewerOneIsIgnored() {
        hs.profile("acme", 10, null);
        hs.pipe(hs.profile("acme").setSeats(99).setUpdatedAt(ScoringDriver.T0.minus(Duration.ofDays(1))).build());
        AccountState state = hs.state("acme");
        assertThat(state.seats()).isEqualTo(10);
    }

    static Map<String, String> headers(TestRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
