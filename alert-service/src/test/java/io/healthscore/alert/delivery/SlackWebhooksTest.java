package io.healthscore.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.config.NotificationConfig;
import io.healthscore.alert.delivery.SlackWebhooks.Problem;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackWebhooksTest {

    private final SlackWebhooks webhooks = new SlackWebhooks(new NotificationConfig(
            List.of("https://hooks.slack.com/services/")));

    @Test
    void aWebhookAsSlackGivesItIsAccepted() {
        assertThat(webhooks.problem("https://hooks.slack.com/services/T0001/B0002/XXXXxxxxYYYYyyyy")).isEmpty();
    }

    @Test
    void anythingThatCouldReachAnotherHostOrPathIsRefused() {
        assertThat(webhooks.problem("https://hooks.slack.com.evil.example/services/T/B/x")).hasValue(Problem.NOT_ALLOWED);
        assertThat(webhooks.problem("https://hooks.slack.com@evil.example/services/T/B/x")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://evil@hooks.slack.com/services/T/B/x")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("http://hooks.slack.com/services/T/B/x")).hasValue(Problem.NOT_ALLOWED);
        assertThat(webhooks.problem("https://hooks.slack.com:8443/services/T/B/x")).hasValue(Problem.NOT_ALLOWED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/../api/x")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/./x")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/T/B/x#frag")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/servicesX/T/B/x")).hasValue(Problem.NOT_ALLOWED);
        assertThat(webhooks.problem("https://HOOKS.slack.com/services/T/B/x")).hasValue(Problem.NOT_ALLOWED);
    }

    @Test
    void malformedAndOverLongInputIsRefusedWithoutAnException() {
        assertThat(webhooks.problem("javascript:alert(1)")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("/services/T/B/x")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/T B")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/T\r\nHost: x")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/\u0000")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("")).hasValue(Problem.MALFORMED);
        assertThat(webhooks.problem("https://hooks.slack.com/services/" + "x".repeat(500))).hasValue(Problem.TOO_LONG);
    }

    @Test
    void noPrefixesAcceptNothingAndAPrefixThatCouldBeExtendedStopsStartUp() {
        assertThat(new SlackWebhooks(new NotificationConfig(List.of())).problem(
                "https://hooks.slack.com/services/T/B/x")).hasValue(Problem.NOT_ALLOWED);
        assertThatThrownBy(() -> new SlackWebhooks(new NotificationConfig(List.of("https://hooks.slack.com"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("path ending in /");
        assertThatThrownBy(() -> new SlackWebhooks(new NotificationConfig(List.of("ftp://hooks.slack.com/"))))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> new SlackWebhooks(new NotificationConfig(List.of("https://u@hooks.slack.com/"))))
                .isInstanceOf(ConfigurationException.class);
    }
}
