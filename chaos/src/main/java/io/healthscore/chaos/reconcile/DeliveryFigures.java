package io.healthscore.chaos.reconcile;

import io.healthscore.chaos.receiver.ChaosReceiver.Receipt;
import io.healthscore.stack.SmtpCatcher.CaughtMail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Deliveries reconciled between the outbox ({@code deliveries}) and what the receivers got. Receipts are raw: every
 * HTTP request a receiver answered 2xx and every message the SMTP catcher holds; each is matched to its outbox
 * row by idempotency key ({@code Idempotency-Key} header; for email the Message-ID the service derives from the
 * key). "Exactly once at the receivers" means: every DELIVERED row has exactly one raw receipt, and no receipt
 * belongs to no row. A second receipt of the same key is a duplicate even though a receiver that honours the
 * key would drop it; such repeats are also checked to be resends the outbox recorded (a second attempt logged
 * after a crash or database outage between send and record), not sends nobody knew of.
 * DEAD rows count as dead-lettered by design only if their receiver refused them (503 during an outage) and
 * never accepted them; the run then replays them through the operator API, after which they must be delivered
 * once like any other row.
 */
public record DeliveryFigures(long rows, Map<String, ChannelFigures> byChannel, long delivered, long skipped,
                              long deadLettered, long deadJustified, long replayed, long replayedDelivered,
                              long lost, long unsettled, long deadAtEnd, long repeats, long repeatsRecorded,
                              long unknownReceipts, long receiptsAccepted, long receiptsRefused) {

    /** One channel's rows and receipts. */
    public record ChannelFigures(long rows, long delivered, long receipts, long distinctKeys, long repeats) {
    }

    public long losses() {
        return lost + unsettled + deadAtEnd + (deadLettered - deadJustified) + (replayed - replayedDelivered);
    }

    public long duplicates() {
        return repeats + unknownReceipts;
    }

    /** Whether a dead row was dead-lettered by design: its receiver refused it and never accepted it. */
    public static boolean justified(OutboxSnapshot.Row dead, List<Receipt> receipts) {
        boolean http = dead.channel().equals("SLACK") || dead.channel().equals("WEBHOOK");
        boolean refused = receipts.stream().anyMatch(r -> dead.idempotencyKey().equals(r.idempotencyKey()) && !r.accepted());
        boolean accepted = receipts.stream().anyMatch(r -> dead.idempotencyKey().equals(r.idempotencyKey()) && r.accepted());
        return http && refused && !accepted;
    }

    /**
     * @param outbox          the outbox after the run settled (and dead rows were replayed)
     * @param deadBeforeReplay the DEAD rows when the outbox first settled, with whether each was justified
     * @param replayed        ids of the rows the operator API accepted to replay
     */
    public static DeliveryFigures reconcile(OutboxSnapshot outbox, Map<OutboxSnapshot.Row, Boolean> deadBeforeReplay,
                                            Set<Long> replayed, List<Receipt> httpReceipts, List<CaughtMail> mails,
                                            String messageIdDomain) {
        Map<String, OutboxSnapshot.Row> byKey = outbox.deliveries().stream()
                .collect(Collectors.toMap(OutboxSnapshot.Row::idempotencyKey, r -> r));
        Map<String, String> keyByMessageId = new HashMap<>();
        byKey.keySet().forEach(k -> keyByMessageId.put(messageId(k, messageIdDomain), k));

        Map<String, Integer> accepted = new HashMap<>();
        long unknown = 0;
        long refusedCount = 0;
        for (Receipt r : httpReceipts) {
            if (!r.accepted()) {
                refusedCount++;
            } else if (r.idempotencyKey() == null || !byKey.containsKey(r.idempotencyKey())) {
                unknown++;
            } else {
                accepted.merge(r.idempotencyKey(), 1, Integer::sum);
            }
        }
        for (CaughtMail m : mails) {
            String key = m.messageId() == null ? null : keyByMessageId.get(m.messageId());
            if (key == null) {
                unknown++;
            } else {
                accepted.merge(key, 1, Integer::sum);
            }
        }

        long delivered = 0;
        long skipped = 0;
        long lost = 0;
        long unsettled = 0;
        long deadAtEnd = 0;
        long repeats = 0;
        long repeatsRecorded = 0;
        long replayedDelivered = 0;
        Map<String, long[]> channels = new TreeMap<>();
        for (OutboxSnapshot.Row row : outbox.deliveries()) {
            int copies = accepted.getOrDefault(row.idempotencyKey(), 0);
            long[] c = channels.computeIfAbsent(row.channel(), ch -> new long[5]);
            c[0]++;
            c[2] += copies;
            c[3] += copies > 0 ? 1 : 0;
            c[4] += Math.max(0, copies - 1);
            repeats += Math.max(0, copies - 1);
            if (copies > 1 && row.attemptsLogged() >= copies) {
                repeatsRecorded += copies - 1;
            }
            switch (row.status()) {
                case "DELIVERED" -> {
                    delivered++;
                    c[1]++;
                    lost += copies == 0 ? 1 : 0;
                    replayedDelivered += replayed.contains(row.id()) && copies == 1 ? 1 : 0;
                }
                case "SKIPPED" -> skipped++;
                case "DEAD" -> deadAtEnd++;
                default -> unsettled++;
            }
        }
        Map<String, ChannelFigures> byChannel = new TreeMap<>();
        channels.forEach((ch, c) -> byChannel.put(ch, new ChannelFigures(c[0], c[1], c[2], c[3], c[4])));
        long justified = deadBeforeReplay.values().stream().filter(Boolean::booleanValue).count();
        long receiptsAccepted = accepted.values().stream().mapToLong(Integer::longValue).sum() + unknown;
        return new DeliveryFigures(outbox.deliveries().size(), byChannel, delivered, skipped, deadBeforeReplay.size(),
                justified, replayed.size(), replayedDelivered, lost, unsettled, deadAtEnd, repeats, repeatsRecorded,
                unknown, receiptsAccepted, refusedCount);
    }

    /** The Message-ID the alert service gives the email of an outbox row: {@code <sha256(key)[0..16] hex@domain>}. */
    static String messageId(String idempotencyKey, String domain) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
