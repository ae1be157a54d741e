package io.healthscore.alert.delivery;

import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Delivery;
import jakarta.inject.Singleton;

/** Emails the CSM (alerts, escalations, digests) from {@code mail.csm-from}. */
@Singleton
public final class EmailNotifier implements Notifier {

    private final SmtpMailer mailer;
    private final MailConfig config;

    public EmailNotifier(SmtpMailer mailer, MailConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    @Override
    public Channel channel() {
        return Channel.CSM_EMAIL;
    }

    @Override
    public void send(Delivery d) throws DeliveryException {
        mailer.send(config.csmFrom(), d.target(), d.subject(), d.body(), d.idempotencyKey());
    }
}
