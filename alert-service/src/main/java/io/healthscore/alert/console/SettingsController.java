package io.healthscore.alert.console;

import io.healthscore.alert.delivery.SlackWebhooks;
import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Teams;
import io.healthscore.alert.store.Notifications;
import io.healthscore.alert.store.Notifications.Reach;
import io.healthscore.alert.store.Notifications.When;
import io.healthscore.alert.store.UserSettingsRepository.Settings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Locale;
import java.util.Optional;

/**
 * A person's own settings ({@code /console/settings}): the console's language (English, Japanese or the browser's)
 * and their notifications ({@link Notifications}): at once or in the daily digest, by e-mail and/or their own Slack
 * incoming webhook, for their own accounts or, for a lead with a team, their team's too. Only one's own: the form
 * names no user, the session does. A saved webhook is never shown back in full; leaving the field empty keeps it.
 * A form without {@code notify-when} changes the language only.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SettingsController {

    /** The form's value for "follow the browser". */
    static final String BROWSER = "browser";

    /**
     * The page's model: the saved language choice ("browser", "en", "ja"), the notifications, the saved webhook as
     * shown (masked, or null), whether the person may choose their team's notices, and whether it was just saved.
     */
    public record Page(Pages.Frame frame, String language, Notifications notifications, @Nullable String webhookShown,
                       boolean mayChooseTeam, String webhookPrefixes, boolean saved) {
    }

    private final ConsoleWeb web;
    private final UserSettings settings;
    private final SlackWebhooks webhooks;
    private final Teams teams;

    public SettingsController(ConsoleWeb web, UserSettings settings, SlackWebhooks webhooks, Teams teams) {
        this.web = web;
        this.settings = settings;
        this.webhooks = webhooks;
        this.teams = teams;
    }

    @Get("/settings")
    public HttpResponse<?> show(HttpRequest<?> request, @Nullable @QueryValue String saved) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Person person = session.get().person();
        Settings mine = settings.of(person);
        Notifications n = mine.notifications();
        return web.page(HttpStatus.OK, "settings.jte", new Page(web.frame(web.text(session.get()).t("settings.title"),
                session.get()), mine.language() == null ? BROWSER : mine.language(), n,
                n.slackWebhook() == null ? null : masked(n.slackWebhook()), mayChooseTeam(person),
                String.join(", ", webhooks.prefixes()), "1".equals(saved)));
    }

    @Post("/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> save(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedPost(request, body);
        if (post.refused()) {
            return post.refusal();
        }
        FormBody form = post.form();
        String choice = form.get("language");
        if (choice == null || !(choice.equals(BROWSER) || Language.of(choice).isPresent())) {
            return web.error(HttpStatus.BAD_REQUEST, post.session(), "settings.badLanguage");
        }
        String language = choice.equals(BROWSER) ? null : Language.of(choice).get().tag();
        Person person = post.session().person();
        Settings before = settings.of(person);
        Notifications notifications = before.notifications();
        if (form.get("notify-when") != null) {
            try {
                notifications = notifications(form, person, before.notifications());
            } catch (Refusal r) {
                return web.refused(HttpStatus.BAD_REQUEST, post.session(), r);
            }
        }
        settings.save(new Settings(person.email(), language, notifications));
        settings.applyLanguage(post.session(), request);
        return ConsoleWeb.redirect("/console/settings?saved=1");
    }

    private Notifications notifications(FormBody form, Person person, Notifications before) {
        When when = switch (form.get("notify-when")) {
            case "immediate" -> When.IMMEDIATE;
            case "digest" -> When.DIGEST;
            default -> throw new Refusal("settings.badWhen");
        };
        String reachValue = Optional.ofNullable(form.get("notify-reach")).orElse("mine");
        Reach reach = switch (reachValue) {
            case "mine" -> Reach.MINE;
            case "team" -> Reach.TEAM;
            default -> throw new Refusal("settings.badReach");
        };
        if (reach == Reach.TEAM && !mayChooseTeam(person)) {
            throw new Refusal("settings.teamNotYours");
        }
        boolean email = checked(form, "notify-email");
        boolean slack = checked(form, "notify-slack");
        String typed = Optional.ofNullable(form.get("slack-webhook")).map(String::strip).orElse("");
        String webhook = before.slackWebhook();
        if (checked(form, "slack-forget")) {
            webhook = null;
            slack = false;
        } else if (!typed.isEmpty()) {
            Optional<SlackWebhooks.Problem> problem = webhooks.problem(typed);
            if (problem.isPresent()) {
                throw new Refusal("settings.slack." + problem.get().name().toLowerCase(Locale.ROOT),
                        String.join(", ", webhooks.prefixes()));
            }
            webhook = typed;
        }
        if (slack && webhook == null) {
            throw new Refusal("settings.slackNeedsWebhook");
        }
        return new Notifications(when, email, slack, webhook, reach);
    }

    /** A lead with a team the service knows may have their team's notices. */
    private boolean mayChooseTeam(Person person) {
        return person.has(Role.LEAD) && !teams.teamOf(person.email()).isEmpty();
    }

    private static boolean checked(FormBody form, String field) {
        String v = form.get(field);
        return v != null && !v.isEmpty();
    }

    /** The webhook as the page shows it: its start up to the host and its last four characters. */
    static String masked(String webhook) {
        int host = webhook.indexOf('/', webhook.indexOf("//") + 2);
        String start = host < 0 ? webhook : webhook.substring(0, host + 1);
        return start + "…" + (webhook.length() > start.length() + 8 ? webhook.substring(webhook.length() - 4) : "");
    }
}
