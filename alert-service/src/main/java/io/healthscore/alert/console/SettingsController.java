package io.healthscore.alert.console;

import io.healthscore.alert.identity.ConsoleSession;
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
import java.util.Optional;

/**
 * A person's own settings ({@code /console/settings}): the console's language, English, Japanese or the browser's.
 * Only one's own: the form names no user, the session does.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SettingsController {

    /** The form's value for "follow the browser". */
    static final String BROWSER = "browser";

    /** The page's model: the saved choice ("browser", "en", "ja") and whether it was just saved. */
    public record Page(Pages.Frame frame, String language, boolean saved) {
    }

    private final ConsoleWeb web;
    private final UserSettings settings;

    public SettingsController(ConsoleWeb web, UserSettings settings) {
        this.web = web;
        this.settings = settings;
    }

    @Get("/settings")
    public HttpResponse<?> show(HttpRequest<?> request, @Nullable @QueryValue String saved) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        Settings mine = settings.of(session.get().person());
        return web.page(HttpStatus.OK, "settings.jte", new Page(web.frame(web.text(session.get()).t("settings.title"),
                session.get()), mine.language() == null ? BROWSER : mine.language(), "1".equals(saved)));
    }

    @Post("/settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> save(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedPost(request, body);
        if (post.refused()) {
            return post.refusal();
        }
        String choice = post.form().get("language");
        if (choice == null || !(choice.equals(BROWSER) || Language.of(choice).isPresent())) {
            return web.error(HttpStatus.BAD_REQUEST, post.session(), "settings.badLanguage");
        }
        String language = choice.equals(BROWSER) ? null : Language.of(choice).get().tag();
        settings.save(new Settings(post.session().person().email(), language));
        settings.applyLanguage(post.session(), request);
        return ConsoleWeb.redirect("/console/settings?saved=1");
    }
}
