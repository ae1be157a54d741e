package io.healthscore.alert.delivery;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.SlackMessageComposer;
import io.healthscore.alert.identity.Teams;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.Notifications;
import io.healthscore.alert.store.UserSettingsRepository;
import io.healthscore.alert.store.UserSettingsRepository.Settings;
import io.healthscore.alert.store.DeliveryRepository;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a playbook's notice to a CSM (a PENDING CSM e-mail an alert, a level transition or an expansion signal
 * routed) into what the people concerned chose in their settings ({@link Notifications}), in the writer's
 * transaction:
 * <ul>
 *   <li>the CSM's own notice: the e-mail if they keep e-mail on (else a SKIPPED row saying they turned it off) and a
 *       post to their own Slack webhook if they turned Slack on; when they chose the daily digest, one SKIPPED row
 *       instead, {@value #HELD}, which keeps the message so that their next digest lists it;</li>
 *   <li>the same for every lead whose team includes the CSM ({@link Teams}) and who chose their team's notices: at
 *       once, or held for the lead's own digest.</li>
 * </ul>
 * Slack rows name the person ({@code person:<e-mail>}), not the webhook, so the webhook stays in the settings and a
 * change or removal there applies to rows still waiting. Keys extend the routed row's key, so routing twice writes
 * nothing twice. Anything else passes through as it is.
 */
@Singleton
public final class PersonalNotices {

    /** How a Slack row names the person whose webhook it is posted to. */
    public static final String PERSON = "person:";
    /** How the note of a notice held for its recipient's digest starts. */
    public static final String HELD = DeliveryRepository.HELD_FOR_DIGEST;

    private final DeliveryRepository deliveries;
    private final UserSettingsRepository settings;
    private final Teams teams;
    private final RecipientPolicy recipients;
    private final SlackMessageComposer slack;

    public PersonalNotices(DeliveryRepository deliveries, UserSettingsRepository settings, Teams teams,
                           RecipientPolicy recipients, SlackMessageComposer slack) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.teams = teams;
        this.recipients = recipients;
        this.slack = slack;
    }

    /** Writes the rows {@link #expand} makes of {@code d}. */
    public void write(Connection c, NewDelivery d, Instant now) throws SQLException {
        for (NewDelivery row : expand(c, d)) {
            deliveries.insert(c, row, now);
        }
    }

    public List<NewDelivery> expand(Connection c, NewDelivery d) throws SQLException {
        if (d.channel() != Channel.CSM_EMAIL || d.status() != DeliveryStatus.PENDING) {
            return List.of(d);
        }
        String owner = d.target().strip().toLowerCase(Locale.ROOT);
        List<String> leads = teams.leadsOf(owner);
        Map<String, Settings> saved = settings.findAll(c, Stream.concat(Stream.of(owner), leads.stream()).toList());
        List<NewDelivery> rows = new ArrayList<>();
        Notifications own = of(saved, owner);
        if (own.immediate()) {
            rows.addAll(to(d, d.idempotencyKey(), owner, own));
        } else {
            rows.add(skipped(d, d.idempotencyKey(), owner, HELD + " of " + owner + " (their notification setting)"));
        }
        for (String lead : leads) {
            Notifications n = of(saved, lead);
            if (n.reach() != Notifications.Reach.TEAM) {
                continue;
            }
            String key = d.idempotencyKey() + "|lead:" + lead;
            rows.addAll(n.immediate() ? to(d, key, lead, n)
                    : List.of(skipped(d, key, lead, HELD + " of " + lead + " (their notification setting)")));
        }
        return rows;
    }

    /** The rows that tell {@code person} of a message by the channels they chose. */
    public List<NewDelivery> to(String key, String alertId, String accountId, String person, Notifications n,
                                ComposedMessage message) {
        return to(new NewDelivery(key, alertId, accountId, Channel.CSM_EMAIL, person, message.subject(), message.body(),
                DeliveryStatus.PENDING, null), key, person, n);
    }

    private List<NewDelivery> to(NewDelivery d, String key, String person, Notifications n) {
        List<NewDelivery> rows = new ArrayList<>();
        if (!n.email()) {
            rows.add(skipped(d, key, person, "e-mail turned off by " + person + " (their notification setting)"));
        } else {
            String refusal = recipients.refusal(Channel.CSM_EMAIL, person).orElse(null);
            rows.add(refusal == null ? new NewDelivery(key, d.alertId(), d.accountId(), Channel.CSM_EMAIL, person,
                    d.subject(), d.body(), DeliveryStatus.PENDING, null) : skipped(d, key, person, refusal));
        }
        if (n.slack()) {
            ComposedMessage post = slack.personal(d.subject() == null ? "" : d.subject(), d.body());
            rows.add(new NewDelivery(key + "|slack", d.alertId(), d.accountId(), Channel.SLACK, PERSON + person,
                    post.subject(), post.body(), DeliveryStatus.PENDING, null));
        }
        return rows;
    }

    private static NewDelivery skipped(NewDelivery d, String key, String person, String why) {
        return new NewDelivery(key, d.alertId(), d.accountId(), Channel.CSM_EMAIL, person, d.subject(), d.body(),
                DeliveryStatus.SKIPPED, why);
    }

    private static Notifications of(Map<String, Settings> saved, String person) {
        Settings s = saved.get(person);
        return s == null ? Notifications.DEFAULTS : s.notifications();
    }
}
