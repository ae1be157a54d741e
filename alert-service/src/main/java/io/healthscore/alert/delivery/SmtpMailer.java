package io.healthscore.alert.delivery;

import io.healthscore.alert.config.MailConfig;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Sends plain-text UTF-8 mail through the configured SMTP relay. Every message carries a Message-ID derived
 * from its idempotency key ({@code <sha256(key)@mail.message-id-domain>}), so a resend after a crash is the same
 * message to every mail system that de-duplicates on Message-ID.
 */
@Singleton
public final class SmtpMailer {

    private final MailConfig config;
    private final Session session;

    public SmtpMailer(MailConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put("mail.smtp.host", config.host());
        props.put("mail.smtp.port", Integer.toString(config.port()));
        String timeout = Long.toString(config.timeout().toMillis());
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        boolean auth = config.username() != null && !config.username().isBlank();
        props.put("mail.smtp.auth", Boolean.toString(auth));
        this.session = auth
                ? Session.getInstance(props, new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(config.username(), config.password());
                    }
                })
                : Session.getInstance(props);
    }

    public void send(String from, String to, String subject, String body, String idempotencyKey)
            throws DeliveryException {
        InternetAddress recipient;
        try {
            recipient = new InternetAddress(to, true);
        } catch (AddressException e) {
            // The exception's message contains the address; error texts are logged and shown by the API.
            throw new DeliveryException("recipient is not a valid address", true);
        }
        try {
            MimeMessage message = new FixedIdMessage(session, messageId(idempotencyKey));
            message.setFrom(new InternetAddress(from, true));
            message.setRecipient(Message.RecipientType.TO, recipient);
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(body, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.setHeader("X-Healthscore-Idempotency-Key", idempotencyKey);
            Transport.send(message);
        } catch (SendFailedException e) {
            // 4xx replies (greylisting, mailbox busy) are temporary and retried; 5xx are permanent. The server's
            // reply text is left out: it usually repeats the recipient's address.
            int code = replyCode(e);
            boolean permanent = code < 400 || code >= 500;
            throw new DeliveryException("SMTP refused the message" + (code > 0 ? " with reply code " + code : ""),
                    permanent);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP " + config.host() + ":" + config.port() + " failed: "
                    + e.getClass().getSimpleName(), false);
        }
    }

    /** The SMTP reply code of a refusal (e.g. 450, 550), or -1 when the exception does not carry one. */
    static int replyCode(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException sent) {
                return sent.getReturnCode();
            }
            if (x instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
        }
        return -1;
    }

    String messageId(String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + config.messageIdDomain() + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** jakarta.mail replaces Message-ID on save; this keeps the deterministic one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
