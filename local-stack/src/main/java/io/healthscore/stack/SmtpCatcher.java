package io.healthscore.stack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A local SMTP server (GreenMail) that accepts every message and keeps it in memory for inspection, so the
 * alert service can send real email during a demo or a test without reaching anyone.
 */
public final class SmtpCatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpCatcher.class);

    private final String host;
    private final int port;
    private GreenMail greenMail;

    public SmtpCatcher(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public synchronized void start() {
        if (greenMail != null) {
            return;
        }
        try {
            GreenMail server = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
            server.start();
            greenMail = server;
            LOG.info("SMTP catcher listening on {}:{}", host, port);
        } catch (RuntimeException e) {
            throw new StackStartupException("SMTP: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Every message received since start, oldest first. */
    public synchronized List<CaughtMail> messages() {
        if (greenMail == null) {
            return List.of();
        }
        List<CaughtMail> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            out.add(toCaught(m));
        }
        return out;
    }

    public synchronized void purge() {
        if (greenMail != null) {
            try {
                greenMail.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                throw new IllegalStateException("cannot purge caught mail: " + e.getMessage(), e);
            }
        }
    }

    private static CaughtMail toCaught(MimeMessage m) {
        try {
            Instant sent = m.getSentDate() == null ? null : m.getSentDate().toInstant();
            return new CaughtMail(m.getMessageID(), addresses(m.getFrom()), addresses(m.getAllRecipients()),
                    m.getSubject(), sent, text(m));
        } catch (MessagingException | java.io.IOException e) {
            return new CaughtMail(null, List.of(), List.of(), "(unreadable message: " + e.getMessage() + ")", null, "");
        }
    }

    /**
     * The readable text of a message: decoded from its transfer encoding and charset (so Japanese mail reads as
     * Japanese, not base64), plain-text parts of a multipart message joined, other parts left out.
     */
    static String text(Part part) throws MessagingException, java.io.IOException {
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                String partText = text(multipart.getBodyPart(i));
                if (!partText.isEmpty()) {
                    text.append(text.isEmpty() ? "" : "\n").append(partText);
                }
            }
            return text.toString();
        }
        return "";
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return greenMail != null;
    }

    @Override
    public synchronized void close() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** One received message. */
    public record CaughtMail(String messageId, List<String> from, List<String> to, String subject, Instant sentAt, String body) {
    }
}
