package io.healthscore.alert.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.alert.Records;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.alert.store.StoredAlert;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An account name, reason and id an attacker chose (phishing text with CR/LF, a line separator, a bidi override,
 * 4,096 characters) reaches no email subject or body as more than one line or more than 100 characters.
 */
class HostileNameTest {

    private static final String HOSTILE = "Your account is suspended\r\nBcc: all@victim.example\u2028\u202E"
            + "Verify at https://evil.example/login\t" + "x".repeat(4096);
    private static final String SHOWN = Text.oneLine(HOSTILE);

    @Test
    void theCsmEmailShowsTheNameAndReasonsOnOneCappedLine() {
        ComposedMessage m = new CsmEmailComposer().compose(view());

        assertSafe(m);
    }

    @Test
    void theCustomerEmailShowsTheNameOnOneCappedLine() {
        ComposedMessage m = new CustomerEmailComposer(new CustomerTemplates()).compose(view(), "risk-follow-up", "en");

        assertSafe(m);
        assertThat(m.subject()).isEqualTo("Getting the most out of your subscription, " + SHOWN);
    }

    @Test
    void theEscalationShowsTheNameTriggerAndReasonsOnOneCappedLine() {
        ComposedMessage m = new EscalationComposer().compose("acct", HOSTILE, "http://x/acct", HOSTILE,
                List.of(stored()), List.of(), List.of());

        assertSafe(m);
    }

    @Test
    void theDigestShowsTheNameAndReasonsOnOneCappedLine() {
        ComposedMessage m = new DigestComposer().compose(LocalDate.of(2026, 3, 2), List.of(stored()),
                List.of(new DigestComposer.RenewalAtRisk(new AccountContact("acct\r\nBcc: x", HOSTILE, null, null,
                        null, LocalDate.of(2026, 5, 1)), "LV1")), 90);

        assertSafe(m);
    }

    private static void assertSafe(ComposedMessage m) {
        assertThat(m.subject()).doesNotContain("\r", "\n", "\u2028", "\u202E").hasSizeLessThanOrEqualTo(200);
        assertThat(m.subject() + "\n" + m.body()).contains(SHOWN);
        assertThat(m.body()).doesNotContain("\r", "\u2028", "\u202E", "\t", "x".repeat(100));
        assertThat(m.body().lines()).noneMatch(line -> line.startsWith("Bcc:") || line.startsWith("Verify at"));
    }

    private static AlertView view() {
        ChurnRiskAlert alert = Records.alert("a1", "acct", AlertRule.LEVEL_DOWN, Severity.IMMINENT,
                CoverageModel.TECH_TOUCH).setReasons(List.of(HOSTILE)).build();
        return new AlertView(alert, HOSTILE, "http://x/acct", null);
    }

    private static StoredAlert stored() {
        return new StoredAlert("a1", "acct", "LEVEL_DOWN", "IMMINENT", 35.5, "LV1", "LV2", null, List.of(HOSTILE),
                null, null, null, null, Records.T0, Records.T0, AlertStatus.OPEN, null, null, null, null, null, null);
    }
}
