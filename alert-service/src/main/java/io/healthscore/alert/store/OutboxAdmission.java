package io.healthscore.alert.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The last word on an outbox row before it is written, in the writer's transaction: the row as given, or the row
 * to store instead (SKIPPED, with the reason in its note). {@link DeliveryRepository#insert} asks it for every row,
 * so no writer (intake, escalation, digest, or one added later) can queue a message that skips it.
 */
@FunctionalInterface
public interface OutboxAdmission {

    NewDelivery admit(Connection c, NewDelivery delivery, Instant now) throws SQLException;
}
