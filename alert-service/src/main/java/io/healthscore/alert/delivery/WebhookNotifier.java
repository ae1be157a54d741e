package io.healthscore.alert.delivery;

import io.healthscore.alert.config.HttpTarget;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Delivery;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts the stored JSON to a configured webhook with {@code Idempotency-Key} (the outbox key: the same on every
 * retry, so receivers drop repeats) and, when the target has a secret, {@code X-Healthscore-Signature} (see
 * {@link WebhookSigner}); the signature is made at send time so its timestamp is fresh on every attempt.
 */
@Singleton
public final class WebhookNotifier implements Notifier {

    private final Map<String, HttpTarget.Webhook> targets;
    private final JsonPoster poster;
    private final Clock clock;

    public WebhookNotifier(List<HttpTarget.Webhook> targets, JsonPoster poster, Clock clock) {
        this.targets = HttpTargets.byName(targets);
        this.poster = poster;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public void send(Delivery d) throws DeliveryException {
        HttpTarget.Webhook target = targets.get(d.target());
        if (target == null) {
            throw new DeliveryException("webhook target '" + d.target() + "' is no longer configured", true);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", d.idempotencyKey());
        if (target.secret() != null && !target.secret().isBlank()) {
            headers.put(WebhookSigner.HEADER, WebhookSigner.header(target.secret(), clock.instant().getEpochSecond(),
                    d.body()));
        }
        poster.post(target.name(), target.url(), d.body(), headers);
    }
}
