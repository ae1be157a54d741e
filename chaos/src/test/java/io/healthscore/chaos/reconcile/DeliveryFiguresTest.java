package io.healthscore.chaos.reconcile;

import io.healthscore.chaos.receiver.ChaosReceiver.Receipt;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries are matched to receipts by key; missing, repeated and unknown receipts are told apart. */
class DeliveryFiguresTest {

    private static final String DOMAIN = "chaos.example";
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void oneReceiptPerDeliveredRowIsExactlyOnce() {
        // Given a webhook and an email, each received once (the email by its derived Message-ID)
        OutboxSnapshot outbox = outbox(row(1, "a:webhook:crm", "WEBHOOK", "DELIVERED", 1),
                row(2, "a:csm-email:csm", "CSM_EMAIL", "DELIVERED", 1));

        DeliveryFigures f = DeliveryFigures.reconcile(outbox, Map.of(), Set.of(),
                List.of(ok("a:webhook:crm")), List.of(mail("a:csm-email:csm")), DOMAIN);

        assertThat(f.delivered()).isEqualTo(2);
        assertThat(f.losses()).isZero();
        assertThat(f.duplicates()).isZero();
    }

    @Test
    void aSecondReceiptOfTheSameKeyIsADuplicateAndSaysWhetherTheOutboxRecordedTheResend() {
        // Given a webhook received twice, whose row logged two attempts (a takeover after a crash)
        OutboxSnapshot outbox = outbox(row(1, "a:webhook:crm", "WEBHOOK", "DELIVERED", 2));

        DeliveryFigures f = DeliveryFigures.reconcile(outbox, Map.of(), Set.of(),
                List.of(ok("a:webhook:crm"), ok("a:webhook:crm")), List.of(), DOMAIN);

        assertThat(f.repeats()).isEqualTo(1);
        assertThat(f.repeatsRecorded()).isEqualTo(1);
        assertThat(f.duplicates()).isEqualTo(1);
    }

    @Test
    void aDeliveredRowWithoutReceiptAndAReceiptWithoutRowAreCaught() {
        OutboxSnapshot outbox = outbox(row(1, "a:slack:team", "SLACK", "DELIVERED", 1));

        DeliveryFigures f = DeliveryFigures.reconcile(outbox, Map.of(), Set.of(), List.of(ok("stranger")),
                List.of(), DOMAIN);

        assertThat(f.lost()).isEqualTo(1);
        assertThat(f.unknownReceipts()).isEqualTo(1);
    }

    @Test
    void aDeadRowIsJustifiedOnlyWhenItsReceiverRefusedItAndNeverAcceptedIt() {
        OutboxSnapshot.Row refused = row(1, "a:webhook:crm", "WEBHOOK", "DEAD", 4);
        OutboxSnapshot.Row email = row(2, "a:csm-email:csm", "CSM_EMAIL", "DEAD", 4);
        List<Receipt> receipts = List.of(new Receipt("crm", "a:webhook:crm", 503, AT));

        assertThat(DeliveryFigures.justified(refused, receipts)).isTrue();
        assertThat(DeliveryFigures.justified(email, receipts)).isFalse();
        assertThat(DeliveryFigures.justified(refused, List.of(receipts.get(0), ok("a:webhook:crm")))).isFalse();
    }

    @Test
    void aJustifiedDeadRowReplayedAndReceivedOnceIsNoLoss() {
        // Given a row that was DEAD (refused during an outage), replayed, and then delivered once
        OutboxSnapshot.Row dead = row(1, "a:webhook:crm", "WEBHOOK", "DEAD", 4);
        OutboxSnapshot after = outbox(row(1, "a:webhook:crm", "WEBHOOK", "DELIVERED", 5));

        DeliveryFigures f = DeliveryFigures.reconcile(after, Map.of(dead, true), Set.of(1L),
                List.of(new Receipt("crm", "a:webhook:crm", 503, AT), ok("a:webhook:crm")), List.of(), DOMAIN);

        assertThat(f.deadLettered()).isEqualTo(1);
        assertThat(f.replayedDelivered()).isEqualTo(1);
        assertThat(f.receiptsRefused()).isEqualTo(1);
        assertThat(f.losses()).isZero();
        assertThat(f.duplicates()).isZero();
    }

    private static OutboxSnapshot outbox(OutboxSnapshot.Row... rows) {
        return new OutboxSnapshot(List.of(), List.of(rows));
    }

    private static OutboxSnapshot.Row row(long id, String key, String channel, String status, int attempts) {
        return new OutboxSnapshot.Row(id, key, "a", channel, "t", status, attempts, 0, attempts);
    }

    private static Receipt ok(String key) {
        return new Receipt("crm", key, 200, AT);
    }

    private static CaughtMail mail(String key) {
        return new CaughtMail(DeliveryFigures.messageId(key, DOMAIN), List.of(), List.of("csm@example.com"), "s", AT, "b");
    }
}
