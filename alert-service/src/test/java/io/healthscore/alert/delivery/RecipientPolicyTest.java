package io.healthscore.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.store.Channel;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientPolicyTest {

    @Test
    void anInvalidFallbackCsmStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> policy("ops@[10.0.0.5]", List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mail.fallback-csm: 'ops@[10.0.0.5]' has a domain literal; a host name is required");
    }

    @Test
    void anInvalidAllowedDomainStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> policy(null, List.of("[10.0.0.5]")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("mail.csm-allowed-domains: ");
    }

    @Test
    void allowedDomainsAreComparedInLowerCaseAscii() {
        RecipientPolicy policy = policy(null, List.of("Bücher.Example"));

        assertThat(policy.csm("owner@xn--bcher-kva.example")).isEqualTo(new RecipientPolicy.Choice(
                "owner@xn--bcher-kva.example", null));
        assertThat(policy.csm("owner@sub.bücher.example").refusal()).isEqualTo("CSM owner's domain "
                + "sub.xn--bcher-kva.example is not in mail.csm-allowed-domains; no mail.fallback-csm is set");
    }

    @Test
    void noOwnerMeansTheFallbackCsmWithoutARefusal() {
        assertThat(policy("Fallback@CSM.example", List.of("csm.example")).csm(null))
                .isEqualTo(new RecipientPolicy.Choice("Fallback@csm.example", null));
    }

    @Test
    void theFallbackCsmNeedsNoAllowedDomain() {
        RecipientPolicy policy = policy("ops@elsewhere.example", List.of("csm.example"));

        assertThat(policy.refusal(Channel.CSM_EMAIL, "ops@elsewhere.example")).isEmpty();
        assertThat(policy.refusal(Channel.CSM_EMAIL, "owner@elsewhere.example")).contains(
                "recipient's domain elsewhere.example is not in mail.csm-allowed-domains");
    }

    @Test
    void customerRecipientsNeedAValidAddressButNoAllowedDomain() {
        RecipientPolicy policy = policy(null, List.of("csm.example"));

        assertThat(policy.refusal(Channel.CUSTOMER_EMAIL, "taro@yamada.example")).isEmpty();
        assertThat(policy.refusal(Channel.CUSTOMER_EMAIL, "\"taro\"@yamada.example")).get().asString()
                .startsWith("recipient address has a local part");
        assertThat(policy.refusal(Channel.SLACK, "team")).isEmpty();
    }

    private static RecipientPolicy policy(String fallback, List<String> domains) {
        return new RecipientPolicy(new MailConfig("127.0.0.1", 2525, null, null, "alerts@healthscore.local",
                "success@healthscore.local", "alerts.healthscore.local", Duration.ofSeconds(10), fallback, domains));
    }
}
