package io.healthscore.chaos.reconcile;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.chaos.load.IngestCall;
import io.healthscore.chaos.load.Ledger;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The event reconciliation tells a clean run from a lost, a dead-lettered and a double-counted event. */
class EventFiguresTest {

    private final Ledger ledger = new Ledger();

    @Test
    void retriedCopiesOnTheTopicCountedOnceAreNeitherLossNorDuplicate() {
        // Given two accepted events of acme, the first written twice (a retry), and a score counting 2
        accept("acme", "m1", "m2");
        List<UsageEvent> topic = List.of(event("acme", "m1"), event("acme", "m1"), event("acme", "m2"));

        // When reconciled
        EventFigures f = EventFigures.reconcile(ledger, topic, List.of(), List.of(score("acme", 1), score("acme", 2)));

        // Then everything accepted is reflected once, and the copy is reported
        assertThat(f.accepted()).isEqualTo(2);
        assertThat(f.reflected()).isEqualTo(2);
        assertThat(f.retriedCopies()).isEqualTo(1);
        assertThat(f.losses()).isZero();
        assertThat(f.duplicates()).isZero();
    }

    @Test
    void anEventMissingFromTheTopicOrTheCountIsALoss() {
        // Given three accepted events: one never reached the topic, and the score counts one of the other two
        accept("acme", "m1", "m2", "m3");
        List<UsageEvent> topic = List.of(event("acme", "m1"), event("acme", "m2"));

        EventFigures f = EventFigures.reconcile(ledger, topic, List.of(), List.of(score("acme", 1)));

        assertThat(f.lostAtIngest()).isEqualTo(1);
        assertThat(f.lostInScoring()).isEqualTo(1);
        assertThat(f.losses()).isEqualTo(2);
    }

    @Test
    void aDeadLetteredEventIsALossAndACountAboveTheTopicIsADuplicate() {
        // Given bolt's accepted event dead-lettered by scoring, and acme counted 3 for 2 distinct events
        accept("bolt", "b1");
        accept("acme", "m1", "m2");
        List<UsageEvent> topic = List.of(event("bolt", "b1"), event("acme", "m1"), event("acme", "m2"));

        EventFigures f = EventFigures.reconcile(ledger, topic, List.of(event("bolt", "b1")),
                List.of(score("acme", 3)));

        assertThat(f.deadLettered()).isEqualTo(1);
        assertThat(f.countedTwice()).isEqualTo(1);
        assertThat(f.losses()).isEqualTo(1);
        assertThat(f.duplicates()).isEqualTo(1);
    }

    @Test
    void eventsOfARequestWithoutA2xxMayBeCountedWithoutBeingADuplicate() {
        // Given a request that never got a 2xx, one of whose two events reached the topic and was counted
        IngestCall call = call("acme", "u1", "u2");
        ledger.sent(call);
        ledger.unresolved(call, 5);

        EventFigures f = EventFigures.reconcile(ledger, List.of(event("acme", "u1")), List.of(),
                List.of(score("acme", 1)));

        assertThat(f.fromUnresolvedRequests()).isEqualTo(1);
        assertThat(f.losses()).isZero();
        assertThat(f.duplicates()).isZero();
    }

    private void accept(String account, String... ids) {
        IngestCall call = call(account, ids);
        ledger.sent(call);
        ledger.accepted(call, 1);
    }

    private static IngestCall call(String account, String... ids) {
        List<IngestCall.Message> messages = new ArrayList<>();
        for (String id : ids) {
            messages.add(new IngestCall.Message(id, account, null));
        }
        return new IngestCall(IngestCall.Kind.USAGE, "POST", "/v1/events", List.of(), messages);
    }

    private static UsageEvent event(String account, String id) {
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        return UsageEvent.newBuilder().setMessageId(id).setAccountId(account).setType(UsageEventType.LOGIN)
                .setOccurredAt(now).setReceivedAt(now).setSource("test").build();
    }

    private static HealthScore score(String account, long eventCount) {
        return HealthScore.newBuilder().setAccountId(account).setScore(50).setLevel(HealthLevel.LV2)
                .setDataCoverage(1.0).setComponents(List.of()).setReasons(List.of()).setModelVersion("test")
                .setEventCount(eventCount).setEvaluatedAt(Instant.parse("2026-11-23T09:00:00Z")).build();
    }
}
