package io.healthscore.alert.delivery;

import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Delivery;
import jakarta.inject.Singleton;

/**
 * Emails the customer contact (tech touch) from {@code mail.customer-from}; the message was rendered from the
 * template in the contact's language when the alert was stored.
 */
@Singleton
public final class CustomerEmailNotifier implements Notifier {

    private final SmtpMailer mailer;
    private final MailConfig config;

    public CustomerEmailNotifier(SmtpMailer mailer, MailConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    @Override
    public Channel channel() {
        return Channel.CUSTOMER_EMAIL;
    }

    @Override
    public void send(Delivery d) throws DeliveryException {
        mailer.send(config.customerFrom(), d.target(), d.subject(), d.body(), d.idempotencyKey());
    }
}
