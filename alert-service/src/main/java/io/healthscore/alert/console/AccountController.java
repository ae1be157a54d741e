package io.healthscore.alert.console;

import io.healthscore.alert.api.AccountNotes;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.identity.ConsoleSession;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An account's page, within the person's scope: 403 for someone else's account, 404 for an unknown one. */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountController {

    private final ConsoleWeb web;
    private final AccountOverview overview;
    private final AccountNotes notes;

    public AccountController(ConsoleWeb web, AccountOverview overview, AccountNotes notes) {
        this.web = web;
        this.overview = overview;
        this.notes = notes;
    }

    @Get("/accounts/{id}")
    public HttpResponse<?> account(HttpRequest<?> request, @PathVariable String id,
                                   @Nullable @QueryValue String done, @Nullable @QueryValue String before) {
        Optional<ConsoleSession> session = web.signedIn(request);
        if (session.isEmpty()) {
            return ConsoleWeb.toSignIn();
        }
        if (!ConsoleWeb.printableId(id)) {
            return web.error(HttpStatus.BAD_REQUEST, session.get(), "account.badId");
        }
        Instant olderThan = null;
        if (before != null) {
            try {
                olderThan = before.length() > 40 ? null : Instant.parse(before);
            } catch (DateTimeParseException e) {
                olderThan = null;
            }
            if (olderThan == null) {
                return web.error(HttpStatus.BAD_REQUEST, session.get(), "account.badBefore");
            }
        }
        try {
            Text text = web.text(session.get());
            AccountView.Model model = overview.read(session.get().person(), id, olderThan, text);
            String notice = switch (done == null ? "" : done) {
                case "acknowledged" -> text.t("notice.acknowledged");
                case "noted" -> text.t("notice.noted");
                default -> null;
            };
            String title = model.account().name() == null ? model.account().accountId() : model.account().name();
            return web.page(HttpStatus.OK, "account.jte", new AccountView.Page(web.frame(title, session.get()),
                    model, notice));
        } catch (ApiException e) {
            return accountRefused(e, session.get());
        }
    }

    /**
     * Adds a note (the form's {@code body}, at most {@link AccountNotes#MAX_CHARS} characters) and the touch-point
     * it means for scoring; a refused note shows the page again with the reason and the text kept (a form that is
     * not one, such as control characters in the text, is the plain 400 page).
     */
    @Post("/accounts/{id}/notes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> addNote(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedTextPost(request, body, "body", AccountNotes.MAX_CHARS);
        if (post.refused()) {
            return post.refusal();
        }
        if (!ConsoleWeb.printableId(id)) {
            return web.error(HttpStatus.BAD_REQUEST, post.session(), "account.badId");
        }
        String text = post.form().get("body");
        try {
            notes.add(ConsoleAccounts.actor(post.session().person()), id, text);
            return ConsoleWeb.redirect("/console/accounts/" + Pages.segment(id) + "?done=noted#notes-heading");
        } catch (ApiException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                return web.error(e.status(), post.session(), "note.forbidden");
            }
            if (e.status() != HttpStatus.BAD_REQUEST) {
                return accountRefused(e, post.session());
            }
            Text words = web.text(post.session());
            try {
                AccountView.Model model = overview.read(post.session().person(), id, null, words);
                String title = model.account().name() == null ? model.account().accountId() : model.account().name();
                // The form itself refuses notes too long or with control characters; what is left is an empty one
                // (the API's own words for anything else).
                String why = text == null || text.isBlank() ? words.t("note.empty")
                        : words.t("note.refused", e.getMessage());
                return web.page(HttpStatus.BAD_REQUEST, "account.jte", new AccountView.Page(
                        web.frame(title, post.session()), model, null, why, text == null ? "" : text));
            } catch (ApiException again) {
                return accountRefused(again, post.session());
            }
        }
    }

    /** The account API's refusal in the console's words. */
    private HttpResponse<?> accountRefused(ApiException e, ConsoleSession session) {
        return switch (e.status()) {
            case FORBIDDEN -> web.error(e.status(), session, "account.forbidden");
            case NOT_FOUND -> web.error(e.status(), session, "account.notFound");
            default -> web.error(e.status(), session, "error.api", e.getMessage());
        };
    }
}
