package io.healthscore.stack;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpCatcherIT {

    @Test
    void aMessageSentOverSmtpIsListedWithItsSenderRecipientSubjectAndDecodedBody() throws Exception {
        try (SmtpCatcher smtp = new SmtpCatcher("127.0.0.1", FreePorts.next())) {
            // Given a running catcher
            smtp.start();

            // When a message is sent to it over SMTP
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(smtp.port()));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress("alerts@healthscore.local"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("csm@example.com"));
            message.setSubject("Churn risk: acct-1", "UTF-8");
            message.setText("スコアが下がっています", "UTF-8");
            Transport.send(message);

            // Then it is listed once, as sent
            assertThat(smtp.messages()).singleElement().satisfies(m -> {
                assertThat(m.from()).containsExactly("alerts@healthscore.local");
                assertThat(m.to()).containsExactly("csm@example.com");
                assertThat(m.subject()).isEqualTo("Churn risk: acct-1");
                // Decoded from its transfer encoding, not base64.
                assertThat(m.body().strip()).isEqualTo("スコアが下がっています");
            });

            // And purging empties the list
            smtp.purge();
            assertThat(smtp.messages()).isEmpty();
        }
    }
}
