package io.healthscore.alert.delivery;

import io.healthscore.alert.config.HttpTarget;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Delivery;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Posts the stored incoming-webhook JSON to the Slack target named in the row. Slack ignores unknown headers;
 * the Idempotency-Key is sent for proxies and receivers that can use it.
 */
@Singleton
public final class SlackNotifier implements Notifier {

    private final Map<String, HttpTarget.Slack> targets;
    private final JsonPoster poster;

    public SlackNotifier(List<HttpTarget.Slack> targets, JsonPoster poster) {
        this.targets = HttpTargets.byName(targets);
        this.poster = poster;
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public void send(Delivery d) throws DeliveryException {
        HttpTarget.Slack target = targets.get(d.target());
        if (target == null) {
            throw new DeliveryException("Slack target '" + d.target() + "' is no longer configured", true);
        }
        poster.post(target.name(), target.url(), d.body(), Map.of("Idempotency-Key", d.idempotencyKey()));
    }
}
