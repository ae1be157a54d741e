package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the outbox ({@code deliveries}) and its attempt log. Runs on the caller's connection. Every row is
 * written through {@link #insert}, which lets the {@link OutboxAdmission} decide what is stored.
 */
@Singleton
public final class DeliveryRepository {

    private static final String COLUMNS = "id, idempotency_key, alert_id, account_id, channel, target, subject, body, "
            + "status, attempts, replays, next_attempt_at, last_error, created_at, delivered_at, updated_at";

    /**
     * How the note of a CSM notice held for its recipient's daily digest starts (the literal the partial index
     * {@code deliveries_held_for_digest} is built on).
     */
    public static final String HELD_FOR_DIGEST = "held for the daily digest";

    private final OutboxAdmission admission;

    public DeliveryRepository(OutboxAdmission admission) {
        this.admission = admission;
    }

    /**
     * Writes the row the admission makes of {@code delivery} (itself, or a SKIPPED one saying why).
     *
     * @return false when a row with this idempotency key exists already (nothing is written then)
     */
    public boolean insert(Connection c, NewDelivery delivery, Instant now) throws SQLException {
        NewDelivery d = admission.admit(c, delivery, now);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO deliveries (idempotency_key, alert_id, account_id, "
                + "channel, target, subject, body, status, last_error, next_attempt_at, created_at, updated_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (idempotency_key) DO NOTHING")) {
            Timestamp t = Timestamp.from(now);
            s.setString(1, d.idempotencyKey());
            s.setString(2, d.alertId());
            s.setString(3, d.accountId());
            s.setString(4, d.channel().name());
            s.setString(5, d.target());
            s.setString(6, d.subject());
            s.setString(7, d.body());
            s.setString(8, d.status().name());
            s.setString(9, d.note());
            s.setTimestamp(10, t);
            s.setTimestamp(11, t);
            s.setTimestamp(12, t);
            return s.executeUpdate() == 1;
        }
    }

    /** How the note of a held notice starts once a digest listed it; the digest's key follows. */
    public static final String LISTED_IN = "listed in ";

    /**
     * Marks the notices held for {@code recipient} (any case) before {@code until} as listed in the digest
     * {@code digestKey}, so that no later digest lists them again; their note keeps what it said.
     */
    public int markListed(Connection c, String recipient, Instant until, String digestKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deliveries SET last_error = ? || ' (' || last_error "
                + "|| ')', updated_at = ? WHERE channel = 'CSM_EMAIL' AND status = 'SKIPPED' AND last_error LIKE '"
                + HELD_FOR_DIGEST + "%' AND lower(target) = lower(?) AND created_at < ?")) {
            s.setString(1, LISTED_IN + digestKey);
            s.setTimestamp(2, Timestamp.from(until));
            s.setString(3, recipient);
            s.setTimestamp(4, Timestamp.from(until));
            return s.executeUpdate();
        }
    }

    /** A notice held for its recipient's digest: when it was held, its subject, and how many its recipient has. */
    public record HeldNotice(String recipient, Instant at, String subject, int recipientTotal) {
    }

    /**
     * The CSM notices held for their recipients' digests (SKIPPED, the note starting {@value #HELD_FOR_DIGEST}) from
     * {@code since} to {@code until}: at most {@code perRecipient} of each recipient (lower case), newest first.
     */
    public List<HeldNotice> heldForDigest(Connection c, Instant since, Instant until, int perRecipient)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT recipient, created_at, subject, total FROM (SELECT "
                + "lower(target) AS recipient, created_at, subject, row_number() OVER (PARTITION BY lower(target) "
                + "ORDER BY created_at DESC, id DESC) AS rank, count(*) OVER (PARTITION BY lower(target)) AS total "
                + "FROM deliveries WHERE channel = 'CSM_EMAIL' AND status = 'SKIPPED' "
                + "AND last_error LIKE '" + HELD_FOR_DIGEST + "%' AND created_at >= ? AND created_at < ?) held "
                + "WHERE rank <= ? ORDER BY recipient, rank")) {
            s.setTimestamp(1, Timestamp.from(since));
            s.setTimestamp(2, Timestamp.from(until));
            s.setInt(3, perRecipient);
            List<HeldNotice> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new HeldNotice(rs.getString(1), rs.getTimestamp(2).toInstant(),
                            rs.getString(3) == null ? "" : rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        }
    }

    /**
     * Claims up to {@code limit} rows that are due (PENDING and past their next attempt, or IN_FLIGHT with a lapsed
     * lease, i.e. abandoned by a dead worker), skipping rows other workers hold, marks them IN_FLIGHT with a new
     * lease, counts the attempt and records it in the attempt log — all before anything is sent.
     */
    public List<Delivery> claimDue(Connection c, int limit, Instant now, Instant leaseUntil) throws SQLException {
        List<Delivery> claimed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("WITH due AS (SELECT id FROM deliveries WHERE "
                + "(status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'IN_FLIGHT' AND lease_until <= ?) "
                + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
                + "UPDATE deliveries d SET status = 'IN_FLIGHT', attempts = d.attempts + 1, lease_until = ?, "
                + "updated_at = ? FROM due WHERE d.id = due.id RETURNING " + prefixed("d."))) {
            Timestamp t = Timestamp.from(now);
            s.setTimestamp(1, t);
            s.setTimestamp(2, t);
            s.setInt(3, limit);
            s.setTimestamp(4, Timestamp.from(leaseUntil));
            s.setTimestamp(5, t);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    claimed.add(read(rs));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO delivery_attempts (delivery_id, round, attempt, "
                + "started_at) VALUES (?,?,?,?) ON CONFLICT (delivery_id, round, attempt) DO NOTHING")) {
            for (Delivery d : claimed) {
                s.setLong(1, d.id());
                s.setInt(2, d.replays());
                s.setInt(3, d.attempts());
                s.setTimestamp(4, Timestamp.from(now));
                s.addBatch();
            }
            s.executeBatch();
        }
        claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
        return claimed;
    }

    /**
     * Extends this worker's lease on a claimed row right before it is sent, and says whether the row is still this
     * worker's: false when the lease has lapsed (another worker may claim or have claimed it), so the caller must
     * not send. Renewing per row keeps a long batch from outliving its lease while rows wait their turn.
     */
    public boolean renewLease(Connection c, Delivery d, Instant now, Instant leaseUntil) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deliveries SET lease_until = ?, updated_at = ? "
                + "WHERE id = ? AND attempts = ? AND replays = ? AND status = 'IN_FLIGHT' AND lease_until > ?")) {
            s.setTimestamp(1, Timestamp.from(leaseUntil));
            s.setTimestamp(2, Timestamp.from(now));
            s.setLong(3, d.id());
            s.setInt(4, d.attempts());
            s.setInt(5, d.replays());
            s.setTimestamp(6, Timestamp.from(now));
            return s.executeUpdate() == 1;
        }
    }

    /** Marks the claimed attempt delivered; a no-op if another worker has since taken the row over. */
    public void markDelivered(Connection c, Delivery d, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deliveries SET status = 'DELIVERED', delivered_at = ?, "
                + "lease_until = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND attempts = ? "
                + "AND replays = ? AND status = 'IN_FLIGHT'")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now));
            s.setLong(3, d.id());
            s.setInt(4, d.attempts());
            s.setInt(5, d.replays());
            s.executeUpdate();
        }
        finishAttempt(c, d, now, "DELIVERED", null);
    }

    /** Records a failed attempt: back to PENDING until {@code nextAttemptAt}, or DEAD when that is null. */
    public void markFailed(Connection c, Delivery d, String error, @Nullable Instant nextAttemptAt, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deliveries SET status = ?, next_attempt_at = "
                + "COALESCE(?, next_attempt_at), lease_until = NULL, last_error = ?, updated_at = ? "
                + "WHERE id = ? AND attempts = ? AND replays = ? AND status = 'IN_FLIGHT'")) {
            s.setString(1, nextAttemptAt == null ? DeliveryStatus.DEAD.name() : DeliveryStatus.PENDING.name());
            s.setTimestamp(2, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
            s.setString(3, error);
            s.setTimestamp(4, Timestamp.from(now));
            s.setLong(5, d.id());
            s.setInt(6, d.attempts());
            s.setInt(7, d.replays());
            s.executeUpdate();
        }
        finishAttempt(c, d, now, nextAttemptAt == null ? "DEAD" : "RETRY", error);
    }

    /**
     * Puts a DEAD delivery back in the queue with a fresh retry budget, same idempotency key.
     *
     * @return false when the row is not DEAD (or does not exist)
     */
    public boolean replay(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE deliveries SET status = 'PENDING', attempts = 0, "
                + "replays = replays + 1, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'DEAD'")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now));
            s.setLong(3, id);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Delivery> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE id = ?")) {
            s.setLong(1, id);
            List<Delivery> found = readAll(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    public List<Delivery> byStatus(Connection c, @Nullable DeliveryStatus status, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE "
                + "(?::text IS NULL OR status = ?) ORDER BY id LIMIT ?")) {
            String st = status == null ? null : status.name();
            s.setString(1, st);
            s.setString(2, st);
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    /** The account's latest {@code limit} deliveries, in time order (oldest of them first). */
    public List<Delivery> latestForAccount(Connection c, String accountId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT " + COLUMNS + " FROM deliveries "
                + "WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?) latest ORDER BY created_at, id")) {
            s.setString(1, accountId);
            s.setInt(2, limit);
            return readAll(s);
        }
    }

    /** A timeline page: up to {@code limit} of the account's deliveries created before {@code before}, newest first. */
    public List<Delivery> forAccountBefore(Connection c, String accountId, Instant before, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE account_id = ? "
                + "AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(before));
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    /** The account's deliveries created at exactly {@code at}, at most {@code limit}. */
    public List<Delivery> forAccountAt(Connection c, String accountId, Instant at, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE account_id = ? "
                + "AND created_at = ? ORDER BY id LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    public List<Delivery> forAlert(Connection c, String alertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM deliveries WHERE alert_id = ? "
                + "ORDER BY id")) {
            s.setString(1, alertId);
            return readAll(s);
        }
    }

    public List<DeliveryAttempt> attempts(Connection c, long deliveryId) throws SQLException {
        List<DeliveryAttempt> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT delivery_id, round, attempt, started_at, finished_at, "
                + "outcome, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY round, attempt")) {
            s.setLong(1, deliveryId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeliveryAttempt(rs.getLong(1), rs.getInt(2), rs.getInt(3),
                            AlertRepository.instant(rs, "started_at"), AlertRepository.instant(rs, "finished_at"),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    /** Age of the oldest row still waiting (PENDING or IN_FLIGHT), for the outbox-age gauge. */
    public Optional<Instant> oldestWaiting(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT min(created_at) FROM deliveries WHERE status IN "
                + "('PENDING', 'IN_FLIGHT')"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return Optional.ofNullable(AlertRepository.instant(rs, "min"));
        }
    }

    private static void finishAttempt(Connection c, Delivery d, Instant now, String outcome, @Nullable String error)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE delivery_attempts SET finished_at = ?, outcome = ?, "
                + "error = ? WHERE delivery_id = ? AND round = ? AND attempt = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, outcome);
            s.setString(3, error);
            s.setLong(4, d.id());
            s.setInt(5, d.replays());
            s.setInt(6, d.attempts());
            s.executeUpdate();
        }
    }

    private static String prefixed(String prefix) {
        return prefix + COLUMNS.replace(", ", ", " + prefix);
    }

    private static List<Delivery> readAll(PreparedStatement s) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private static Delivery read(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("alert_id"),
                rs.getString("account_id"), Channel.valueOf(rs.getString("channel")), rs.getString("target"),
                rs.getString("subject"), rs.getString("body"), DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getInt("replays"), AlertRepository.instant(rs, "next_attempt_at"),
                rs.getString("last_error"), AlertRepository.instant(rs, "created_at"), AlertRepository.instant(rs, "delivered_at"),
                AlertRepository.instant(rs, "updated_at"));
    }
}
