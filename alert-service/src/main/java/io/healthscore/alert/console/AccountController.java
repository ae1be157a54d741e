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
            return web.error(HttpStatus.BAD_REQUEST, "Bad request", "An account id is at most 256 printable "
                    + "characters.", session.get());
        }
        Instant olderThan = null;
        if (before != null) {
            try {
                olderThan = before.length() > 40 ? null : Instant.parse(before);
            } catch (DateTimeParseException e) {
                olderThan = null;
            }
            if (olderThan == null) {
                return web.error(HttpStatus.BAD_REQUEST, "Bad request", "before is an instant such as "
                        + "2026-11-30T08:00:00Z.", session.get());
            }
        }
        try {
            AccountView.Model model = overview.read(session.get().person(), id, olderThan);
            String notice = switch (done == null ? "" : done) {
                case "acknowledged" -> "Alert acknowledged.";
                case "noted" -> "Note added; scoring receives it as a CSM touch-point.";
                default -> null;
            };
            String title = model.account().name() == null ? model.account().accountId() : model.account().name();
            return web.page(HttpStatus.OK, "account.jte", new AccountView.Page(web.frame(title, session.get()),
                    model, notice));
        } catch (ApiException e) {
            return web.error(e.status(), e.status().getReason(), e.getMessage(), session.get());
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
            return web.error(HttpStatus.BAD_REQUEST, "Bad request", "An account id is at most 256 printable "
                    + "characters.", post.session());
        }
        String text = post.form().get("body");
        try {
            notes.add(ConsoleAccounts.actor(post.session().person()), id, text);
            return ConsoleWeb.redirect("/console/accounts/" + Pages.segment(id) + "?done=noted#notes-heading");
        } catch (ApiException e) {
            if (e.status() != HttpStatus.BAD_REQUEST) {
                return web.error(e.status(), e.status().getReason(), e.status() == HttpStatus.FORBIDDEN
                        ? "This account belongs to someone else: you can write notes only on your own accounts."
                        : e.getMessage(), post.session());
            }
            try {
                AccountView.Model model = overview.read(post.session().person(), id, null);
                String title = model.account().name() == null ? model.account().accountId() : model.account().name();
                return web.page(HttpStatus.BAD_REQUEST, "account.jte", new AccountView.Page(
                        web.frame(title, post.session()), model, null, "The note was not added: "
                        + e.getMessage() + ".", text == null ? "" : text));
            } catch (ApiException again) {
                return web.error(again.status(), again.status().getReason(), again.getMessage(), post.session());
            }
        }
    }
}
