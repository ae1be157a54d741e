package io.healthscore.alert.delivery;

import io.healthscore.alert.config.HttpTarget;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.Notifications;
import io.healthscore.alert.store.UserSettingsRepository;
import io.healthscore.alert.store.UserSettingsRepository.Settings;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts the stored incoming-webhook JSON to the Slack target named in the row: a configured target by its name, or
 * a console user's own webhook ({@code person:<e-mail>}, see {@link PersonalNotices}), read from their settings at
 * the time of the post and checked again by {@link SlackWebhooks}. A person who has turned Slack off since, or whose
 * webhook is no longer allowed, gets nothing: the row goes DEAD saying so. Slack ignores unknown headers; the
 * Idempotency-Key is sent for proxies and receivers that can use it. No webhook URL appears in an error.
 */
@Singleton
public final class SlackNotifier implements Notifier {

    private final Map<String, HttpTarget.Slack> targets;
    private final JsonPoster poster;
    private final Database db;
    private final UserSettingsRepository settings;
    private final SlackWebhooks webhooks;

    public SlackNotifier(List<HttpTarget.Slack> targets, JsonPoster poster, Database db,
                         UserSettingsRepository settings, SlackWebhooks webhooks) {
        this.targets = HttpTargets.byName(targets);
        this.poster = poster;
        this.db = db;
        this.settings = settings;
        this.webhooks = webhooks;
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public void send(Delivery d) throws DeliveryException {
        Map<String, String> headers = Map.of("Idempotency-Key", d.idempotencyKey());
        if (d.target().startsWith(PersonalNotices.PERSON)) {
            poster.post(d.target(), personalWebhook(d.target().substring(PersonalNotices.PERSON.length())), d.body(),
                    headers);
            return;
        }
        HttpTarget.Slack target = targets.get(d.target());
        if (target == null) {
            throw new DeliveryException("Slack target '" + d.target() + "' is no longer configured", true);
        }
        poster.post(target.name(), target.url(), d.body(), headers);
    }

    private String personalWebhook(String person) throws DeliveryException {
        Optional<Notifications> n = db.inTransaction(c -> settings.find(c, person)).map(Settings::notifications);
        if (n.isEmpty() || !n.get().slack()) {
            throw new DeliveryException(person + " has turned their Slack notices off", true);
        }
        if (webhooks.problem(n.get().slackWebhook()).isPresent()) {
            throw new DeliveryException("the Slack webhook of " + person
                    + " is not allowed by notifications.slack-webhook-prefixes", true);
        }
        return n.get().slackWebhook();
    }
}
