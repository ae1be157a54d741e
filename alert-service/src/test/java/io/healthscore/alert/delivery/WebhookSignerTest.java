package io.healthscore.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyInHex() {
        // Reference value: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        String header = WebhookSigner.header("secret", 1_700_000_000L, "{\"a\":1}");

        assertThat(header).isEqualTo("t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
        assertThat(WebhookSigner.verify("secret", header, "{\"a\":1}")).isTrue();
    }

    @Test
    void aChangedBodyTimestampOrSecretFailsVerification() {
        String header = WebhookSigner.header("secret", 1_700_000_000L, "{\"a\":1}");

        assertThat(WebhookSigner.verify("secret", header, "{\"a\":2}")).isFalse();
        assertThat(WebhookSigner.verify("other", header, "{\"a\":1}")).isFalse();
        assertThat(WebhookSigner.verify("secret", header.replace("t=1700000000", "t=1700000001"), "{\"a\":1}")).isFalse();
        assertThat(WebhookSigner.verify("secret", "garbage", "{\"a\":1}")).isFalse();
        assertThat(WebhookSigner.verify("secret", "t=x,v1=00", "{\"a\":1}")).isFalse();
    }
}
