package io.healthscore.alert.delivery;

import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Delivery;

/**
 * Sends one outbox row over one channel, passing its idempotency key to the receiver. Returns normally only
 * when the receiver accepted the message.
 */
public interface Notifier {

    Channel channel();

    void send(Delivery delivery) throws DeliveryException;
}
